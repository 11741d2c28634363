// Drawing an area's boundary: click to add corners, close the shape; the GeoJSON goes into
// the form's textarea (which keyboard users can also fill by hand or from a file).
import { L, makeMap, AREA_STYLE } from "./map-common.js";

const el = document.querySelector("[data-area-draw]");
if (el) {
  const textarea = document.getElementById(el.dataset.target);
  const buttons = document.querySelector("[data-draw-buttons]");
  const status = document.querySelector("[data-draw-status]");
  const map = makeMap(el, { doubleClickZoom: false });
  let corners = [];
  let sketch = null;
  let shape = null;

  const say = (text) => { if (status) status.textContent = text; };
  const clearSketch = () => { if (sketch) { map.removeLayer(sketch); sketch = null; } };
  const clearShape = () => { if (shape) { map.removeLayer(shape); shape = null; } };

  function showGeoJSON(text, fit) {
    clearShape();
    try {
      const geometry = JSON.parse(text);
      shape = L.geoJSON(geometry, { style: AREA_STYLE }).addTo(map);
      if (fit && shape.getLayers().length) map.fitBounds(shape.getBounds(), { padding: [12, 12] });
    } catch {
      shape = null;
    }
  }

  function redrawSketch() {
    clearSketch();
    if (corners.length) {
      sketch = (corners.length > 2 ? L.polygon(corners, { ...AREA_STYLE, dashArray: "4 4" }) : L.polyline(corners, AREA_STYLE)).addTo(map);
    }
    say(corners.length ? `${corners.length} ✓` : "");
  }

  map.on("click", (event) => {
    clearShape();
    corners.push([event.latlng.lat, event.latlng.lng]);
    redrawSketch();
  });

  buttons.hidden = false;
  buttons.addEventListener("click", (event) => {
    const action = event.target.closest("[data-draw]")?.dataset.draw;
    if (action === "undo") { corners.pop(); redrawSketch(); }
    if (action === "clear") { corners = []; redrawSketch(); clearShape(); textarea.value = ""; }
    if (action === "close" && corners.length >= 3) {
      const ring = corners.map(([lat, lng]) => [Number(lng.toFixed(6)), Number(lat.toFixed(6))]);
      ring.push(ring[0]);
      textarea.value = JSON.stringify({ type: "Polygon", coordinates: [ring] });
      corners = [];
      clearSketch();
      showGeoJSON(textarea.value, false);
      say("");
    }
  });

  textarea.addEventListener("change", () => showGeoJSON(textarea.value, true));
  if (textarea.value.trim()) showGeoJSON(textarea.value, true);
}
