// The board's canvas: sticky notes absolutely placed on a scrollable surface, group frames,
// votes and spotlight. Notes move by dragging (pointer events) or with the arrow keys;
// dropping a note inside a group's frame puts it in that group.
import { announce } from "./live.js";
import { el } from "./board-ui.js";

const NOTE_W = 184;
const NOTE_H = 132;
const GROUP_MIN_W = 420;
const GROUP_MIN_H = 300;
const GROUP_PAD = 18;
const GROUP_HEAD = 44;
const STEP = 10;
const BIG_STEP = 50;
const MAX_COORD = 10000;

const clamp = (v) => Math.max(0, Math.min(MAX_COORD, Math.round(v)));

/** A group's frame: its own corner, grown to hold its notes (all but `without`). */
export function groupRect(group, notes, without = null) {
  let left = group.x;
  let top = group.y;
  let right = group.x + GROUP_MIN_W;
  let bottom = group.y + GROUP_MIN_H;
  for (const note of notes.values()) {
    if (note.client_id === without || group.id == null || note.group_id !== group.id) continue;
    left = Math.min(left, note.x - GROUP_PAD);
    top = Math.min(top, note.y - GROUP_PAD - GROUP_HEAD);
    right = Math.max(right, note.x + NOTE_W + GROUP_PAD);
    bottom = Math.max(bottom, note.y + NOTE_H + GROUP_PAD);
  }
  return { left, top, width: right - left, height: bottom - top };
}

/** The first free place for a new note, row by row from (x0, y0) within `width`: not on
 *  another note nor inside a group's frame, so new notes do not pile up. */
export function findFreeSpot(client, x0, y0, width, w = NOTE_W, h = NOTE_H) {
  const notes = client.displayNotes();
  const taken = [...notes.values()].map((n) => ({ left: n.x, top: n.y, width: NOTE_W, height: NOTE_H }));
  for (const g of client.displayGroups().values()) taken.push(groupRect(g, notes));
  const stepX = w + 16;
  const stepY = h + 16;
  const cols = Math.max(1, Math.floor(width / stepX));
  const overlaps = (x, y) =>
    taken.some((r) => x < r.left + r.width && x + w > r.left && y < r.top + r.height && y + h > r.top);
  for (let row = 0; row < 60; row += 1) {
    for (let col = 0; col < cols; col += 1) {
      const x = clamp(x0 + col * stepX);
      const y = clamp(y0 + row * stepY);
      if (!overlaps(x, y)) return { x, y };
    }
  }
  return { x: clamp(x0), y: clamp(y0) };
}

export class CanvasView {
  constructor(root, client, { readOnly = false, fit = false } = {}) {
    this.root = root;
    this.client = client;
    this.t = client.t;
    this.readOnly = readOnly;
    this.fit = fit;
    this.canvas = root.querySelector("[data-board-canvas]");
    this.viewport = root.querySelector("[data-board-viewport]") || root.querySelector("[data-projector-board]");
    this.empty = root.querySelector("[data-board-empty]");
    this.noteEls = new Map();
    this.groupEls = new Map();
    this.drag = null;
    this.editing = null;
    this.frame = null;
    this.lastSpotlight = undefined;
    this.colors = new Set(client.config.colors);
    client.store.onChange((change) => this.onChange(change));
    if (!readOnly) this.bindInput();
    if (fit) window.addEventListener("resize", () => this.schedule());
    this.render();
  }

  onChange(change) {
    const me = this.client.config.userId;
    if (change.type === "note-created" && change.note.author?.id !== me) {
      announce(this.t("new_note", { author: change.note.author?.name || "", text: change.note.text }));
    }
    this.schedule();
  }

  schedule() {
    if (this.frame) return;
    this.frame = window.requestAnimationFrame(() => {
      this.frame = null;
      this.render();
    });
  }

  colorClass(color) {
    return `note-${this.colors.has(color) ? color : "yellow"}`;
  }

  // --- rendering ---------------------------------------------------------------------

  render() {
    const notes = this.client.displayNotes();
    const groups = this.client.displayGroups();
    this.renderGroups(groups, notes);
    this.renderNotes(notes);
    if (this.empty) this.empty.hidden = notes.size > 0 || groups.size > 0;
    this.sizeCanvas(notes, groups);
    this.showSpotlight(notes);
  }

