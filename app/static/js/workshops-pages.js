// Workshop pages: a print button (minutes), and a confirmation before final actions
// (approving the minutes, cancelling a workshop).
import { t } from "./i18n.js";
const printButton = document.querySelector("[data-print]");
if (printButton) {
  printButton.hidden = false;
  printButton.addEventListener("click", () => window.print());
}
for (const button of document.querySelectorAll("button[data-confirm]")) {
  button.addEventListener("click", (event) => {
    if (!window.confirm(t(button.dataset.confirm))) event.preventDefault();
  });
}
