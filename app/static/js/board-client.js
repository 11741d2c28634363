// The live board's connection (shared/REALTIME.md), shared by the board, its list view and
// the projector: joins the room, applies broadcasts in seq order, catches up with
// `workshop:sync` after a gap or a reconnect, and sends typed changes through the outbox.
import { connect, request } from "./live.js";
import { BoardStore, SEQ_EVENTS } from "./board-store.js";
import { Outbox, uuid } from "./board-outbox.js";
import { t } from "./i18n.js";

const STOP_CODES = new Set(["forbidden", "not_found", "unauthenticated"]);

export function readConfig(root) {
  const d = root.dataset;
  const json = (value, fallback) => {
    try {
      return JSON.parse(value);
    } catch {
      return fallback;
    }
  };
  return {
    view: d.boardView,
    workshopId: Number(d.workshopId),
    role: d.role,
    isFacilitator: d.role === "facilitator",
    userId: Number(d.userId),
    userName: d.userName || "",
    status: d.status,
    locked: d.locked === "true",
    voteBudget: Number(d.voteBudget) || 0,
    agendaLength: Number(d.agendaLength) || 0,
    serverNow: d.serverNow,
    minutesUrl: d.minutesPdfUrl || d.minutesUrl || "",
    colors: json(d.colors, ["yellow"]),
  };
}

/** The initial clock offset (server minus local, ms), from the time the page was rendered. */
function pageClockOffset(serverNow) {
  const server = Date.parse(serverNow || "");
  if (Number.isNaN(server)) return 0;
  const nav = performance.getEntriesByType?.("navigation")?.[0];
  const localAtResponse = performance.timeOrigin + (nav ? nav.responseStart : performance.now());
  return server - localAtResponse;
}

function normaliseEvent(ev) {
  if (Array.isArray(ev)) return { name: ev[0], data: ev[1] || {} };
  const name = ev.name ?? ev.event;
  const data = ev.payload ?? ev.data ?? {};
  if (typeof data.seq !== "number" && typeof ev.seq === "number") data.seq = ev.seq;
  return { name, data };
}

/** ``payload`` with the position it is given, in whole pixels, never negative. */
function placed(payload, x, y) {
  if (typeof x === "number") payload.x = Math.max(0, Math.round(x));
  if (typeof y === "number") payload.y = Math.max(0, Math.round(y));
  return payload;
}

export class BoardClient {
  constructor(config, { readOnly = false } = {}) {
    this.config = config;
    this.readOnly = readOnly;
    this.t = t; // the page's words (i18n.js), kept here for the views
    this.store = new BoardStore(config.workshopId);
    this.store.workshop.status = config.status;
    this.store.workshop.locked = config.locked;
    this.store.voteBudget = config.voteBudget;
    this.clockOffset = pageClockOffset(config.serverNow);
    this.socket = null;
    this.joined = false;
    this.stopped = false;
    this.syncing = false;
    this.pending = []; // broadcasts waiting for their turn (seq order)
    this.ownSeqs = new Set(); // seqs of our own acknowledged changes
    this.fruitlessSyncs = 0;
    this.everJoined = false;
    this.listeners = { status: new Set(), message: new Set(), refused: new Set() };
    const key = `cantiere-board-outbox:${config.workshopId}:${config.userId}`;
    this.groupsKey = `cantiere-board-groups:${config.workshopId}:${config.userId}`;
    this.myGroups = new Set();
    try {
      const saved = JSON.parse(window.sessionStorage.getItem(this.groupsKey) || "[]");
      if (Array.isArray(saved)) for (const id of saved) this.myGroups.add(String(id));
    } catch {
      // nothing remembered
    }
    this.outbox = new Outbox(key, {
      canSend: () => this.joined && Boolean(this.socket?.connected),
      prepare: (entry) => this.prepare(entry),
      send: (event, payload) => request(event, payload),
      settle: (entry, ack) => this.settle(entry, ack),
      changed: () => {
        this.emit("status");
        this.store.changed({ type: "outbox" });
      },
    });
  }

  // --- listeners -----------------------------------------------------------------------