  groupRect(group, notes, without = null) {
    return groupRect(group, notes, without);
  }

  renderGroups(groups, notes) {
    for (const [key, node] of this.groupEls) {
      if (!groups.has(key)) {
        node.remove();
        this.groupEls.delete(key);
      }
    }
    for (const [key, group] of groups) {
      let node = this.groupEls.get(key);
      if (!node) {
        node = el("section", "board-group");
        node.dataset.key = key;
        const head = el("div", "board-group-head");
        head.append(el("h3", "board-group-title"));
        const actions = el("div", "board-group-actions");
        const rename = el("button", "btn btn-xs board-mini-btn", this.t("rename"));
        rename.type = "button";
        rename.dataset.groupAction = "rename";
        const remove = el("button", "btn btn-xs board-mini-btn", this.t("delete"));
        remove.type = "button";
        remove.dataset.groupAction = "delete";
        actions.append(rename, remove);
        head.append(actions);
        node.append(head);
        this.canvas.prepend(node);
        this.groupEls.set(key, node);
      }
      const rect = this.groupRect(group, notes);
      Object.assign(node.style, {
        left: `${rect.left}px`,
        top: `${rect.top}px`,
        width: `${rect.width}px`,
        height: `${rect.height}px`,
      });
      node.querySelector(".board-group-title").textContent = group.title;
      node.setAttribute("aria-label", this.t("group_label", { title: group.title }));
      node.classList.toggle("is-pending", group.pending);
      node.querySelector(".board-group-actions").hidden = this.readOnly || group.id == null || !this.client.mayEditGroup(group);
      node.dataset.groupId = group.id ?? "";
    }
  }

  renderNotes(notes) {
    const { store, config } = this.client;
    const canVote = !this.readOnly && this.client.can("vote");
    for (const [key, node] of this.noteEls) {
      if (!notes.has(key)) {
        if (node.contains(document.activeElement)) this.canvas.closest("[data-board-viewport]")?.focus?.();
        node.remove();
        this.noteEls.delete(key);
      }
    }
    for (const [key, note] of notes) {
      let node = this.noteEls.get(key);
      if (!node) {
        node = this.buildNote(key);
        this.canvas.append(node);
        this.noteEls.set(key, node);
      }
      const mine = note.author?.id === config.userId;
      const total = note.id != null ? store.votes.get(note.id) || 0 : 0;
      const myVotes = note.id != null ? store.myVotes.get(note.id) || 0 : 0;
      node.className = `board-note ${this.colorClass(note.color)}`;
      node.classList.toggle("is-pending", note.pending);
      node.classList.toggle("is-mine", mine);
      node.classList.toggle("is-spotlight", note.id != null && store.spotlight === note.id);
      node.classList.toggle("is-movable", !this.readOnly && this.client.mayMove(note));
      node.classList.toggle("is-dragging", Boolean(this.drag?.moved && this.drag.key === key));
      node.dataset.noteId = note.id ?? "";
      if (!(this.drag && this.drag.key === key)) {
        node.style.left = `${note.x}px`;
        node.style.top = `${note.y}px`;
      }
      if (this.editing !== key) node.querySelector(".board-note-text").textContent = note.text;
      node.querySelector(".board-note-author").textContent = note.pending
        ? `${note.author?.name || ""} · ${this.t("note_sending")}`
        : note.author?.name || "";
      node.setAttribute("aria-label", this.t("note_label", { author: note.author?.name || "", text: note.text }));
      const badge = node.querySelector(".board-note-votes");
      badge.textContent = String(total);
      badge.hidden = total === 0;
      badge.title = this.t("votes", { num: total });
      badge.setAttribute("aria-label", myVotes ? `${this.t("votes", { num: total })}, ${this.t("my_votes", { n: myVotes })}` : this.t("votes", { num: total }));
      badge.classList.toggle("has-mine", myVotes > 0);
      const show = (action, visible) => {
        const button = node.querySelector(`[data-note-action="${action}"]`);
        if (button) button.hidden = !visible;
      };
      const editable = !this.readOnly && this.client.mayEditNote(note) && this.editing !== key;
      show("vote-up", canVote && note.id != null);
      const up = node.querySelector('[data-note-action="vote-up"]');
      if (up) up.disabled = store.remaining === 0;
      show("vote-down", canVote && myVotes > 0);
      show("edit", editable);
      show("delete", editable);
      show("spotlight", !this.readOnly && config.isFacilitator && store.workshop.status === "live" && note.id != null);
      const spot = node.querySelector('[data-note-action="spotlight"]');
      if (spot) {
        const spotOn = store.spotlight === note.id && note.id != null;
        spot.textContent = spotOn ? this.t("spotlight_off") : this.t("spotlight");
        spot.setAttribute("aria-pressed", spotOn ? "true" : "false");
      }
    }
  }

