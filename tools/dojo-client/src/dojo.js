// Browser side of a live Dojo: Yjs document bound to CodeMirror 6 over /api/v1/ws/dojos/{id},
// awareness (remote cursors, presence), chat, roster, rotation timer, screen share (WebRTC),
// and the replay of the event log. Strings come translated from the page (labels).
import * as Y from "yjs";
import * as syncProtocol from "y-protocols/sync";
import * as awarenessProtocol from "y-protocols/awareness";
import * as encoding from "lib0/encoding";
import * as decoding from "lib0/decoding";
import { yCollab } from "y-codemirror.next";
import { basicSetup, EditorView } from "codemirror";
import { EditorState, Compartment } from "@codemirror/state";
import { python } from "@codemirror/lang-python";
import { javascript } from "@codemirror/lang-javascript";
import { java } from "@codemirror/lang-java";
import { rust } from "@codemirror/lang-rust";
import { cpp } from "@codemirror/lang-cpp";
import { go } from "@codemirror/lang-go";

const MSG_SYNC = 0, MSG_AWARENESS = 1;
const LANGS = { python, javascript, typescript: () => javascript({ typescript: true }), java, rust, cpp, go };
const $ = (id) => document.getElementById(id);
const token = () => localStorage.getItem("poc_tracker_access") || "";
const CODE_ROLES = ["pilot", "copilot"];
let current = null;

function languageExt(name) { const f = LANGS[name]; return f ? f() : []; }

function waitFor(id) {
  return new Promise((resolve) => {
    const tick = () => ($(id) ? resolve($(id)) : requestAnimationFrame(tick));
    tick();
  });
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "style") node.style.cssText = v; else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v);
  }
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
}

class DojoClient {
  constructor(opts) {
    this.opts = opts; this.L = opts.labels || {};
    this.doc = new Y.Doc(); this.ytext = this.doc.getText("code");
    this.awareness = new awarenessProtocol.Awareness(this.doc);
    this.readOnly = new Compartment(); this.canEdit = false;
    this.state = null; this.me = null; this.chat = []; this.closed = false; this.retries = 0;
    this.token = ""; this.tokenWaiters = []; this.authRetried = false; this.closeMessage = "";
    this.peers = new Map(); this.stream = null; this.follow = false; this.lastInput = Date.now();
    this.doc.on("update", (update, origin) => {
      if (origin === this || !this.ws || this.ws.readyState !== 1) return;
      const enc = encoding.createEncoder();
      encoding.writeVarUint(enc, MSG_SYNC); syncProtocol.writeUpdate(enc, update);
      this.ws.send(encoding.toUint8Array(enc));
    });
    this.awareness.on("update", ({ added, updated, removed }, origin) => {
      this.renderRoster();
      if (origin === "remote" || !this.ws || this.ws.readyState !== 1) return;
      const changed = added.concat(updated, removed);
      this.sendAwareness(changed);
    });
  }

  mount() {
    const parent = $("dojo-editor"); parent.innerHTML = "";
    this.view = new EditorView({
      parent,
      state: EditorState.create({
        doc: this.ytext.toString(),
        extensions: [basicSetup, languageExt(this.opts.language), this.readOnly.of(EditorState.readOnly.of(true)),
          EditorView.editable.of(true), yCollab(this.ytext, this.awareness),
          EditorView.contentAttributes.of({ "aria-label": this.L.editor || "Editor" }),
          EditorView.updateListener.of((u) => { if (u.docChanged || u.selectionSet) this.lastInput = Date.now(); })],
      }),
    });
    window.__dojoView = this.view;
    this.bindControls(); this.connect();
    this.timer = setInterval(() => this.tick(), 1000);
  }

