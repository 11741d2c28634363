// The board as the server last confirmed it (shared/REALTIME.md): notes, groups, votes,
// phase, lock, spotlight, presence and chat, plus the last applied event number (seq).
// Applying an event twice, or an acknowledged object before its broadcast, is harmless:
// objects only ever move forward in `version`, and deletions are remembered.

export const SEQ_EVENTS = [
  "note:created", "note:updated", "note:deleted",
  "group:created", "group:updated", "group:deleted",
  "votes:changed", "chat:message",
  "workshop:started", "workshop:closed", "phase:changed", "board:locked", "note:spotlighted",
];

const CHAT_KEEP = 200;

export class BoardStore {
  constructor(workshopId) {
    this.workshopId = workshopId;
    this.listeners = new Set();
    this.reset();
  }

  reset() {
    this.loaded = false;
    this.seq = 0;
    this.workshop = { id: this.workshopId, title: "", status: "scheduled", locked: false };
    this.phase = null;
    this.agenda = this.agenda || [];
    this.notes = new Map();   // id -> note
    this.groups = new Map();  // id -> group
    this.votes = new Map();   // note id -> total
    this.myVotes = new Map(); // note id -> my dots on it
    this.voteBudget = 0;
    this.remainingVotes = null; // from the last vote ack, when newer than my_votes
    this.participants = [];
    this.chat = [];
    this.spotlight = null;
    this.deletedNotes = new Set();
    this.deletedGroups = new Set();
  }

