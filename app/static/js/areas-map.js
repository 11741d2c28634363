// Maps of target areas (city page, area list, area page): outlines from /api/v1/areas.
import { makeMap, getJSON, areasLayer } from "./map-common.js";
import { t } from "./i18n.js";

for (const el of document.querySelectorAll("[data-areas-map]")) {
  const map = makeMap(el);
  getJSON(el.dataset.areasUrl)
    .then((data) => {
      const layer = areasLayer(data).addTo(map);
      if (layer.getLayers().length) map.fitBounds(layer.getBounds(), { padding: [12, 12] });
    })
    .catch(() => el.classList.add("cantiere-map-failed"));
}

// Forms that ask for a confirmation before a destructive action.
for (const form of document.querySelectorAll("form[data-confirm]")) {
  form.addEventListener("submit", (event) => {
    if (!window.confirm(t(form.dataset.confirm))) event.preventDefault();
  });
}
