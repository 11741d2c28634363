// One need's position on its page: a circle of about 100 m for the public (the point is
// coarsened), a marker for city staff who see the exact point.
import { L, makeMap } from "./map-common.js";

for (const el of document.querySelectorAll("[data-need-point]")) {
  const [lat, lng] = el.dataset.point.split(",").map(Number);
  if (!Number.isFinite(lat) || !Number.isFinite(lng)) continue;
  el.dataset.center = `${lat},${lng}`;
  el.dataset.zoom = "16";
  const map = makeMap(el);
  if (el.dataset.exact === "true") {
    L.marker([lat, lng]).addTo(map);
  } else {
    L.circle([lat, lng], { radius: 80, color: "#0066cc", weight: 1, fillOpacity: 0.2 }).addTo(map);
  }
}
