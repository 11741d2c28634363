// The board as lists (templates/workshops/board_list.html): notes by group with their
// votes, forms to add a note or a group, vote, move a note to a group, and (facilitators)
// run the phases. Everything is a button, a select or a form field, so it works by
// keyboard, with a screen reader and on a phone; new notes are announced.
import { announce } from "./live.js";
import { BoardClient, readConfig } from "./board-client.js";
import { commonPanels, el, textOrWarn } from "./board-ui.js";
import { findFreeSpot } from "./board-view.js";

const root = document.querySelector("[data-board-root]");
if (root) {
  const client = new BoardClient(readConfig(root));
  const { t, store, config } = client;
  const colors = new Set(config.colors);
  commonPanels(root, client);

  const container = root.querySelector("[data-list-groups]");
  const noteForm = root.querySelector("[data-note-form]");
  const noteText = noteForm.querySelector("[name=text]");
  const noteColor = noteForm.querySelector("[name=color]");
  const noteGroup = noteForm.querySelector("[name=group_id]");
  const groupPanel = root.querySelector("[data-group-form-panel]");
  const groupForm = root.querySelector("[data-group-form]");
  let frame = null;
  let focusAfter = null; // [data-key, action] to focus again after a re-render

  function button(label, action, key, extra = "btn-outline-primary") {
    const b = el("button", `btn btn-sm ${extra}`, label);
    b.type = "button";
    b.dataset.action = action;
    b.dataset.key = key;
    return b;
  }

  function sortedNotes() {
    const notes = [...client.displayNotes().values()];
    const total = (n) => (n.id != null ? store.votes.get(n.id) || 0 : 0);
    if (store.phase?.kind === "vote" || store.workshop.status === "closed") {
      notes.sort((a, b) => total(b) - total(a) || (a.id ?? Infinity) - (b.id ?? Infinity));
    }
    return notes;
  }

  function noteItem(note, groups) {
    const total = note.id != null ? store.votes.get(note.id) || 0 : 0;
    const myVotes = note.id != null ? store.myVotes.get(note.id) || 0 : 0;
    const item = el("li", `board-list-note note-${colors.has(note.color) ? note.color : "yellow"}`);
    item.dataset.key = note.client_id;
    if (note.id != null && store.spotlight === note.id) item.classList.add("is-spotlight");
    if (note.pending) item.classList.add("is-pending");
    item.append(el("p", "board-list-note-text", note.text));
    const meta = [note.author?.name || "", t("votes", { num: total })];
    if (myVotes) meta.push(t("my_votes", { n: myVotes }));
    if (note.pending) meta.push(t("note_sending"));
    if (note.id != null && store.spotlight === note.id) meta.push(t("in_spotlight"));
    item.append(el("p", "board-list-note-meta", meta.join(" · ")));

    const actions = el("div", "board-list-note-actions");
    if (client.can("vote") && note.id != null) {
      const up = button(t("vote_up"), "vote-up", note.client_id);
      up.disabled = store.remaining === 0;
      actions.append(up);
      if (myVotes) actions.append(button(t("vote_down"), "vote-down", note.client_id, "btn-outline-secondary"));
    }
    if (client.mayMove(note) && note.id != null && groups.length) {
      const id = `move-${note.client_id}`;
      const label = el("label", "visually-hidden", t("group_title"));
      label.htmlFor = id;
      const select = el("select", "form-select form-select-sm board-list-move");
      select.id = id;
      select.dataset.action = "move";
      select.dataset.key = note.client_id;
      select.append(new Option(t("ungrouped"), ""));
      for (const g of groups) if (g.id != null) select.append(new Option(g.title, String(g.id)));
      select.value = note.group_id != null ? String(note.group_id) : "";
      actions.append(label, select);
    }
    if (client.mayEditNote(note)) {
      actions.append(button(t("edit"), "edit", note.client_id, "btn-outline-secondary"));
      actions.append(button(t("delete"), "delete", note.client_id, "btn-outline-danger"));
    }
    if (config.isFacilitator && store.workshop.status === "live" && note.id != null) {
      const on = store.spotlight === note.id;
      const b = button(on ? t("spotlight_off") : t("spotlight"), "spotlight", note.client_id, "btn-outline-secondary");
      b.setAttribute("aria-pressed", on ? "true" : "false");
      actions.append(b);
    }
    if (actions.childElementCount) item.append(actions);
    return item;
  }

  function render() {
    frame = null;
    if (container.contains(document.activeElement) && document.activeElement.dataset.key) {
      focusAfter = focusAfter || [document.activeElement.dataset.key, document.activeElement.dataset.action];
    }
    if (container.querySelector(".board-list-edit")) return; // do not pull the form away mid-edit
    const groups = [...client.displayGroups().values()];
    const notes = sortedNotes();
    const sections = [...groups.map((g) => ({ group: g, notes: [] })), { group: null, notes: [] }];
    const byId = new Map(groups.filter((g) => g.id != null).map((g, i) => [g.id, sections[i]]));
    for (const note of notes) (byId.get(note.group_id) || sections[sections.length - 1]).notes.push(note);
    container.replaceChildren();
    for (const { group, notes: groupNotes } of sections) {
      const section = el("section", "board-list-group");
      const title = el("h3", "board-list-group-title", group ? group.title : t("ungrouped"));
      section.append(title);
      if (group && group.id != null && client.mayEditGroup(group)) {
        const tools = el("div", "board-list-group-tools");
        tools.append(button(t("rename"), "group-rename", group.client_id, "btn-outline-secondary"));
        tools.append(button(t("delete"), "group-delete", group.client_id, "btn-outline-danger"));
        section.append(tools);
      }
      if (groupNotes.length) {
        const list = el("ul", "board-list-notes");
        for (const note of groupNotes) list.append(noteItem(note, groups));
        section.append(list);
      } else {
        section.append(el("p", "text-muted", t("no_notes")));
      }
      container.append(section);
    }
    // The group choice of the add form follows the groups.
    const chosen = noteGroup.value;
    noteGroup.replaceChildren(new Option(t("ungrouped"), ""));
    for (const g of groups) if (g.id != null) noteGroup.append(new Option(g.title, String(g.id)));
    noteGroup.value = [...noteGroup.options].some((o) => o.value === chosen) ? chosen : "";
    if (focusAfter) {
      const [key, action] = focusAfter;
      focusAfter = null;
      const target =
        container.querySelector(`[data-key="${CSS.escape(key)}"][data-action="${CSS.escape(action || "")}"]`) ||
        container.querySelector(`[data-key="${CSS.escape(key)}"]`);
      target?.focus();
    }
    renderForms();
  }

  function schedule() {
    if (!frame) frame = window.requestAnimationFrame(render);
  }

  function renderForms() {
    const canNote = client.can("note");
    for (const field of noteForm.querySelectorAll("textarea, select, button")) field.disabled = !canNote;
    groupPanel.hidden = !client.can("group");
  }

  function startEdit(item, note) {
    const form = el("form", "board-list-edit");
    const id = `edit-${note.client_id}`;
    const label = el("label", "board-label", t("note_text"));
    label.htmlFor = id;
    const area = el("textarea", "form-control");
    area.id = id;
    area.rows = 3;
    area.maxLength = 500;
    area.value = note.text;
    const save = el("button", "btn btn-primary btn-sm mt-2 me-2", t("save"));
    save.type = "submit";
    const cancel = el("button", "btn btn-outline-secondary btn-sm mt-2", t("cancel"));
    cancel.type = "button";
    form.append(label, area, save, cancel);
    item.append(form);
    area.focus();
    const done = (commit) => {
      const value = area.value.trim();
      form.remove();
      if (commit && value && value !== note.text) client.updateNote(note.client_id, { text: value });
      focusAfter = [note.client_id, "edit"];
      schedule();
    };
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      done(true);
    });
    cancel.addEventListener("click", () => done(false));
    area.addEventListener("keydown", (e) => {
      if (e.key === "Escape") done(false);
    });
  }

  container.addEventListener("click", (event) => {
    const b = event.target.closest("button[data-action]");
    if (!b) return;
    const key = b.dataset.key;
    const note = client.displayNotes().get(key);
    const group = client.displayGroups().get(key);
    focusAfter = [key, b.dataset.action];
    switch (b.dataset.action) {
      case "vote-up":
        client.vote(note.id, 1);
        break;
      case "vote-down":
        client.vote(note.id, -1);
        break;
      case "edit":
        startEdit(b.closest("li"), note);
        break;
      case "delete":
        if (window.confirm(t("confirm_delete"))) {
          client.deleteNote(key);
          announce(t("note_deleted"));
        }
        break;
      case "spotlight":
        client.spotlight(store.spotlight === note.id ? null : note.id);
        break;
      case "group-rename": {
        const title = window.prompt(t("group_title"), group.title);
        if (title && title.trim() && title.trim() !== group.title) client.updateGroup(key, { title: title.trim() });
        break;
      }
      case "group-delete":
        if (window.confirm(t("confirm_delete_group", { title: group.title }))) client.deleteGroup(key);
        break;
      default:
        break;
    }
  });

  container.addEventListener("change", (event) => {
    const select = event.target.closest("select[data-action=move]");
    if (!select) return;
    const groupId = select.value ? Number(select.value) : null;
    focusAfter = [select.dataset.key, "move"];
    client.updateNote(select.dataset.key, { group_id: groupId });
    const group = groupId ? [...client.displayGroups().values()].find((g) => g.id === groupId) : null;
    announce(group ? t("moved_to_group", { title: group.title }) : t("ungrouped"));
  });

  noteForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = textOrWarn(client, noteText);
    if (!text) return;
    // On the canvas it takes the first free place, so the board view stays tidy.
    const { x, y } = findFreeSpot(client, 24, 24, 1200);
    const groupId = noteGroup.value ? Number(noteGroup.value) : null;
    client.createNote({ text, color: noteColor.value, x, y, group_id: groupId });
    noteText.value = "";
    noteText.focus();
  });
  client.on("refused", ({ entry }) => {
    if (entry.event === "note:create" && !noteText.value) noteText.value = entry.payload.text;
  });

  groupForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const input = groupForm.querySelector("[name=title]");
    const title = textOrWarn(client, input);
    if (!title) return;
    const { x, y } = findFreeSpot(client, 24, 24, 1400, 420, 300);
    client.createGroup({ title, x, y });
    input.value = "";
  });

  store.onChange((change) => {
    if (change.type === "note-created" && change.note.author?.id !== config.userId) {
      announce(t("new_note", { author: change.note.author?.name || "", text: change.note.text }));
    }
    if (change.type === "group-created") {
      if (!change.previous) announce(t("new_group", { title: change.group.title }));
    }
    if (change.type === "spotlight" && change.noteId != null) {
      const note = store.notes.get(change.noteId);
      if (note) announce(t("spotlighted", { text: note.text }));
    }
    schedule();
  });
  root.boardClient = client; // for the browser tests and the console: not a global
  client.start();
}
