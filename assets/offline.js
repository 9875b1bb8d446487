/* The offline viewer (/offline.html): the POCs saved on this device, and one of them, read from Cache Storage.
 *
 * The service worker answers any page load without network with this page, at the URL asked for:
 * /pocs/<id> shows that POC, any other path the list. Inside the viewer, #poc=<id> shows a POC.
 * Everything is rendered with textContent (no HTML from the data).
 */
(function () {
  "use strict";
  const pwa = window.pocPwa;
  const tr = pwa.tr;
  const main = document.getElementById("offline-main");
  const STATUS = {idea: "Ideia", in_progress: "Em andamento", done: "Concluída", archived: "Arquivada"};
  const DECISION = {go: "Seguir", no_go: "Não seguir", pivot: "Pivotar", pending: "Pendente"};
  const EMPTY_HINT = "Abra uma POC com conexão e ela ficará disponível aqui, mesmo offline. Suas favoritas também.";

  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (key === "text") node.textContent = value;
      else node.setAttribute(key, value);
    }
    for (const child of children) if (child) node.append(child);
    return node;
  }

  function show(...nodes) {
    main.replaceChildren(...nodes.filter(Boolean));
  }

  function intlLocale() {
    return pwa.locale() === "en" ? "en" : "pt-BR";
  }

  function date(value) {
    const d = new Date(value);
    if (Number.isNaN(d.getTime())) return "";
    return new Intl.DateTimeFormat(intlLocale(), {dateStyle: "medium", timeStyle: "short",
      timeZone: "America/Sao_Paulo"}).format(d);
  }

  function size(bytes) {
    const units = ["B", "kB", "MB", "GB"];
    let value = bytes;
    let unit = 0;
    while (value >= 1000 && unit < units.length - 1) {
      value /= 1000;
      unit += 1;
    }
    return `${new Intl.NumberFormat(intlLocale(), {maximumFractionDigits: 1}).format(value)} ${units[unit]}`;
  }

  function requestedId() {
    const fromHash = /^#poc=([0-9a-f-]{36})$/i.exec(location.hash);
    if (fromHash) return fromHash[1];
    const fromPath = pwa.POC_PATH.exec(location.pathname);
    return fromPath ? fromPath[1] : "";
  }

  function badges(poc) {
    const box = el("div", {class: "badges"});
    if (poc.language) box.append(el("span", {class: "badge", text: poc.language}));
    if (poc.status) box.append(el("span", {class: "badge", text: tr(STATUS[poc.status] || poc.status)}));
    if (poc.decision) box.append(el("span", {class: "badge", text: tr(DECISION[poc.decision] || poc.decision)}));
    if (poc.currentVersion) box.append(el("span", {class: "badge", text: tr("versão {n}", {n: poc.currentVersion})}));
    for (const tag of poc.tags || []) box.append(el("span", {class: "badge", text: `#${tag}`}));
    return box;
  }

  // Markdown as DOM nodes built with textContent: bold, italics, code, links (http/https only), headings,
  // lists and code blocks show as such; any HTML in the text stays text.
  const INLINE = /(\*\*[^*]+\*\*|__[^_]+__|`[^`]+`|\[[^\]]+\]\([^)\s]+\)|\*[^*\s][^*]*\*|_[^_\s][^_]*_)/;

  function inline(text) {
    const nodes = [];
    for (const part of text.split(INLINE)) {
      if (!part) continue;
      const link = /^\[([^\]]+)\]\(([^)\s]+)\)$/.exec(part);
      if (/^(\*\*|__).+\1$/.test(part)) nodes.push(el("strong", {text: part.slice(2, -2)}));
      else if (/^`.+`$/.test(part)) nodes.push(el("code", {text: part.slice(1, -1)}));
      else if (link) nodes.push(/^https?:\/\//i.test(link[2]) ? el("a", {href: link[2], rel: "noopener", text: link[1]})
        : document.createTextNode(link[1]));
      else if (/^([*_]).+\1$/.test(part)) nodes.push(el("em", {text: part.slice(1, -1)}));
      else nodes.push(document.createTextNode(part));
    }
    return nodes;
  }

  function markdown(body) {
    const box = el("div", {class: "prose"});
    let list = null;
    let fence = null;
    for (const line of String(body).split(/\r?\n/)) {
      if (fence) {
        if (/^```/.test(line)) fence = null;
        else fence.textContent += (fence.textContent ? "\n" : "") + line;
        continue;
      }
      const item = /^\s*(?:[-*+]|(\d+)\.)\s+(.*)$/.exec(line);
      const heading = /^(#{1,6})\s+(.*)$/.exec(line);
      if (!item) list = null;
      if (/^```/.test(line)) {
        fence = el("code", {});
        box.append(el("pre", {}, fence));
      } else if (item) {
        if (!list) box.append((list = el(item[1] ? "ol" : "ul", {})));
        list.append(el("li", {}, ...inline(item[2])));
      } else if (heading) box.append(el("h3", {}, ...inline(heading[2])));
      else if (line.trim()) box.append(el("p", {}, ...inline(line.replace(/^>\s?/, ""))));
    }
    return box;
  }
  window.pocOfflineMarkdown = markdown;

  function section(title, body) {
    if (!body) return null;
    return el("div", {}, el("div", {class: "section-title", text: tr(title)}), markdown(body));
  }

  function renderPoc(saved) {
    const poc = saved.poc;
    const links = el("div", {class: "badges"});
    if (poc.repositoryUrl) links.append(el("a", {href: poc.repositoryUrl, rel: "noopener", text: tr("Repositório")}));
    if (poc.demoUrl) links.append(el("a", {href: poc.demoUrl, rel: "noopener", text: tr("Demonstração")}));
    const files = (saved.files || []).map((f) => el("details", {},
      el("summary", {text: f.path}), el("pre", {}, el("code", {text: f.text}))));
    document.title = `${poc.name} · POC Tracker`;
    document.getElementById("open-app").setAttribute("href", `/pocs/${poc.id}`);
    show(
      el("p", {}, el("a", {href: "/offline.html", id: "back-to-list", text: `← ${tr("Voltar à lista")}`})),
      el("h1", {id: "offline-poc-name", text: poc.name}),
      badges(poc),
      el("div", {class: "muted", text: tr("Por {owner} · atualizada em {date}", {owner: poc.ownerName || "—",
        date: date(poc.updatedAt)})}),
      el("div", {class: "muted", text: tr("Salva em {date}", {date: date(saved.savedAt)})}),
      links.childElementCount ? links : null,
      el("div", {class: "card"}, section("Descrição", poc.description) || el("span", {class: "muted", text: "—"})),
      el("div", {class: "card"}, el("h2", {text: tr("O experimento")}), section("Hipótese", poc.hypothesis),
        section("Critérios de sucesso", poc.successCriteria), section("Resultado", poc.result),
        section("Aprendizados", poc.learnings)),
      files.length ? el("div", {class: "card", id: "offline-files"}, el("h2", {text: tr("Arquivos")}), ...files) : null,
    );
  }

  function renderList(saved, note) {
    document.title = "POC Tracker";
    document.getElementById("open-app").setAttribute("href", "/");
    const items = saved.entries.map((e) => el("a", {class: "card offline-item", href: `#poc=${e.id}`},
      el("strong", {text: e.name}),
      el("div", {class: "badges"}, e.favorite ? el("span", {class: "badge", text: `★ ${tr("Favorita")}`}) : null,
        e.language ? el("span", {class: "badge", text: e.language}) : null,
        e.status ? el("span", {class: "badge", text: tr(STATUS[e.status] || e.status)}) : null),
      el("div", {class: "muted", text: tr("Salva em {date}", {date: date(e.savedAt)})})));
    const count = saved.entries.length;
    show(
      note ? el("p", {class: "muted", text: note}) : null,
      el("h1", {text: tr("POCs salvas neste aparelho")}),
      el("div", {class: "muted", id: "offline-count",
        text: tr(count === 1 ? "1 POC · {size}" : "{count} POCs · {size}", {count, size: size(saved.bytes)})}),
      ...(items.length ? items : [el("div", {class: "card"}, el("strong", {text: tr("Nenhuma POC salva ainda")}),
        el("p", {class: "muted", text: tr(EMPTY_HINT)}))]),
    );
  }

  async function render() {
    for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = tr(node.getAttribute("data-i18n"));
    const id = requestedId();
    const saved = id ? await pwa.load(id) : null;
    if (saved) {
      renderPoc(saved);
      return;
    }
    const onOtherPage = !["/offline.html", "/"].includes(location.pathname);
    const note = id ? tr("Esta POC não foi salva neste aparelho.")
      : (onOtherPage && !navigator.onLine ? tr("Esta página precisa de conexão. Veja as POCs salvas neste aparelho.")
        : "");
    renderList(await pwa.list(), note);
  }

  window.addEventListener("hashchange", render);
  window.addEventListener("pwa:changed", render);
  // Back online, /pwa.js refreshes the saved copies (with the stored token while it is good); "pwa:changed"
  // then renders them again.
  render();
})();