  on(kind, fn) {
    this.listeners[kind].add(fn);
    return () => this.listeners[kind].delete(fn);
  }

  emit(kind, detail) {
    for (const fn of this.listeners[kind]) fn(detail);
  }

  /** A message for the person (`level`: "error", "warning" or "info"). */
  message(text, level = "error") {
    this.emit("message", { text, level });
  }

  errorMessage(error) {
    if (!error) return this.t("server_error");
    if (error.code === "server_error" || !error.message) return this.t("server_error");
    const fields = error.fields ? Object.values(error.fields).flat().filter(Boolean) : [];
    return fields.length ? `${error.message} ${fields.join(" ")}` : error.message;
  }

  get connectionState() {
    if (this.stopped) return "stopped";
    if (!this.socket?.connected) return this.everJoined ? "offline" : "connecting";
    if (!this.joined) return "connecting";
    return this.outbox.size ? "pending" : "connected";
  }

  /** Server time now, in ms (corrected for the difference between the two clocks). */
  now() {
    return Date.now() + this.clockOffset;
  }

  // --- connection --------------------------------------------------------------------

  start() {
    const socket = connect();
    this.socket = socket;
    for (const name of SEQ_EVENTS) socket.on(name, (data) => this.onBroadcast(name, data));
    socket.on("presence:changed", (data) => this.store.apply("presence:changed", data));
    socket.on("connect", () => this.join());
    socket.on("disconnect", () => {
      this.joined = false;
      this.emit("status");
    });
    if (socket.connected) this.join();
    this.emit("status");
    return this;
  }

  async join() {
    if (this.stopped) return;
    const sentAt = Date.now();
    let ack;
    try {
      ack = await request("workshop:join", { workshop_id: this.config.workshopId });
    } catch {
      window.setTimeout(() => this.socket.connected && !this.joined && this.join(), 2000);
      return;
    }
    const receivedAt = Date.now();
    if (!ack?.ok) {
      this.message(this.errorMessage(ack?.error));
      if (STOP_CODES.has(ack?.error?.code)) {
        this.stopped = true;
        this.emit("status");
      }
      return;
    }
    const serverTime = Date.parse(ack.server_time ?? ack.now ?? ack.state?.server_time ?? ack.state?.now ?? "");
    if (!Number.isNaN(serverTime)) this.clockOffset = serverTime - (sentAt + receivedAt) / 2;
    const reconnect = this.everJoined && this.store.loaded;
    this.joined = true;
    this.everJoined = true;
    if (reconnect) {
      // Back after a cut: keep what we have and ask for what we missed since lastSeq.
      this.store.refresh(ack.state || {});
      this.emit("status");
      await this.sync();
    } else {
      this.store.load(ack.state || {});
      this.emit("status");
      this.drain();
    }
    const waiting = this.outbox.size;
    await this.outbox.flush();
    if (reconnect && waiting && !this.outbox.size) this.message(this.t("resent"), "info");
  }

  // --- events in seq order -------------------------------------------------------------

  onBroadcast(name, data) {
    if (!data || typeof data.seq !== "number") {
      this.store.apply(name, data);
      return;
    }
    this.pending.push({ name, data });
    this.drain();
  }

  skipOwn() {
    while (this.ownSeqs.has(this.store.seq + 1)) {
      this.ownSeqs.delete(this.store.seq + 1);
      this.store.seq += 1;
    }
    for (const seq of this.ownSeqs) if (seq <= this.store.seq) this.ownSeqs.delete(seq);
  }

  drain() {
    if (!this.joined || this.syncing) return;
    this.pending.sort((a, b) => a.data.seq - b.data.seq);
    while (this.pending.length) {
      this.skipOwn();
      const { name, data } = this.pending[0];
      if (data.seq <= this.store.seq) {
        this.pending.shift();
      } else if (data.seq === this.store.seq + 1) {
        this.pending.shift();
        this.store.apply(name, data);
      } else {
        this.sync(); // a gap: someone's change did not reach us
        return;
      }
    }
    this.skipOwn();
  }

