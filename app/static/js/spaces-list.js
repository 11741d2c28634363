// The spaces list page: a map of the city's spaces (spaces-layer.js).
import { makeMap } from "./map-common.js";
import { addSpacesLayer } from "./spaces-layer.js";

const el = document.querySelector("[data-spaces-map]");
if (el) {
  const map = makeMap(el);
  addSpacesLayer(map, el.dataset.city)
    .then((layer) => {
      const bounds = layer.getBounds();
      if (bounds.isValid()) map.fitBounds(bounds, { padding: [24, 24], maxZoom: 15 });
    })
    .catch(() => {});
}
