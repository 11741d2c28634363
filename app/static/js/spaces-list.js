// The spaces list page: a map of the city's spaces (spaces-layer.js).
import { addSpacesLayer } from "./spaces-layer.js";

const el = document.querySelector("[data-spaces-map]");
if (el && window.L) {
  const L = window.L;
  const map = L.map(el, { scrollWheelZoom: false }).setView(
    [parseFloat(el.dataset.lat), parseFloat(el.dataset.lng)],
    parseInt(el.dataset.zoom, 10) || 12,
  );
  L.tileLayer(el.dataset.tiles, {
    maxZoom: 19,
    attribution: "&copy; OpenStreetMap",
  }).addTo(map);
  addSpacesLayer(map, el.dataset.city)
    .then((layer) => {
      const bounds = layer.getBounds();
      if (bounds.isValid()) map.fitBounds(bounds, { padding: [24, 24], maxZoom: 15 });
    })
    .catch(() => {});
}