  connect() {
    const proto = location.protocol === "https:" ? "wss" : "ws";
    const ws = new WebSocket(`${proto}://${location.host}/api/v1/ws/dojos/${this.opts.dojoId}?token=${encodeURIComponent(this.token || token())}`);
    ws.binaryType = "arraybuffer"; this.ws = ws;
    this.setStatus("connecting");
    ws.onopen = () => {
      this.retries = 0; this.authRetried = false; this.closeMessage = ""; this.setStatus("online");
      const enc = encoding.createEncoder();
      encoding.writeVarUint(enc, MSG_SYNC); syncProtocol.writeSyncStep1(enc, this.doc);
      ws.send(encoding.toUint8Array(enc));
      if (this.awareness.getLocalState()) this.sendAwareness([this.doc.clientID]);
    };
    ws.onmessage = (ev) => (typeof ev.data === "string" ? this.onJson(JSON.parse(ev.data)) : this.onBinary(new Uint8Array(ev.data)));
    ws.onclose = (ev) => {
      this.setStatus("offline");
      if (ev.code === 4401 && !this.closed && !this.authRetried) {
        // the token expired (or was refused): once, ask the app for a fresh one and come back
        this.authRetried = true; this.freshToken().then(() => { if (!this.closed) this.connect(); });
        return;
      }
      if (ev.code === 4404 || ev.code === 4403 || ev.code === 4401) { this.fatal(ev.code); return; }
      if (!this.closed) setTimeout(() => this.connect(), Math.min(5000, 300 * 2 ** this.retries++));
    };
  }

  // A fresh access token from the app: the page's hidden #dojo-renew-token button asks the server side of the
  // app, which answers through tokenFromApp(); the stored token is the fallback.
  freshToken() {
    return new Promise((resolve) => {
      const done = (t) => { clearTimeout(timer); this.token = t || token(); resolve(this.token); };
      const timer = setTimeout(() => { this.tokenWaiters = this.tokenWaiters.filter((w) => w !== done); done(""); }, 10000);
      this.tokenWaiters.push(done);
      const trigger = $("dojo-renew-token");
      if (trigger) trigger.click(); else { clearTimeout(timer); done(""); }
    });
  }

  tokenFromApp(t) { const waiters = this.tokenWaiters; this.tokenWaiters = []; waiters.forEach((w) => w(t)); }

  async renew() {
    const t = await this.freshToken();
    if (t) this.send({ type: "auth", token: t });
  }