  buildNote(key) {
    const node = el("article", "board-note");
    node.dataset.key = key;
    node.tabIndex = this.readOnly ? -1 : 0;
    node.append(el("p", "board-note-text"));
    node.append(el("p", "board-note-author"));
    const footer = el("div", "board-note-footer");
    const badge = el("span", "board-note-votes");
    footer.append(badge);
    const actions = el("div", "board-note-actions");
    const button = (action, label, text) => {
      const b = el("button", `board-mini-btn board-mini-${action}`, text ?? label);
      b.type = "button";
      b.dataset.noteAction = action;
      if (text !== undefined) b.setAttribute("aria-label", label);
      b.title = label;
      return b;
    };
    if (!this.readOnly) {
      actions.append(
        button("vote-up", this.t("vote_up"), "+1"),
        button("vote-down", this.t("vote_down"), "−1"),
        button("edit", this.t("edit")),
        button("delete", this.t("delete")),
        button("spotlight", this.t("spotlight")),
      );
    }
    footer.append(actions);
    node.append(footer);
    return node;
  }

  sizeCanvas(notes, groups) {
    let right = 0;
    let bottom = 0;
    let left = Infinity;
    let top = Infinity;
    for (const n of notes.values()) {
      right = Math.max(right, n.x + NOTE_W);
      bottom = Math.max(bottom, n.y + NOTE_H);
      left = Math.min(left, n.x);
      top = Math.min(top, n.y);
    }
    for (const g of groups.values()) {
      const r = this.groupRect(g, notes);
      right = Math.max(right, r.left + r.width);
      bottom = Math.max(bottom, r.top + r.height);
      left = Math.min(left, r.left);
      top = Math.min(top, r.top);
    }
    if (this.fit) {
      // Projector: scale the used part of the board to the screen.
      const box = this.viewport.getBoundingClientRect();
      const usedW = Math.max(400, right - (Number.isFinite(left) ? left : 0) + 40);
      const usedH = Math.max(300, bottom - (Number.isFinite(top) ? top : 0) + 40);
      const scale = Math.min(1.5, box.width / usedW, Math.max(0.2, box.height) / usedH);
      const ox = Number.isFinite(left) ? Math.max(0, left - 20) : 0;
      const oy = Number.isFinite(top) ? Math.max(0, top - 20) : 0;
      this.canvas.style.width = `${right + 40}px`;
      this.canvas.style.height = `${bottom + 40}px`;
      this.canvas.style.transform = `scale(${scale}) translate(${-ox}px, ${-oy}px)`;
      return;
    }
    this.canvas.style.width = `${Math.max(1400, right + 400)}px`;
    this.canvas.style.height = `${Math.max(900, bottom + 300)}px`;
  }

  showSpotlight(notes) {
    const id = this.client.store.spotlight;
    if (id === this.lastSpotlight) return;
    this.lastSpotlight = id;
    if (id == null) return;
    for (const note of notes.values()) {
      if (note.id === id) {
        const node = this.noteEls.get(note.client_id);
        node?.scrollIntoView?.({ block: "center", inline: "center", behavior: "smooth" });
        announce(this.t("spotlighted", { text: note.text }));
      }
    }
  }

  /** Where a new note goes: the first free place in what the person sees. */
  freeSpot({ group = false } = {}) {
    const vp = this.viewport;
    const [w, h] = group ? [GROUP_MIN_W, GROUP_MIN_H] : [NOTE_W, NOTE_H];
    return findFreeSpot(this.client, vp.scrollLeft + 24, vp.scrollTop + 24, Math.max(w, vp.clientWidth - 48), w, h);
  }