  /** Ask for every change after the last one applied, and apply them in order. */
  async sync() {
    if (this.syncing || !this.joined) return;
    this.syncing = true;
    const before = this.store.seq;
    try {
      const ack = await request("workshop:sync", { workshop_id: this.config.workshopId, since_seq: this.store.seq });
      if (ack?.ok && ack.state) {
        this.store.load(ack.state);
      } else if (ack?.ok) {
        const events = (ack.events || []).map(normaliseEvent).sort((a, b) => a.data.seq - b.data.seq);
        for (const { name, data } of events) {
          this.skipOwn();
          if (data.seq === this.store.seq + 1) this.store.apply(name, data);
          else if (data.seq > this.store.seq + 1) break; // cannot happen with a complete log
        }
      } else if (ack && !ack.ok) {
        this.message(this.errorMessage(ack.error));
      }
    } catch {
      // No answer: tried again below.
    } finally {
      this.syncing = false;
    }
    this.fruitlessSyncs = this.store.seq > before ? 0 : this.fruitlessSyncs + 1;
    if (this.fruitlessSyncs) {
      // Nothing new came back: wait a little before asking again, then start afresh.
      if (this.fruitlessSyncs > 3) {
        this.fruitlessSyncs = 0;
        this.joined = false;
        this.join();
        return;
      }
      if (this.pending.some((p) => p.data.seq > this.store.seq + 1)) {
        window.setTimeout(() => this.drain(), 1000 * this.fruitlessSyncs);
        return;
      }
    }
    this.drain();
  }

  /** After our own change numbered `seq`: if its broadcast does not come, catch up. */
  ensureSeq(seq) {
    if (typeof seq !== "number") return;
    window.setTimeout(() => {
      if (this.joined && this.store.seq < seq) this.sync();
    }, 1500);
  }

  ownSeq(seq) {
    if (typeof seq !== "number" || seq <= this.store.seq) return;
    this.ownSeqs.add(seq);
    this.drain();
    this.ensureSeq(seq);
  }

  // --- the outbox's side -------------------------------------------------------------

  prepare(entry) {
    const base = { workshop_id: this.config.workshopId };
    switch (entry.event) {
      case "note:create":
      case "group:create":
      case "chat:send":
        return { ...base, ...entry.payload };
      case "note:update":
      case "note:delete":
      case "group:update":
      case "group:delete": {
        // The server knows the note or group by its id and version (note_id / group_id).
        const kind = entry.event.split(":")[0];
        const current = this.store.byClientId(kind, entry.target.key);
        if (!current) return null;
        if (entry.base == null) entry.base = current.version;
        return { ...base, [`${kind}_id`]: current.id, version: entry.base, ...(entry.patch || {}) };
      }
      default:
        return null;
    }
  }

  settle(entry, ack) {
    if (ack?.ok) {
      this.applyAck(entry, ack);
      return "done";
    }
    const error = ack?.error || { code: "server_error" };
    switch (error.code) {
      case "conflict":
        this.adoptCurrent(entry, error.current ?? error.note ?? error.group ?? ack.current);
        return "done";
      case "rate_limited":
        return "retry";
      case "server_error":
        if (entry.tries < 3) return "retry";
        break;
      case "unauthenticated":
        this.message(this.errorMessage(error));
        return "stop";
      case "not_found":
        if (entry.target) this.forget(entry.target);
        break;
      default:
        break;
    }
    this.message(this.t("not_sent", { message: this.errorMessage(error) }));
    this.emit("refused", { entry, error });
    return "done";
  }

  applyAck(entry, ack) {
    const kind = entry.event.split(":")[0];
    if (kind === "note" || kind === "group") {
      if (entry.event.endsWith(":delete")) {
        this.forget(entry.target);
      } else if (ack[kind]) {
        this.store.upsertOf(kind, ack[kind]);
        this.rebase(entry, ack[kind].version);
      }
    } else if (entry.event === "chat:send") {
      this.store.addChat(ack.message);
    }
    this.ownSeq(ack.seq);
  }

  /** Our own later changes of the same object were based on the version we just replaced. */
  rebase(entry, version) {
    if (!entry.target || entry.base == null) return;
    for (const e of this.outbox.entries) {
      if (e !== entry && !e.sent && e.target?.kind === entry.target.kind && e.target.key === entry.target.key) {
        if (e.base === entry.base) e.base = version;
      }
    }
  }

