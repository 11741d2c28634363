// The outbox: changes typed on the board that the server has not acknowledged yet.
// Kept in sessionStorage, so a reload or a lost connection loses nothing; sent one at a
// time, in order, and resent after a reconnect exactly as first sent: a create with the
// same client_id (the server answers the existing object), an update with the same
// version (the server answers `conflict` with the current object if it moved on).

export function uuid() {
  if (globalThis.crypto?.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function readStorage(key) {
  try {
    const raw = window.sessionStorage.getItem(key);
    const entries = raw ? JSON.parse(raw) : [];
    return Array.isArray(entries) ? entries.filter((e) => e && typeof e.event === "string") : [];
  } catch {
    return [];
  }
}

export class Outbox {
  /**
   * @param {string} key  sessionStorage key (one per workshop and person)
   * @param {object} hooks  { prepare(entry) -> payload|null, send(event, payload) -> Promise<ack>,
   *                          settle(entry, ack) -> "done"|"retry"|"stop", canSend() -> bool,
   *                          changed() }
   */
  constructor(key, hooks) {
    this.key = key;
    this.hooks = hooks;
    this.entries = readStorage(key);
    this.inFlight = null;
    this.flushing = false;
    this.retryTimer = null;
  }

  get size() {
    return this.entries.length;
  }

  save() {
    try {
      if (this.entries.length) window.sessionStorage.setItem(this.key, JSON.stringify(this.entries));
      else window.sessionStorage.removeItem(this.key);
    } catch {
      // Storage full or disabled: the queue still lives in memory for this page.
    }
    this.hooks.changed?.();
  }

  /** Queue a change; `merge(last)` may fold it into the last unsent entry instead. */
  add(entry, merge) {
    const last = this.lastUnsentFor(entry.target);
    if (merge && last && merge(last)) {
      this.save();
    } else {
      this.entries.push({ id: uuid(), sent: false, tries: 0, ...entry });
      this.save();
    }
    this.flush();
  }

  /** The last queued entry about `target` ({kind, key}) that was never sent. */
  lastUnsentFor(target) {
    if (!target) return null;
    for (let i = this.entries.length - 1; i >= 0; i -= 1) {
      const e = this.entries[i];
      if (e.target && e.target.kind === target.kind && e.target.key === target.key) {
        return e.sent || e === this.inFlight ? null : e;
      }
    }
    return null;
  }

  remove(entry) {
    this.entries = this.entries.filter((e) => e !== entry);
    this.save();
  }

  /** Drop every queued entry about `target` (after a conflict made them stale). */
  dropFor(target) {
    const before = this.entries.length;
    this.entries = this.entries.filter(
      (e) => e === this.inFlight || !(e.target && e.target.kind === target.kind && e.target.key === target.key),
    );
    if (this.entries.length !== before) this.save();
  }

  scheduleRetry(ms) {
    if (this.retryTimer) return;
    this.retryTimer = window.setTimeout(() => {
      this.retryTimer = null;
      this.flush();
    }, ms);
  }

  /** Send queued entries one by one until the queue is empty or the line is down. */
  async flush() {
    if (this.flushing) return;
    this.flushing = true;
    try {
      while (this.entries.length && this.hooks.canSend()) {
        const entry = this.entries[0];
        const payload = this.hooks.prepare(entry);
        if (payload === null) {
          this.remove(entry); // nothing left to do (e.g. its note was deleted meanwhile)
          continue;
        }
        entry.sent = true;
        entry.tries += 1;
        this.save();
        this.inFlight = entry;
        let ack;
        try {
          ack = await this.hooks.send(entry.event, payload);
        } catch {
          // No answer in time: maybe sent, maybe not. Keep it; resend later as it is.
          this.inFlight = null;
          this.scheduleRetry(2000);
          return;
        }
        this.inFlight = null;
        const outcome = this.hooks.settle(entry, ack);
        if (outcome === "retry") {
          this.scheduleRetry(1000);
          return;
        }
        if (outcome === "stop") return;
        this.remove(entry);
      }
    } finally {
      this.inFlight = null;
      this.flushing = false;
    }
  }
}
