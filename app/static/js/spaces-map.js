// A space's page: a small map with its point.
import { L, makeMap } from "./map-common.js";
import { SPACE_STYLE } from "./spaces-layer.js";

const el = document.querySelector("[data-space-map]");
if (el) {
  const map = makeMap(el);
  L.circleMarker(map.getCenter(), { ...SPACE_STYLE, radius: 9 }).addTo(map);
}
