// The needs list hears of new needs of its city (item:created on city:<slug>) and says so.
import { announce, connect } from "./live.js";
import { t } from "./i18n.js";

const box = document.querySelector("[data-new-needs]");
if (box) {
  // app.js already follows the page's topics; this adds a listener on the same connection.
  connect().on("item:created", ({ topic, kind }) => {
    if (topic !== box.dataset.liveTopic || kind !== "need") return;
    let note = document.querySelector("[data-new-needs-note]");
    if (!note) {
      note = document.createElement("div");
      note.className = "alert alert-info";
      note.setAttribute("role", "status");
      note.dataset.newNeedsNote = "";
      const link = document.createElement("a");
      link.href = window.location.href;
      link.textContent = t("needs_new");
      note.append(link);
      box.before(note);
    }
    announce(t("needs_new"));
  });
}
