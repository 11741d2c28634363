// The live board page (templates/workshops/board.html): canvas, note and group forms,
// presence, chat and the facilitator's controls, over one BoardClient.
import { BoardClient, readConfig } from "./board-client.js";
import { commonPanels, textOrWarn } from "./board-ui.js";
import { CanvasView } from "./board-view.js";

const root = document.querySelector("[data-board-root]");
if (root) {
  const client = new BoardClient(readConfig(root));
  const { t, store } = client;
  commonPanels(root, client);
  const view = new CanvasView(root, client);

  // A new note: text, colour, placed where the person is looking.
  const noteForm = root.querySelector("[data-note-form]");
  const noteText = noteForm.querySelector("textarea[name=text]");
  noteForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = textOrWarn(client, noteText);
    if (!text) return;
    const color = noteForm.querySelector("input[name=color]:checked")?.value || "yellow";
    const { x, y } = view.freeSpot();
    const group = view.groupAt(x, y, null);
    client.createNote({ text, color, x, y, group_id: group ? group.id : null });
    noteText.value = "";
    noteText.focus();
  });
  // Enter adds the note, Shift+Enter starts a new line.
  noteText.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      noteForm.requestSubmit();
    }
  });
  // A note the server refused (locked, phase over…): its text comes back to the field.
  client.on("refused", ({ entry }) => {
    if (entry.event === "note:create" && !noteText.value) noteText.value = entry.payload.text;
  });

  const groupForm = root.querySelector("[data-group-form]");
  const groupTitle = groupForm.querySelector("input[name=title]");
  groupForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const title = textOrWarn(client, groupTitle);
    if (!title) return;
    const { x, y } = view.freeSpot({ group: true });
    client.createGroup({ title, x, y });
    groupTitle.value = "";
  });

  function renderForms() {
    const canNote = client.can("note");
    noteText.disabled = !canNote;
    for (const input of noteForm.querySelectorAll("input, button")) input.disabled = !canNote;
    groupForm.hidden = !client.can("group");
  }
  store.onChange((change) => {
    if (["reset", "status", "lock", "phase"].includes(change.type)) renderForms();
  });
  renderForms();
  root.boardClient = client; // for the browser tests and the console: not a global
  client.start();
}
