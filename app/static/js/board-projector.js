// The projector view (templates/workshops/projector.html): read-only, big, fitted to the
// screen; shows the phase, the timer and the spotlighted note.
import { BoardClient, readConfig } from "./board-client.js";
import { messages, statusBar } from "./board-ui.js";
import { CanvasView } from "./board-view.js";

const root = document.querySelector("[data-board-root]");
if (root) {
  const client = new BoardClient(readConfig(root), { readOnly: true });
  const { t, store } = client;
  messages(root, client);
  statusBar(root, client);
  new CanvasView(root, client, { readOnly: true, fit: true });

  const spot = root.querySelector("[data-spotlight]");
  const spotText = root.querySelector("[data-spotlight-text]");
  const spotMeta = root.querySelector("[data-spotlight-meta]");
  const people = root.querySelector("[data-participant-count]");
  function render() {
    const note = store.spotlight != null ? store.notes.get(store.spotlight) : null;
    spot.hidden = !note;
    root.classList.toggle("has-spotlight", Boolean(note));
    if (note) {
      spotText.textContent = note.text;
      const total = store.votes.get(note.id) || 0;
      spotMeta.textContent = `${note.author?.name || ""} · ${t("votes", { num: total })}`;
    }
    if (people) people.textContent = t("participants", { num: store.participants.length });
  }
  store.onChange(render);
  render();
  root.boardClient = client; // for the browser tests and the console: not a global
  client.start();
}