  /** The group whose frame holds the middle of a note placed at (x, y), or null. */
  groupAt(x, y, key) {
    const notes = this.client.displayNotes();
    const cx = x + NOTE_W / 2;
    const cy = y + NOTE_H / 2;
    let best = null;
    for (const group of this.client.displayGroups().values()) {
      if (group.id == null) continue;
      const r = this.groupRect(group, notes, key);
      if (cx >= r.left && cx <= r.left + r.width && cy >= r.top && cy <= r.top + r.height) {
        if (!best || r.width * r.height < best.area) best = { group, area: r.width * r.height };
      }
    }
    return best ? best.group : null;
  }

  /** Move a note (by client_id) to (x, y); into the group found there. */
  moveNote(key, x, y) {
    const note = this.client.displayNotes().get(key);
    if (!note) return;
    x = clamp(x);
    y = clamp(y);
    const group = this.groupAt(x, y, key);
    const groupId = group ? group.id : null;
    const patch = { x, y };
    if (groupId !== (note.group_id ?? null)) patch.group_id = groupId;
    this.client.updateNote(key, patch);
    if (patch.group_id !== undefined) {
      announce(groupId ? this.t("moved_to_group", { title: group.title }) : this.t("ungrouped"));
    }
  }

  // --- input -------------------------------------------------------------------------

  bindInput() {
    const canvas = this.canvas;
    canvas.addEventListener("pointerdown", (e) => this.pointerDown(e));
    canvas.addEventListener("pointermove", (e) => this.pointerMove(e));
    canvas.addEventListener("pointerup", (e) => this.pointerUp(e));
    canvas.addEventListener("pointercancel", () => this.cancelDrag());
    canvas.addEventListener("keydown", (e) => this.keyDown(e));
    canvas.addEventListener("click", (e) => this.click(e));
  }

  pointerDown(e) {
    const node = e.target.closest(".board-note");
    if (!node || e.button !== 0 || e.target.closest("button, textarea, input")) return;
    if (this.editing === node.dataset.key) return;
    const note = this.client.displayNotes().get(node.dataset.key);
    if (!this.client.mayMove(note)) return;
    this.drag = { key: node.dataset.key, node, x0: note.x, y0: note.y, px: e.clientX, py: e.clientY, moved: false, id: e.pointerId };
    node.setPointerCapture?.(e.pointerId);
  }

  pointerMove(e) {
    const d = this.drag;
    if (!d || e.pointerId !== d.id) return;
    const dx = e.clientX - d.px;
    const dy = e.clientY - d.py;
    if (!d.moved && Math.abs(dx) + Math.abs(dy) < 4) return;
    d.moved = true;
    d.node.classList.add("is-dragging");
    d.node.style.left = `${clamp(d.x0 + dx)}px`;
    d.node.style.top = `${clamp(d.y0 + dy)}px`;
    e.preventDefault();
  }

  pointerUp(e) {
    const d = this.drag;
    if (!d || e.pointerId !== d.id) return;
    this.drag = null;
    d.node.classList.remove("is-dragging");
    if (!d.moved) return;
    this.moveNote(d.key, d.x0 + (e.clientX - d.px), d.y0 + (e.clientY - d.py));
    d.node.focus({ preventScroll: true });
    this.schedule();
  }

  cancelDrag() {
    if (!this.drag) return;
    this.drag.node.classList.remove("is-dragging");
    this.drag = null;
    this.schedule();
  }

  keyDown(e) {
    const node = e.target.closest(".board-note");
    if (!node || e.target !== node || this.editing) return;
    const key = node.dataset.key;
    const note = this.client.displayNotes().get(key);
    if (!note) return;
    const arrows = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
    if (arrows[e.key]) {
      e.preventDefault();
      if (!this.client.mayMove(note)) return;
      const step = e.shiftKey ? BIG_STEP : STEP;
      const [dx, dy] = arrows[e.key];
      this.moveNote(key, note.x + dx * step, note.y + dy * step);
      node.scrollIntoView({ block: "nearest", inline: "nearest" });
    } else if (e.key === "Enter") {
      e.preventDefault();
      this.startEdit(node);
    } else if (e.key === "Delete") {
      e.preventDefault();
      this.remove(node);
    } else if ((e.key === "+" || e.key === "=") && note.id != null) {
      e.preventDefault();
      if (this.client.can("vote") && this.client.store.remaining > 0) this.client.vote(note.id, 1);
    } else if (e.key === "-" && note.id != null) {
      e.preventDefault();
      if (this.client.can("vote")) this.client.vote(note.id, -1);
    }
  }