  adoptCurrent(entry, current) {
    const isGroup = entry.event.startsWith("group:");
    if (current) this.store.upsertOf(isGroup ? "group" : "note", current);
    // A resend of a change that had in fact arrived: the server already has what we wanted.
    const patch = entry.patch || {};
    const already =
      current && entry.event.endsWith(":update") && Object.entries(patch).every(([k, v]) => current[k] === v);
    if (entry.target) this.outbox.dropFor(entry.target);
    if (!already) this.message(this.t(isGroup ? "conflict_group" : "conflict"), "warning");
  }

  forget(target) {
    const found = this.store.byClientId(target.kind, target.key);
    if (found) this.store.removeOf(target.kind, found.id);
  }

  // --- what the person does ----------------------------------------------------------

  createNote({ text, color, x, y, group_id = null }) {
    const clientId = uuid();
    const payload = placed({ client_id: clientId, text, color, group_id }, x, y);
    if (group_id == null) delete payload.group_id;
    this.outbox.add({ event: "note:create", target: { kind: "note", key: clientId }, payload });
    return clientId;
  }

  /** Change a note (by client_id): a pending create or unsent update absorbs the patch. */
  updateNote(clientId, patch) {
    this.update("note", clientId, patch);
  }

  /** Queue ``patch`` of a note or group (by client_id), merged into its unsent create or
   *  update when there is one. */
  update(kind, clientId, patch) {
    const target = { kind, key: clientId };
    const current = this.store.byClientId(kind, clientId);
    this.outbox.add({ event: `${kind}:update`, target, base: current ? current.version : null, patch }, (last) => {
      if (last.event === `${kind}:create`) {
        Object.assign(last.payload, patch);
        if (last.payload.group_id == null) delete last.payload.group_id;
        return true;
      }
      if (last.event === `${kind}:update`) {
        Object.assign(last.patch, patch);
        return true;
      }
      return false;
    });
  }

  deleteNote(clientId) {
    const target = { kind: "note", key: clientId };
    const note = this.store.noteByClientId(clientId);
    const last = this.outbox.lastUnsentFor(target);
    if (!note && last?.event === "note:create") {
      this.outbox.dropFor(target); // never reached the server: simply forget it
      return;
    }
    this.outbox.add({ event: "note:delete", target, base: note ? note.version : null });
  }

  createGroup({ title, x, y }) {
    const clientId = uuid();
    const payload = placed({ client_id: clientId, title }, x, y);
    this.rememberGroup(clientId);
    this.outbox.add({ event: "group:create", target: { kind: "group", key: clientId }, payload });
    return clientId;
  }

  updateGroup(clientId, patch) {
    this.update("group", clientId, patch);
  }

  deleteGroup(clientId) {
    const target = { kind: "group", key: clientId };
    const group = this.store.groupByClientId(clientId);
    if (!group) {
      this.outbox.dropFor(target);
      return;
    }
    this.outbox.add({ event: "group:delete", target, base: group.version });
  }

  sendChat(text) {
    const clientId = uuid();
    this.outbox.add({ event: "chat:send", target: { kind: "chat", key: clientId }, payload: { client_id: clientId, text } });
  }

  /** A direct request (votes, facilitator controls): not queued, answered now or never. */
  async command(event, payload = {}) {
    if (!this.joined || !this.socket?.connected) {
      this.message(this.t("offline"), "warning");
      return null;
    }
    let ack;
    try {
      ack = await request(event, { workshop_id: this.config.workshopId, ...payload });
    } catch {
      this.message(this.t("server_error"));
      this.sync();
      return null;
    }
    if (!ack?.ok) {
      this.message(this.errorMessage(ack?.error));
      return null;
    }
    this.ensureSeq(ack.seq);
    return ack;
  }

  async vote(noteId, delta) {
    const ack = await this.command(delta > 0 ? "vote:cast" : "vote:retract", { note_id: noteId });
    if (ack) this.store.setMyVotes(noteId, delta > 0 ? 1 : -1, ack.remaining);
    return ack;
  }

