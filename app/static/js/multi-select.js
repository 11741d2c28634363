// Long lists of choices: a plain <select multiple data-searchable> (rendered by the form macro,
// _macros/forms.html) becomes a searchable picker with Tom Select (vendored, loaded as a classic
// script before this module: window.TomSelect). Without JavaScript the plain list stays.
// Keyboard: type to filter, arrows to move, Enter to pick, Backspace to drop the last choice.
import { t } from "./i18n.js";

function message(text) {
  const div = document.createElement("div");
  div.className = "no-results";
  div.textContent = text;
  return div;
}

const TomSelect = window.TomSelect;
if (TomSelect) {
  for (const select of document.querySelectorAll("select[multiple][data-searchable]")) {
    new TomSelect(select, {
      plugins: { remove_button: { title: t("select_remove") } },
      maxOptions: null,
      hidePlaceholder: true,
      placeholder: t("select_search"),
      render: { no_results: () => message(t("select_none")) },
    });
  }
}