  click(e) {
    const button = e.target.closest("[data-note-action], [data-group-action]");
    if (!button) return;
    if (button.dataset.groupAction) {
      this.groupAction(button.closest(".board-group"), button.dataset.groupAction);
      return;
    }
    const node = button.closest(".board-note");
    const note = this.client.displayNotes().get(node.dataset.key);
    if (!note) return;
    switch (button.dataset.noteAction) {
      case "vote-up":
        this.client.vote(note.id, 1);
        break;
      case "vote-down":
        this.client.vote(note.id, -1);
        break;
      case "edit":
        this.startEdit(node);
        break;
      case "delete":
        this.remove(node);
        break;
      case "spotlight":
        this.client.spotlight(this.client.store.spotlight === note.id ? null : note.id);
        break;
      default:
        break;
    }
  }

  remove(node) {
    const note = this.client.displayNotes().get(node.dataset.key);
    if (!note || !this.client.mayEditNote(note)) return;
    if (!window.confirm(this.t("confirm_delete"))) return;
    this.client.deleteNote(node.dataset.key);
    announce(this.t("note_deleted"));
  }

  startEdit(node) {
    const key = node.dataset.key;
    const note = this.client.displayNotes().get(key);
    if (!note || !this.client.mayEditNote(note) || this.editing) return;
    this.editing = key;
    const text = node.querySelector(".board-note-text");
    text.hidden = true;
    const form = el("form", "board-note-edit");
    const area = el("textarea", "form-control");
    area.value = note.text;
    area.maxLength = 500;
    area.rows = 3;
    area.setAttribute("aria-label", this.t("note_text"));
    const save = el("button", "board-mini-btn", this.t("save"));
    save.type = "submit";
    const cancel = el("button", "board-mini-btn", this.t("cancel"));
    cancel.type = "button";
    const row = el("div", "board-note-edit-actions");
    row.append(save, cancel);
    form.append(area, row);
    text.after(form);
    this.schedule();
    const finish = (commit) => {
      const value = area.value.trim();
      form.remove();
      text.hidden = false;
      this.editing = null;
      if (commit && value && value !== note.text) this.client.updateNote(key, { text: value });
      else if (commit && !value) this.client.message(this.t("empty_text"), "warning");
      this.schedule();
      node.focus();
    };
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      finish(true);
    });
    cancel.addEventListener("click", () => finish(false));
    area.addEventListener("keydown", (e) => {
      if (e.key === "Escape") {
        e.preventDefault();
        e.stopPropagation();
        finish(false);
      } else if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        finish(true);
      }
    });
    area.focus();
  }

  groupAction(node, action) {
    const key = node.dataset.key;
    const group = this.client.displayGroups().get(key);
    if (!group) return;
    if (action === "delete") {
      if (window.confirm(this.t("confirm_delete_group", { title: group.title }))) this.client.deleteGroup(key);
      return;
    }
    // Rename in place: the title becomes a field.
    const title = node.querySelector(".board-group-title");
    if (node.querySelector(".board-group-edit")) return;
    const form = el("form", "board-group-edit");
    const input = el("input", "form-control form-control-sm");
    input.value = group.title;
    input.maxLength = 500;
    input.setAttribute("aria-label", this.t("group_title"));
    const save = el("button", "board-mini-btn", this.t("save"));
    save.type = "submit";
    form.append(input, save);
    title.hidden = true;
    title.after(form);
    input.focus();
    const done = (commit) => {
      const value = input.value.trim();
      form.remove();
      title.hidden = false;
      if (commit && value && value !== group.title) this.client.updateGroup(key, { title: value });
    };
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      done(true);
    });
    input.addEventListener("keydown", (e) => {
      if (e.key === "Escape") done(false);
    });
  }
}