  async setPhase(index) {
    const ack = await this.command("phase:set", { index });
    if (ack?.phase !== undefined) this.store.apply("phase:changed", { phase: ack.phase });
    return ack;
  }

  async setLocked(locked) {
    const ack = await this.command("board:lock", { locked });
    if (ack) this.store.apply("board:locked", { locked });
    return ack;
  }

  async spotlight(noteId) {
    const ack = await this.command("note:spotlight", { note_id: noteId });
    if (ack) this.store.apply("note:spotlighted", { note_id: noteId });
    return ack;
  }

  async startWorkshop() {
    const ack = await this.command("workshop:start");
    if (ack) this.store.apply("workshop:started", ack.phase !== undefined ? { phase: ack.phase } : {});
    return ack;
  }

  async closeWorkshop() {
    const ack = await this.command("workshop:close");
    if (ack) this.store.apply("workshop:closed", {});
    return ack;
  }

  // --- what the person may do now (the server decides; this only avoids useless tries) --

  can(action) {
    const { status, locked } = this.store.workshop;
    if (this.readOnly || status !== "live") return false;
    if (this.config.isFacilitator) return true;
    if (locked) return false;
    if (action === "chat") return true;
    const kind = this.store.phase?.kind;
    if (!kind) return true;
    return { note: "brainstorm", move: "cluster", group: "cluster", vote: "vote" }[action] === kind;
  }

  mine(note) {
    return note?.author?.id === this.config.userId;
  }

  /** Participants move (cluster) and edit (brainstorm) only their own notes. */
  mayMove(note) {
    return Boolean(note) && this.can("move") && (this.config.isFacilitator || this.mine(note));
  }

  mayEditNote(note) {
    return Boolean(note) && this.can("note") && (this.config.isFacilitator || this.mine(note));
  }

  /** Groups carry no author: a participant may change the groups made from this tab. */
  mayEditGroup(group) {
    return Boolean(group) && this.can("group") && (this.config.isFacilitator || this.myGroups.has(group.client_id));
  }

  rememberGroup(clientId) {
    this.myGroups.add(clientId);
    try {
      window.sessionStorage.setItem(this.groupsKey, JSON.stringify([...this.myGroups]));
    } catch {
      // Not kept across reloads then; the facilitator can still rename it.
    }
  }

  /** Notes as shown: the confirmed ones with our unsent changes on top, by client_id. */
  displayNotes() {
    return this.withPending("note", this.store.notes, (key, payload) => ({
      id: null,
      client_id: key,
      author: { id: this.config.userId, name: this.config.userName },
      text: payload.text,
      color: payload.color,
      x: payload.x ?? 0,
      y: payload.y ?? 0,
      group_id: payload.group_id ?? null,
    }));
  }

  /** Groups as shown, likewise. */
  displayGroups() {
    return this.withPending("group", this.store.groups, (key, payload) => ({
      id: null,
      client_id: key,
      title: payload.title,
      x: payload.x ?? 0,
      y: payload.y ?? 0,
    }));
  }

  /** The confirmed ``items`` of a ``kind`` by client_id, with the unsent creations (built by
   *  ``created(key, payload)``), updates and deletions of the outbox applied, marked pending. */
  withPending(kind, items, created) {
    const out = new Map();
    for (const item of items.values()) out.set(item.client_id, { ...item, pending: false });
    for (const e of this.outbox.entries) {
      if (!e.target || e.target.kind !== kind) continue;
      const key = e.target.key;
      if (e.event === `${kind}:create` && !out.has(key)) {
        out.set(key, { ...created(key, e.payload), version: 0, pending: true });
      } else if (e.event === `${kind}:update` && out.has(key)) {
        out.set(key, { ...out.get(key), ...e.patch, pending: true });
      } else if (e.event === `${kind}:delete`) {
        out.delete(key);
      }
    }
    return out;
  }

  pendingChat() {
    return this.outbox.entries
      .filter((e) => e.event === "chat:send")
      .map((e) => ({ client_id: e.payload.client_id, text: e.payload.text, author: { id: this.config.userId, name: this.config.userName }, pending: true }));
  }
}