  onChange(fn) {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  changed(change) {
    for (const fn of this.listeners) fn(change);
  }

  /** Replace everything with a full `state` (join, or a sync that was too far behind). */
  load(state) {
    const participants = this.participants;
    const chat = this.chat;
    this.reset();
    this.loaded = true;
    this.seq = Number(state.seq) || 0;
    this.workshop = { ...this.workshop, ...(state.workshop || {}) };
    this.phase = state.phase || null;
    if (Array.isArray(state.agenda)) this.agenda = state.agenda;
    for (const note of state.notes || []) this.notes.set(note.id, note);
    for (const group of state.groups || []) this.groups.set(group.id, group);
    for (const [id, total] of Object.entries(state.votes || {})) this.votes.set(Number(id), Number(total));
    for (const [id, n] of Object.entries(state.my_votes || {})) this.myVotes.set(Number(id), Number(n));
    this.voteBudget = Number(state.vote_budget ?? 0);
    this.participants = state.participants || participants;
    const history = state.chat || state.messages;
    this.chat = Array.isArray(history) ? history.slice(-CHAT_KEEP) : chat;
    this.spotlight = state.spotlight_note_id ?? state.spotlight ?? state.workshop?.spotlight_note_id ?? null;
    this.changed({ type: "reset" });
  }

  /** After a reconnect: what is not in the event log (presence, my votes, budget). The
   *  board itself is caught up through `workshop:sync`. */
  refresh(state) {
    if (Array.isArray(state.participants)) this.participants = state.participants;
    if (state.my_votes) {
      this.myVotes = new Map(Object.entries(state.my_votes).map(([id, n]) => [Number(id), Number(n)]));
    }
    if (state.vote_budget != null) this.voteBudget = Number(state.vote_budget);
    this.changed({ type: "reset" });
  }

  get remaining() {
    let used = 0;
    for (const n of this.myVotes.values()) used += n;
    return Math.max(0, this.voteBudget - used);
  }

  noteByClientId(clientId) {
    for (const note of this.notes.values()) if (note.client_id === clientId) return note;
    return null;
  }

  groupByClientId(clientId) {
    for (const group of this.groups.values()) if (group.client_id === clientId) return group;
    return null;
  }

  // The same three for a note or a group, by ``kind`` ("note" or "group").
  byClientId(kind, clientId) {
    return kind === "group" ? this.groupByClientId(clientId) : this.noteByClientId(clientId);
  }

  upsertOf(kind, item) {
    return kind === "group" ? this.upsertGroup(item) : this.upsertNote(item);
  }

  removeOf(kind, id) {
    return kind === "group" ? this.removeGroup(id) : this.removeNote(id);
  }

  /** A note from the server (broadcast, ack or conflict): kept when not older than ours. */
  upsertNote(note, { silent = false } = {}) {
    return this.upsert("note", this.notes, this.deletedNotes, note, silent);
  }

  upsertGroup(group, { silent = false } = {}) {
    return this.upsert("group", this.groups, this.deletedGroups, group, silent);
  }

  /** Keep ``item`` (a note or a group) in ``items`` unless deleted or older than ours. */
  upsert(kind, items, deleted, item, silent) {
    if (!item || item.id == null || deleted.has(item.id)) return false;
    const current = items.get(item.id);
    if (current && Number(current.version) > Number(item.version)) return false;
    items.set(item.id, item);
    if (!silent) this.changed({ type: `${kind}-${current ? "updated" : "created"}`, [kind]: item, previous: current });
    return true;
  }

  removeNote(id) {
    const note = this.notes.get(id);
    this.deletedNotes.add(id);
    this.notes.delete(id);
    this.votes.delete(id);
    this.myVotes.delete(id);
    if (this.spotlight === id) this.spotlight = null;
    this.changed({ type: "note-deleted", id, note });
  }

  removeGroup(id) {
    const group = this.groups.get(id);
    this.deletedGroups.add(id);
    this.groups.delete(id);
    for (const note of this.notes.values()) {
      if (note.group_id === id) this.notes.set(note.id, { ...note, group_id: null });
    }
    this.changed({ type: "group-deleted", id, group });
  }

  addChat(message) {
    if (!message) return;
    const key = message.id ?? message.client_id;
    if (this.chat.some((m) => (m.id ?? m.client_id) === key)) return;
    this.chat.push(message);
    if (this.chat.length > CHAT_KEEP) this.chat.splice(0, this.chat.length - CHAT_KEEP);
    this.changed({ type: "chat", message });
  }

  setMyVotes(noteId, delta, remaining) {
    const n = Math.max(0, (this.myVotes.get(noteId) || 0) + delta);
    if (n) this.myVotes.set(noteId, n);
    else this.myVotes.delete(noteId);
    if (typeof remaining === "number") {
      // The server's count wins: adjust the budget so that `remaining` matches it.
      let used = 0;
      for (const v of this.myVotes.values()) used += v;
      this.voteBudget = used + remaining;
    }
    this.changed({ type: "my-votes", noteId });
  }

  /** Apply one broadcast (or replayed) event. The caller keeps the seq order. */
  apply(name, data) {
    data = data || {};
    switch (name) {
      case "note:created":
      case "note:updated":
      case "group:created":
      case "group:updated": {
        const kind = name.split(":")[0];
        this.upsertOf(kind, data[kind]);
        break;
      }
      case "note:deleted":
      case "group:deleted": {
        const kind = name.split(":")[0];
        this.removeOf(kind, data[`${kind}_id`]);
        break;
      }
      case "votes:changed":
        this.votes.set(data.note_id, Number(data.total) || 0);
        this.changed({ type: "votes", noteId: data.note_id, total: data.total });
        break;
      case "chat:message":
        this.addChat(data.message);
        break;
      case "workshop:started":
        this.workshop = { ...this.workshop, status: "live" };
        if (data.phase !== undefined) this.phase = data.phase;
        this.changed({ type: "status", status: "live" });
        break;
      case "workshop:closed":
        this.workshop = { ...this.workshop, status: "closed" };
        this.changed({ type: "status", status: "closed" });
        break;
      case "phase:changed":
        this.phase = data.phase || null;
        this.changed({ type: "phase", phase: this.phase });
        break;
      case "board:locked":
        this.workshop = { ...this.workshop, locked: Boolean(data.locked) };
        this.changed({ type: "lock", locked: this.workshop.locked });
        break;
      case "note:spotlighted":
        this.spotlight = data.note_id ?? null;
        this.changed({ type: "spotlight", noteId: this.spotlight });
        break;
      case "presence:changed":
        this.participants = Array.isArray(data.participants) ? data.participants : [];
        this.changed({ type: "presence" });
        break;
      default:
        return;
    }
    if (typeof data.seq === "number" && data.seq > this.seq) this.seq = data.seq;
  }
}
