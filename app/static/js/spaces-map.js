// A space's page: a small map with its point.
const el = document.querySelector("[data-space-map]");
if (el && window.L) {
  const L = window.L;
  const point = [parseFloat(el.dataset.lat), parseFloat(el.dataset.lng)];
  const map = L.map(el, { scrollWheelZoom: false }).setView(point, 16);
  L.tileLayer(el.dataset.tiles, { maxZoom: 19, attribution: "&copy; OpenStreetMap" }).addTo(map);
  L.circleMarker(point, { radius: 9, color: "#004d99", weight: 2, fillColor: "#0066cc", fillOpacity: 0.85 }).addTo(map);
}