  sendAwareness(clients) {
    const enc = encoding.createEncoder();
    encoding.writeVarUint(enc, MSG_AWARENESS);
    encoding.writeVarUint8Array(enc, awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients));
    this.ws.send(encoding.toUint8Array(enc));
  }

  onBinary(data) {
    const dec = decoding.createDecoder(data);
    const type = decoding.readVarUint(dec);
    if (type === MSG_SYNC) {
      const enc = encoding.createEncoder();
      encoding.writeVarUint(enc, MSG_SYNC);
      syncProtocol.readSyncMessage(dec, enc, this.doc, this);
      if (encoding.length(enc) > 1) this.ws.send(encoding.toUint8Array(enc));
      if (this.follow) this.followPilot();
    } else if (type === MSG_AWARENESS) {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, decoding.readVarUint8Array(dec), "remote");
      if (this.follow) this.followPilot();
    }
  }

  onJson(m) {
    if (m.type === "hello") {
      this.me = m.me; this.chat = m.chat;
      this.awareness.setLocalStateField("user", { name: m.me.name, color: m.me.color, colorLight: m.me.color + "33", id: m.me.userId });
      this.renderChat();
    } else if (m.type === "state") {
      const before = this.state;
      this.state = m; this.deadline = Date.now() + m.secondsLeft * 1000; this.applyPermissions(); this.renderRoster();
      if (before) this.tellWhatChanged(before, m);
    } else if (m.type === "chat" || m.type === "reaction") {
      this.chat.push(m); this.renderChat();
    } else if (m.type === "removed") {
      this.closed = true; this.ws.close(); this.fatal(4403);
    } else if (m.type === "rejected") {
      this.flash(this.L.readonly);
    } else if (m.type === "share" || m.type === "signal") {
      this.onShare(m);
    } else if (m.type === "renew") {
      this.renew();
    } else if (m.type === "me") {
      if (this.me) { this.me.canCode = m.canCode; if (this.state) this.applyPermissions(); }
    } else if (m.type === "renewed") {
      this.renewedIn = m.expiresIn;
    } else if (m.type === "closed") {
      this.closeMessage = m.message || "";  // the server says why before it closes the socket
    } else if (m.type === "error") {
      if (m.code === "cannot_share" && this.stream) this.stopShare();
      this.flash(m.message || this.L.forbidden);
    }
  }

  myRole() {
    if (!this.state || !this.me) return null;
    const r = this.state.roster.find((p) => p.userId === this.me.userId);
    return r ? r.role : null;
  }

  amHost() { return !!(this.state && this.me && this.state.roster.some((p) => p.userId === this.me.userId && p.host)); }

  // Everyone hears what changed: a new turn (who types, who co-pilots) or the end of the Dojo.
  tellWhatChanged(before, now) {
    if (before.status === "live" && now.status !== "live") {
      this.notice(this.L.ended);
      const refresh = $("dojo-refresh"); if (refresh) refresh.click();  // the app shows the Dojo as ended
      return;
    }
    const seat = (s, role) => s.roster.find((p) => p.role === role);
    const id = (p) => (p ? p.userId : "");
    const pilot = seat(now, "pilot"), copilot = seat(now, "copilot");
    if (id(pilot) === id(seat(before, "pilot")) && id(copilot) === id(seat(before, "copilot"))) return;
    if (!pilot) return;
    const text = copilot ? this.L.turn.replace("{pilot}", pilot.name).replace("{copilot}", copilot.name)
      : this.L.turnAlone.replace("{pilot}", pilot.name);
    this.notice(text);
  }

  // A message for everyone: shown above the editor (read out by screen readers) and kept in the chat.
  notice(text) {
    const n = $("dojo-notice"); if (n) { n.textContent = text; n.style.display = "block"; }
    this.chat.push({ type: "system", text, at: new Date().toISOString() }); this.renderChat();
  }

  applyPermissions() {
    const role = this.myRole(), s = this.state;
    const coder = !this.me || this.me.canCode !== false;  // viewers watch and chat, never type
    const host = this.amHost(), live = s.status === "live";
    const can = coder && live && role && (s.editorOpen || CODE_ROLES.includes(role) || (s.format === "kata" && host));
    this.canEdit = !!can;
    this.view.dispatch({ effects: this.readOnly.reconfigure(EditorState.readOnly.of(!can)) });
    const badge = $("dojo-can-edit");
    if (badge) { badge.textContent = can ? this.L.canType : this.L.watching; badge.dataset.canEdit = can ? "yes" : "no"; }
    this.showControls();
  }

  // The controls for who may use them (explicit display values: the page hides them with a class, not inline); the page may render them after the socket's state arrives (tick calls this too).
  showControls() {
    if (!this.state) return;
    const role = this.myRole(), s = this.state, host = this.amHost(), live = s.status === "live";
    const coder = !this.me || this.me.canCode !== false;
    const open = $("dojo-open-editor");
    if (open) { open.style.display = host && live ? "inline-flex" : "none"; open.textContent = s.editorOpen ? this.L.closeEditor : this.L.openEditor; }
    const rotate = $("dojo-rotate");
    if (rotate) rotate.style.display = live && (host || CODE_ROLES.includes(role)) ? "inline-flex" : "none";
    const share = $("dojo-share");
    if (share) share.style.display = (live && coder && (host || CODE_ROLES.includes(role))) || this.stream ? "inline-flex" : "none";
  }

  renderRoster() {
    const box = $("dojo-roster"); if (!box || !this.state) return;
    const online = new Map();
    this.awareness.getStates().forEach((st) => { if (st.user) online.set(st.user.id, st); });
    box.innerHTML = "";
    for (const p of this.state.roster) {
      const st = online.get(p.userId);
      const presence = !st ? this.L.offline : (st.idle ? this.L.idle : this.L.online);
      box.append(el("div", { class: "dojo-person", "data-user": p.userId, "data-role": p.role, style: "display:flex;gap:8px;align-items:center;padding:4px 0" },
        el("span", { style: `width:10px;height:10px;border-radius:50%;background:${st ? p.color : "#bbb"}` }),
        el("strong", {}, p.name), el("span", { class: "dojo-role" }, this.L["role_" + p.role] || p.role),
        p.host ? el("span", { class: "dojo-host", style: "color:var(--gray-11)" }, "· " + this.L.role_host) : "",
        el("small", { style: "color:var(--gray-11)" }, presence)));
    }
  }

  tick() {
    this.showControls();
    const t = $("dojo-timer"); if (!t || !this.state) return;
    const left = Math.round((this.deadline - Date.now()) / 1000);
    const mm = String(Math.floor(Math.abs(left) / 60)).padStart(2, "0"), ss = String(Math.abs(left) % 60).padStart(2, "0");
    t.textContent = (left < 0 ? "-" : "") + `${mm}:${ss}`;
    t.dataset.timeUp = left <= 0 ? "yes" : "no";
    t.style.color = left <= 0 ? "#e5484d" : "";
    const cue = $("dojo-time-up"); if (cue) cue.style.display = left <= 0 && this.state.status === "live" ? "grid" : "none";
    const idle = Date.now() - this.lastInput > 60000;
    const st = this.awareness.getLocalState();
    if (st && !!st.idle !== idle) this.awareness.setLocalStateField("idle", idle);
  }

  renderChat() {
    const box = $("dojo-chat-log"); if (!box) return;
    const reactions = {};
    for (const m of this.chat) if (m.type === "reaction") (reactions[m.to] ||= []).push(m.emoji);
    box.innerHTML = "";
    const myName = this.me ? this.me.name : "";
    for (const m of this.chat.filter((x) => x.type === "chat" || x.type === "system")) {
      if (m.type === "system") {
        box.append(el("div", { class: "dojo-chat-system", style: "padding:2px 0;font-style:italic;color:var(--gray-11)" }, m.text));
        continue;
      }
      const at = new Date(m.at).toLocaleTimeString(document.documentElement.lang || "pt-BR", { hour: "2-digit", minute: "2-digit" });
      const text = el("span", { class: "dojo-chat-text" });
      for (const part of m.text.split(/(@[\p{L}\p{N}_.-]+)/u)) {
        const mention = part.startsWith("@");
        const me = mention && myName && myName.toLowerCase().startsWith(part.slice(1).toLowerCase());
        text.append(mention ? el("mark", { style: me ? "background:#ffe08a" : "background:#e0e7ff" }, part) : part);
      }
      const react = el("button", { class: "dojo-react", title: "👍", style: "border:none;background:none;cursor:pointer",
        onclick: () => this.send({ type: "reaction", to: m.seq, emoji: "👍" }) }, "👍");
      box.append(el("div", { class: "dojo-chat-msg", style: "padding:2px 0" },
        el("small", { style: "color:var(--gray-11)" }, at + " "), el("strong", {}, m.author + ": "), text, " ",
        el("span", { class: "dojo-reactions" }, (reactions[m.seq] || []).join("")), react));
    }
    box.scrollTop = box.scrollHeight;
  }

  send(obj) { if (this.ws && this.ws.readyState === 1) this.ws.send(JSON.stringify(obj)); }

  bindControls() {
    const form = $("dojo-chat-form");
    if (form) form.onsubmit = (e) => {
      e.preventDefault(); const input = $("dojo-chat-input");
      if (input.value.trim()) { this.send({ type: "chat", text: input.value }); input.value = ""; }
    };
    // Delegated: the page renders the round's controls only while the Dojo is live, maybe after this runs.
    this.onDocClick = (e) => {
      const b = e.target.closest && e.target.closest("#dojo-rotate, #dojo-open-editor, #dojo-share");
      if (!b) return;
      if (b.id === "dojo-rotate") this.send({ type: "rotate" });
      else if (b.id === "dojo-open-editor") this.send({ type: "editor", open: !this.state.editorOpen });
      else this.toggleShare();
    };
    document.addEventListener("click", this.onDocClick);
    const follow = $("dojo-follow"); if (follow) follow.onchange = () => { this.follow = follow.checked; this.followPilot(); };
    if (!navigator.mediaDevices || !navigator.mediaDevices.getDisplayMedia || !window.RTCPeerConnection) {
      const b = $("dojo-share"); if (b) b.disabled = true; this.shareNote(this.L.shareUnsupported);
    }
  }

  followPilot() {
    if (!this.state) return;
    const pilot = this.state.roster.find((p) => p.role === "pilot"); if (!pilot) return;
    this.awareness.getStates().forEach((st) => {
      if (st.user && st.user.id === pilot.userId && st.cursor && st.cursor.head) {
        const pos = Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(st.cursor.head), this.doc);
        if (pos) this.view.dispatch({ effects: EditorView.scrollIntoView(pos.index, { y: "center" }) });
      }
    });
  }

  // --- screen share: the sharer offers to everyone, viewers answer; ICE goes through the channel
  shareNote(text) { const n = $("dojo-share-note"); if (n) n.textContent = text || ""; }

  async toggleShare() {
    if (this.stream) { this.stopShare(); return; }
    try {
      this.stream = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
    } catch (e) { this.shareNote(this.L.shareFailed); return; }
    this.stream.getVideoTracks()[0].onended = () => this.stopShare();
    $("dojo-share").textContent = this.L.stopShare;
    this.send({ type: "share", action: "start" });
    this.showVideo(this.stream, this.me.name);
  }

  stopShare() {
    if (this.stream) this.stream.getTracks().forEach((t) => t.stop());
    this.stream = null; this.peers.forEach((pc) => pc.close()); this.peers.clear();
    const b = $("dojo-share"); if (b) b.textContent = this.L.startShare;
    this.send({ type: "share", action: "stop" }); this.showVideo(null);
  }

  showVideo(stream, name) {
    const v = $("dojo-video"); if (!v) return;
    v.srcObject = stream; v.style.display = stream ? "block" : "none";
    this.shareNote(stream ? `${this.L.sharing} ${name || ""}` : "");
  }

  peer(id) {
    let pc = this.peers.get(id);
    if (!pc) {
      pc = new RTCPeerConnection({ iceServers: [] });
      pc.onicecandidate = (e) => e.candidate && this.send({ type: "signal", to: id, data: { ice: e.candidate } });
      pc.ontrack = (e) => this.showVideo(e.streams[0], this.sharerName);
      pc.onconnectionstatechange = () => { if (pc.connectionState === "failed") this.shareNote(this.L.shareNetwork); };
      this.peers.set(id, pc);
    }
    return pc;
  }

  async onShare(m) {
    if (m.type === "share") {
      if (m.action === "start") { this.sharerName = m.name; this.send({ type: "signal", to: m.from, data: { want: true } }); }
      else { this.peers.forEach((pc) => pc.close()); this.peers.clear(); this.showVideo(null); }
      return;
    }
    if (m.to && this.me && m.to !== this.me.connId) return;
    const pc = this.peer(m.from), d = m.data || {};
    try {
      if (d.want && this.stream) {
        this.stream.getTracks().forEach((t) => pc.addTrack(t, this.stream));
        await pc.setLocalDescription(await pc.createOffer());
        this.send({ type: "signal", to: m.from, data: { sdp: pc.localDescription } });
      } else if (d.sdp) {
        await pc.setRemoteDescription(d.sdp);
        if (d.sdp.type === "offer") { await pc.setLocalDescription(await pc.createAnswer()); this.send({ type: "signal", to: m.from, data: { sdp: pc.localDescription } }); }
      } else if (d.ice) await pc.addIceCandidate(d.ice);
    } catch (e) { this.shareNote(this.L.shareNetwork); }
  }

  setStatus(s) { const n = $("dojo-connection"); if (n) { n.textContent = this.L[s] || s; n.dataset.status = s; } }
  flash(text) { const n = $("dojo-flash"); if (n) { n.textContent = text || ""; setTimeout(() => (n.textContent = ""), 4000); } }
  fatal(code) {
    this.closed = true;
    const text = this.closeMessage || (code === 4403 ? this.L.removed : code === 4401 ? this.L.signedOut : this.L.notFound);
    const n = $("dojo-flash"); if (n) n.textContent = text;  // stays: the room is over for this page
  }

  destroy() {
    this.closed = true; clearInterval(this.timer);
    if (this.onDocClick) document.removeEventListener("click", this.onDocClick);
    if (this.stream) this.stopShare();
    awarenessProtocol.removeAwarenessStates(this.awareness, [this.doc.clientID], "local");
    if (this.ws) this.ws.close();
    if (this.view) this.view.destroy();
  }
}

