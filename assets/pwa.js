/* POC Tracker in the browser: service worker, install prompt, offline banner, offline copies of POCs.
 *
 * Loaded in the <head> of every page of the app and by /offline.html; exposes window.pocPwa.
 * Offline copies: the POCs the user opened and their favourites, as JSON in Cache Storage
 * ("poc-tracker-data-v1"), fetched with the signed-in user's access token in ONE request per refresh
 * (POST /api/v1/offline/sync), which backs off when the server answers 429 or 503. The Reflex app
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
  const REFRESH_EVERY_MS = 5 * 60 * 1000;
  const FAVOURITES_EVERY_MS = 60 * 1000;
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

  const BUSY = new Set([429, 503]);  // the server asks to come back later (Retry-After)
  const MAX_BACKOFF_MS = 10 * 60 * 1000;
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  // One POST; a busy server gets one retry after its Retry-After (at most 5 s, with jitter), then the error
  // goes up and the next refresh waits (index.retryAt, doubling up to 10 minutes).
  async function post(path, token, body, tries = 2) {
    const res = await fetch(path, {method: "POST", cache: "no-store", body: JSON.stringify(body),
      headers: {Authorization: `Bearer ${token}`, Accept: "application/json", "Content-Type": "application/json"}});
    if (BUSY.has(res.status) && tries > 1) {
      const wait = Math.min(5, Number(res.headers.get("Retry-After")) || 1);
      await sleep(wait * 1000 * (0.5 + Math.random()));
      return post(path, token, body, tries - 1);
    }
    if (!res.ok) {
      const err = new Error(`${path}: HTTP ${res.status}`);
      err.status = res.status;
      err.retryAfter = Number(res.headers.get("Retry-After")) || 0;
      throw err;
    }
    return res.json();
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

  function recentIds(index) {
    return Object.values(index.entries).filter((e) => !e.favorite)
      .sort((a, b) => b.openedAt - a.openedAt).slice(0, MAX_REFRESH).map((e) => e.id);
  }

  // Everything in ONE request (POST /api/v1/offline/sync): the favourites when asked, the POCs opened now
  // or lately, each with its text files unless the device already holds that very version.
  async function sync(cache, index, token, {opened = [], recent = false, favourites = false} = {}) {
    const ids = [...new Set([...opened, ...(recent ? recentIds(index) : [])])];
    if (!ids.length && !favourites) return;
    const known = {};
    for (const e of Object.values(index.entries)) if (e.updatedAt) known[e.id] = e.updatedAt;
    let bundle;
    try {
      bundle = await post("/api/v1/offline/sync", token, {opened: ids, known, maxBytes: index.maxBytes, favorites: favourites});
    } catch (err) {
      if (BUSY.has(err.status)) {  // back off: later refreshes wait, longer each time the server is still busy
        index.backoffMs = Math.min(MAX_BACKOFF_MS, Math.max(err.retryAfter * 1000, 2 * (index.backoffMs || 15000)));
        index.retryAt = Date.now() + index.backoffMs;
      }
      throw err;
    }
    index.backoffMs = 0;
    index.retryAt = 0;
    const starred = new Set(bundle.favorites);
    if (favourites) for (const e of Object.values(index.entries)) e.favorite = starred.has(e.id);
    const now = new Set(opened);
    for (const item of bundle.pocs) {
      const id = item.poc.id;
      let files = item.files;
      if (files === null) files = ((await readJson(cache, pocKey(id))) || {}).files || [];
      await put(cache, index, {poc: item.poc, files, savedAt: Date.now()},
        {opened: now.has(id), favorite: favourites ? starred.has(id) : undefined});
    }
    for (const id of bundle.gone) await drop(cache, index, id);  // deleted, or no longer visible to this user
    if (favourites) index.favouritesAt = Date.now();
    if (recent) index.refreshedAt = Date.now();
  }

  function savePoc(id, token) {
    return withStore(token, (cache, index) => sync(cache, index, token, {opened: [id]}));
  }

  // Favourites at most every FAVOURITES_EVERY_MS, the recently opened every REFRESH_EVERY_MS, the POC on
  // screen each time: all in the same single request. Back online, everything at once.
  function refresh(token, {all = false, opened = []} = {}) {
    return withStore(token, async (cache, index) => {
      if (!all && index.retryAt && Date.now() < index.retryAt) return;  // the server asked us to wait
      const favourites = all || Date.now() - (index.favouritesAt || 0) > FAVOURITES_EVERY_MS;
      const recent = all || Date.now() - (index.refreshedAt || 0) > REFRESH_EVERY_MS;
      await sync(cache, index, token, {opened, recent, favourites});
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
    await refresh(usable, {all: pendingRefresh, opened: match ? [match[1]] : []})
      .catch((e) => console.debug("pocPwa: refresh", e));
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

  // The worker's install (its script, then the app shell it precaches) competed with the page's own first load
  // for the phone's CPU and the connection: it registers once the page has loaded and the browser is idle.
  function registerWorker() {
    navigator.serviceWorker.register("/sw.js").catch((e) => console.warn("pocPwa: service worker", e));
  }
  if ("serviceWorker" in navigator) {
    const whenIdle = () => (window.requestIdleCallback
      ? window.requestIdleCallback(registerWorker, {timeout: AFTER_PAGE_MS}) : setTimeout(registerWorker, 0));
    if (document.readyState === "complete") whenIdle();
    else window.addEventListener("load", () => setTimeout(whenIdle, AFTER_PAGE_MS), {once: true});
  }

  window.pocPwa = {signedIn, savePoc, refreshAll, list, load, clear, install, tr, locale, usableToken,
    POC_PATH};
})();
