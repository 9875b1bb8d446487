/* POC Tracker in the browser: service worker, install prompt, offline banner, offline copies of POCs.
 *
 * Loaded in the <head> of every page of the app and by /offline.html; exposes window.pocPwa.
 * Offline copies: the POCs the user opened and their favourites, as JSON in Cache Storage
 * ("poc-tracker-data-v1"), fetched from the REST API with the signed-in user's access token. The Reflex app
 * calls pocPwa.signedIn(token) after each page load of a signed-in user (a fresh token) and pocPwa.clear() on
 * sign-out. At most maxBytes are kept (setting POC_TRACKER_OFFLINE_MAX_BYTES, given in
 * <meta name="poc-tracker-offline-max-bytes">); the least recently opened non-favourites go first.
 * Strings: the Portuguese text is the message id; English is in MESSAGES_EN.
 */
(function () {
  "use strict";
  if (window.pocPwa) return;

  const DATA_CACHE = "poc-tracker-data-v1";
  const INDEX_KEY = "/__offline__/index.json";
  const pocKey = (id) => `/__offline__/pocs/${id}.json`;
  const POC_PATH = /^\/pocs\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/?$/i;
  const DEFAULT_MAX_BYTES = 25 * 1024 * 1024;
  const MAX_ENTRIES = 200;
  const MAX_REFRESH = 30;
  const MAX_FILES_PER_POC = 30;
  const MAX_TEXT_FILE_BYTES = 256 * 1024;
  const REFRESH_EVERY_MS = 5 * 60 * 1000;
  const FAVOURITES_EVERY_MS = 60 * 1000;
  const TEXT_MIME = /^text\/|json|xml|javascript|typescript|yaml|toml|x-sh|sql|markdown/;
  const NEEDS_NETWORK = "#app-content :is(button, input, textarea, select, [role=combobox], [role=checkbox], " +
    "[role=radio], [role=switch]), .needs-network";

  const MESSAGES_EN = {
    "Você está offline — mostrando o que foi salvo neste aparelho.":
      "You are offline — showing what was saved on this device.",
    "Esta ação precisa de conexão com a internet.": "This action needs an internet connection.",
    "Você está online.": "You are online.",
    "Abrir no app": "Open in the app",
    "POCs salvas neste aparelho": "POCs saved on this device",
    "{count} POCs · {size}": "{count} POCs · {size}",
    "1 POC · {size}": "1 POC · {size}",
    "Nenhuma POC salva ainda": "No POC saved yet",
    "Abra uma POC com conexão e ela ficará disponível aqui, mesmo offline. Suas favoritas também.":
      "Open a POC while online and it will be available here, even offline. Your favourites too.",
    "Esta página precisa de conexão. Veja as POCs salvas neste aparelho.":
      "This page needs a connection. Here are the POCs saved on this device.",
    "Esta POC não foi salva neste aparelho.": "This POC was not saved on this device.",
    "Voltar à lista": "Back to the list",
    "Salva em {date}": "Saved on {date}",
    "Favorita": "Favourite",
    "Por {owner} · atualizada em {date}": "By {owner} · updated on {date}",
    "versão {n}": "version {n}",
    "Descrição": "Description",
    "O experimento": "The experiment",
    "Hipótese": "Hypothesis",
    "Critérios de sucesso": "Success criteria",
    "Resultado": "Result",
    "Aprendizados": "Learnings",
    "Repositório": "Repository",
    "Demonstração": "Demo",
    "Arquivos": "Files",
    "Ideia": "Idea",
    "Em andamento": "In progress",
    "Concluída": "Done",
    "Arquivada": "Archived",
    "Seguir": "Go",
    "Não seguir": "No go",
    "Pivotar": "Pivot",
    "Pendente": "Pending",
  };

  const root = document.documentElement;

  function locale() {
    try {
      return localStorage.getItem("poc_tracker_locale") === "en" ? "en" : "pt_BR";
    } catch (e) {
      return "pt_BR";
    }
  }

  function tr(id, params) {
    let text = locale() === "en" ? (MESSAGES_EN[id] || id) : id;
    for (const [key, value] of Object.entries(params || {})) text = text.replace(`{${key}}`, String(value));
    return text;
  }

  // --- Tokens: the one the app handed over, else the stored one, while not expired -------------------------
  let handedToken = "";
  let pendingRefresh = false;

  function storedToken() {
    try {
      return localStorage.getItem("poc_tracker_access") || "";
    } catch (e) {
      return "";
    }
  }

  function claims(token) {
    try {
      return JSON.parse(atob(token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/")));
    } catch (e) {
      return null;
    }
  }

  function usableToken() {
    return [handedToken, storedToken()].find((t) => {
      const c = t && claims(t);
      return c && c.exp * 1000 > Date.now() + 10000;
    }) || "";
  }

  // --- Store: Cache Storage, one JSON per POC and an index; writes one at a time ----------------------------
  let queue = Promise.resolve();

  function serial(task) {
    const run = queue.then(task, task);
    queue = run.catch(() => undefined);
    return run;
  }

  function jsonResponse(value) {
    const body = JSON.stringify(value);
    return {response: new Response(body, {headers: {"Content-Type": "application/json"}}), bytes: new Blob([body]).size};
  }

  async function readJson(cache, key) {
    const hit = await cache.match(key);
    return hit ? hit.json() : null;
  }

  function emptyIndex() {
    return {user: "", maxBytes: DEFAULT_MAX_BYTES, refreshedAt: 0, favouritesAt: 0, entries: {}};
  }

  function configuredMaxBytes() {
    const meta = document.querySelector('meta[name="poc-tracker-offline-max-bytes"]');
    const value = meta ? parseInt(meta.content, 10) : NaN;
    return value > 0 ? value : 0;
  }

  async function openStore(token) {
    let cache = await caches.open(DATA_CACHE);
    let index = (await readJson(cache, INDEX_KEY)) || emptyIndex();
    const user = (claims(token) || {}).sub || "";
    if (index.user && user && index.user !== user) {  // someone else signed in on this device
      await caches.delete(DATA_CACHE);
      cache = await caches.open(DATA_CACHE);
      index = emptyIndex();
    }
    index.user = user || index.user;
    index.maxBytes = configuredMaxBytes() || index.maxBytes || DEFAULT_MAX_BYTES;
    return {cache, index};
  }

  const BUSY = new Set([429, 503]);  // the server asks to come back shortly (Retry-After)
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  async function api(path, token, tries = 4) {
    const res = await fetch(path, {headers: {Authorization: `Bearer ${token}`, Accept: "application/json"},
      cache: "no-store"});
    if (BUSY.has(res.status) && tries > 1) {
      const wait = Math.min(5, Number(res.headers.get("Retry-After")) || 1);
      await sleep(wait * 1000 * (0.5 + Math.random()));
      return api(path, token, tries - 1);
    }
    if (!res.ok) {
      const err = new Error(`${path}: HTTP ${res.status}`);
      err.status = res.status;
      throw err;
    }
    return res.json();
  }

  async function textFiles(poc, token, budget) {
    if (!poc.fileCount) return [];
    let listing;
    try {
      listing = await api(`/api/v1/pocs/${poc.id}/files`, token);
    } catch (err) {
      if (err.status === 401 || err.status === 429) throw err;
      return [];  // no files API on this server, or no access
    }
    const out = [];
    let used = 0;
    for (const f of listing.data || []) {
      if (out.length >= MAX_FILES_PER_POC) break;
      const texty = TEXT_MIME.test(f.mimeType || "") || Boolean(f.language);
      if (!texty || f.size > MAX_TEXT_FILE_BYTES || used + f.size > budget) continue;
      try {
        const c = await api(`/api/v1/pocs/${poc.id}/files/${f.id}/content`, token);
        out.push({id: c.id, path: c.path, language: c.language, size: c.size, text: c.text});
        used += c.size;
      } catch (err) {
        if (err.status === 401 || err.status === 429) throw err;
      }
    }
    return out;
  }

  async function record(cache, index, poc, token) {
    const before = index.entries[poc.id];
    if (before && before.updatedAt === poc.updatedAt) {  // unchanged: keep the files already saved
      const old = await readJson(cache, pocKey(poc.id));
      if (old) return {poc, files: old.files || [], savedAt: Date.now()};
    }
    return {poc, files: await textFiles(poc, token, index.maxBytes / 4), savedAt: Date.now()};
  }

  function writeIndex(cache, index) {
    return cache.put(INDEX_KEY, jsonResponse(index).response);
  }

  // The index is written after every change, so a page that goes away mid-refresh leaves it consistent.
  async function put(cache, index, rec, {opened = false, favorite} = {}) {
    const {response, bytes} = jsonResponse(rec);
    const id = rec.poc.id;
    const old = index.entries[id] || {};
    await cache.put(pocKey(id), response);
    index.entries[id] = {
      id, name: rec.poc.name, language: rec.poc.language, status: rec.poc.status, updatedAt: rec.poc.updatedAt,
      bytes, files: rec.files.length, savedAt: rec.savedAt, openedAt: opened ? Date.now() : (old.openedAt || 0),
      favorite: favorite === undefined ? Boolean(old.favorite) : favorite,
    };
    await writeIndex(cache, index);
  }

  async function drop(cache, index, id) {
    delete index.entries[id];
    await writeIndex(cache, index);
    await cache.delete(pocKey(id));
  }

  async function enforceBudget(cache, index) {
    const entries = Object.values(index.entries).sort((a, b) =>
      (a.favorite - b.favorite) || ((a.openedAt || a.savedAt) - (b.openedAt || b.savedAt)));
    let total = entries.reduce((sum, e) => sum + e.bytes, 0);
    let count = entries.length;
    for (const e of entries) {
      if (total <= index.maxBytes && count <= MAX_ENTRIES) break;
      await drop(cache, index, e.id);
      total -= e.bytes;
      count -= 1;
    }
  }

  function changed() {
    window.dispatchEvent(new CustomEvent("pwa:changed"));
  }

  function withStore(token, work) {
    return serial(async () => {
      const {cache, index} = await openStore(token);
      try {
        await work(cache, index);
      } finally {
        await enforceBudget(cache, index);
        await writeIndex(cache, index);
        changed();
      }
    });
  }

  function savePoc(id, token) {
    return withStore(token, async (cache, index) => {
      try {
        const poc = await api(`/api/v1/pocs/${id}`, token);
        await put(cache, index, await record(cache, index, poc, token), {opened: true});
      } catch (err) {
        if (err.status === 404) await drop(cache, index, id);  // deleted, or no longer visible to this user
        else throw err;
      }
    });
  }

  async function saveFavourites(cache, index, token) {
    const favs = await api("/api/v1/favorites?limit=100", token);
    const starred = new Set(favs.data.map((p) => p.id));
    for (const e of Object.values(index.entries)) e.favorite = starred.has(e.id);
    for (const poc of favs.data) await put(cache, index, await record(cache, index, poc, token), {favorite: true});
  }

  async function saveRecent(cache, index, token) {
    const recent = Object.values(index.entries).filter((e) => !e.favorite)
      .sort((a, b) => b.openedAt - a.openedAt).slice(0, MAX_REFRESH);
    for (const e of recent) {
      try {
        const poc = await api(`/api/v1/pocs/${e.id}`, token);
        await put(cache, index, await record(cache, index, poc, token));
      } catch (err) {
        if (err.status === 404) await drop(cache, index, e.id);
        else throw err;
      }
    }
    index.refreshedAt = Date.now();
  }

  // Favourites come in one request (full records, so not on every page load: at most every
  // FAVOURITES_EVERY_MS); the recently opened ones take a request each, every REFRESH_EVERY_MS. Back online,
  // both at once.
  function refresh(token, {all = false} = {}) {
    return withStore(token, async (cache, index) => {
      if (all || Date.now() - (index.favouritesAt || 0) > FAVOURITES_EVERY_MS) {
        await saveFavourites(cache, index, token);
        index.favouritesAt = Date.now();
      }
      if (all || Date.now() - (index.refreshedAt || 0) > REFRESH_EVERY_MS) await saveRecent(cache, index, token);
    });
  }

  function refreshAll(token) {
    return refresh(token, {all: true});
  }

  async function list() {
    if (!("caches" in window)) return {entries: [], bytes: 0};
    const index = (await readJson(await caches.open(DATA_CACHE), INDEX_KEY)) || emptyIndex();
    const entries = Object.values(index.entries).sort((a, b) =>
      (b.favorite - a.favorite) || ((b.openedAt || b.savedAt) - (a.openedAt || a.savedAt)));
    return {entries, bytes: entries.reduce((sum, e) => sum + e.bytes, 0), maxBytes: index.maxBytes};
  }

  async function load(id) {
    if (!("caches" in window)) return null;
    return readJson(await caches.open(DATA_CACHE), pocKey(id));
  }

  function clear() {
    handedToken = "";
    return serial(() => ("caches" in window ? caches.delete(DATA_CACHE) : false)).then(changed);
  }

  // --- What the Reflex app calls ------------------------------------------------------------------------
  // Offline copies are not what the user waits for: they start once the page has had time to load its own
  // data (their requests used to race the page's on_load on the same server), in an idle moment.
  const AFTER_PAGE_MS = 1500;
  const afterPage = () => new Promise((resolve) => setTimeout(() => (window.requestIdleCallback
    ? window.requestIdleCallback(() => resolve(), {timeout: 2000}) : resolve()), AFTER_PAGE_MS));

  async function signedIn(token) {
    if (token) handedToken = token;
    const match = POC_PATH.exec(location.pathname);  // the page that was opened, not the one shown later
    await afterPage();
    const usable = usableToken();
    if (!usable || !("caches" in window) || !navigator.onLine) return;
    if (match) await savePoc(match[1], usable).catch((e) => console.debug("pocPwa: save", e));
    await refresh(usable, {all: pendingRefresh}).catch((e) => console.debug("pocPwa: refresh", e));
    pendingRefresh = false;
  }

  function backOnline() {
    const token = usableToken();
    if (token) {
      refreshAll(token).catch((e) => console.debug("pocPwa: refresh", e));
      return;
    }
    pendingRefresh = true;  // the app hands over a fresh token (SessionState.sync_offline), then we refresh
    const trigger = document.getElementById("pwa-sync-trigger");
    if (trigger) trigger.click();
  }

  // --- Offline: banner (CSS on html[data-offline]), controls that need the network, full-page links ---------
  function markControls(offline) {
    if (offline) {
      for (const el of document.querySelectorAll(NEEDS_NETWORK)) {
        if (el.hasAttribute("data-pwa-disabled")) continue;
        el.setAttribute("data-pwa-disabled", el.getAttribute("title") || "");
        el.setAttribute("aria-disabled", "true");
        el.setAttribute("title", tr("Esta ação precisa de conexão com a internet."));
      }
      return;
    }
    for (const el of document.querySelectorAll("[data-pwa-disabled]")) {
      const title = el.getAttribute("data-pwa-disabled");
      if (title) el.setAttribute("title", title); else el.removeAttribute("title");
      el.removeAttribute("aria-disabled");
      el.removeAttribute("data-pwa-disabled");
    }
  }

  function showConnectivity() {
    const offline = !navigator.onLine;
    root.toggleAttribute("data-offline", offline);
    markControls(offline);
  }

  function nudgeBanner() {
    const banner = document.getElementById("offline-banner");
    if (banner && banner.animate) banner.animate([{transform: "translateX(0)"}, {transform: "translateX(-6px)"},
      {transform: "translateX(6px)"}, {transform: "translateX(0)"}], {duration: 240});
  }

  document.addEventListener("click", (event) => {
    if (navigator.onLine || !(event.target instanceof Element)) return;
    const el = event.target.closest(`a[href], ${NEEDS_NETWORK}`);
    if (!el) return;
    const buttonLink = el.matches("a[href]") && el.closest("#app-content") && el.querySelector("button");
    if (el.matches("a[href]") && !buttonLink) {  // reading: go on, the offline viewer answers
      const url = new URL(el.href, location.href);
      if (url.origin !== location.origin || el.target === "_blank" || url.pathname === location.pathname) return;
      event.preventDefault();
      event.stopPropagation();
      location.assign(url.href);  // a full page load, which the service worker answers with the offline viewer
      return;
    }
    event.preventDefault();
    event.stopPropagation();
    nudgeBanner();
  }, true);

  document.addEventListener("submit", (event) => {
    if (navigator.onLine) return;
    event.preventDefault();
    event.stopPropagation();
    nudgeBanner();
  }, true);

  document.addEventListener("keydown", (event) => {
    if (navigator.onLine || !(event.target instanceof Element) || !event.target.matches(NEEDS_NETWORK)) return;
    if (["Enter", " ", "ArrowDown", "ArrowUp"].includes(event.key) && !event.target.matches("input, textarea")) {
      event.preventDefault();
      event.stopPropagation();
    }
  }, true);

  window.addEventListener("offline", showConnectivity);
  window.addEventListener("online", () => {
    showConnectivity();
    backOnline();
  });
  showConnectivity();
  document.addEventListener("DOMContentLoaded", showConnectivity);

  // --- Install prompt: html[data-can-install] shows the "Instalar app" buttons ------------------------------
  let installPrompt = null;
  window.addEventListener("beforeinstallprompt", (event) => {
    event.preventDefault();
    installPrompt = event;
    root.setAttribute("data-can-install", "");
  });
  window.addEventListener("appinstalled", () => {
    installPrompt = null;
    root.removeAttribute("data-can-install");
  });

  async function install() {
    if (!installPrompt) return false;
    const prompt = installPrompt;
    installPrompt = null;
    root.removeAttribute("data-can-install");
    await prompt.prompt();
    const choice = await prompt.userChoice;
    return choice.outcome === "accepted";
  }

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js").catch((e) => console.warn("pocPwa: service worker", e));
  }

  window.pocPwa = {signedIn, savePoc, refreshAll, list, load, clear, install, tr, locale, usableToken,
    POC_PATH};
})();