export async function mountDojo(opts) {
  if (current) current.destroy();
  await waitFor("dojo-editor");
  current = new DojoClient(opts); window.__dojo = current;
  current.mount();
  const stop = setInterval(() => { if (!$("dojo-editor") || !$("dojo-editor").contains(current.view.dom)) { clearInterval(stop); current.destroy(); current = null; } }, 1000);
  return current;
}

// --- replay: rebuild the document from the event log, at any moment
export async function mountReplay(opts) {
  const parent = await waitFor("replay-editor");
  const L = opts.labels || {};
  const events = [];
  for (let after = 0; ;) {
    const res = await fetch(`/api/v1/dojos/${opts.dojoId}/events?after=${after}&limit=5000`, { headers: { Authorization: `Bearer ${token()}` } });
    if (!res.ok) { $("replay-status").textContent = L.notFound; return; }
    const page = (await res.json()).data;
    events.push(...page); if (page.length < 5000) break; after = page[page.length - 1].seq;
  }
  const edits = events.filter((e) => e.kind === "edit").map((e) => ({ t: Date.parse(e.at), u: Uint8Array.from(atob(e.payload.u), (c) => c.charCodeAt(0)) }));
  const t0 = events.length ? Date.parse(events[0].at) : Date.now();
  const t1 = events.length ? Date.parse(events[events.length - 1].at) : t0;
  parent.innerHTML = "";
  const view = new EditorView({ parent, state: EditorState.create({ doc: "", extensions: [basicSetup, languageExt(opts.language), EditorState.readOnly.of(true),
    EditorView.contentAttributes.of({ "aria-label": L.editor || "Editor" })] }) });
  const slider = $("replay-slider"), clock = $("replay-clock"), play = $("replay-play"), speed = $("replay-speed");
  slider.max = String(Math.max(1, t1 - t0)); slider.value = "0";
  const show = (ms) => {
    const doc = new Y.Doc();
    for (const e of edits) if (e.t - t0 <= ms) Y.applyUpdate(doc, e.u);
    const text = doc.getText("code").toString();
    view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
    const s = Math.floor(ms / 1000); clock.textContent = `${String(Math.floor(s / 60)).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
    slider.value = String(ms);
  };
  let timer = null;
  const stopPlay = () => { clearInterval(timer); timer = null; play.textContent = L.play; };
  slider.oninput = () => show(Number(slider.value));
  play.onclick = () => {
    if (timer) { stopPlay(); return; }
    play.textContent = L.pause;
    if (Number(slider.value) >= Number(slider.max)) slider.value = "0";
    timer = setInterval(() => {
      const next = Number(slider.value) + 100 * Number(speed.value || 1);
      show(Math.min(next, Number(slider.max)));
      if (next >= Number(slider.max)) stopPlay();
    }, 100);
  };
  window.__replay = { show, view, t0, t1 };
  show(Number(slider.max));
  $("replay-status").textContent = "";
}

window.PocDojo = { mountDojo, mountReplay };
