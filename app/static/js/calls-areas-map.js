// The eligible areas of a call on its page (templates/calls/_areas.html): each area coloured
// by its funding-intensity band (the server says the band; the legend uses the same colours,
// css/cantiere.css .cantiere-band-N), a popup with its name and intensity, and every area
// reachable by keyboard (Tab to it, Enter or Space opens its popup).
import { L, makeMap, getJSON, popupContent } from "./map-common.js";
import { t } from "./i18n.js";

// A sequential scale, light to dark (ColorBrewer "Blues"), as .cantiere-band-0 … -4.
const BANDS = ["#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c"];

function percent(value) {
  return new Intl.NumberFormat(document.documentElement.lang || "it", { maximumFractionDigits: 2 }).format(Number(value));
}

function reachable(shape, label) {
  shape.eachLayer((path) => {
    const el = path.getElement?.();
    if (!el) return;
    el.setAttribute("tabindex", "0");
    el.setAttribute("role", "button");
    el.setAttribute("aria-label", label);
    el.addEventListener("keydown", (event) => {
      if (event.key !== "Enter" && event.key !== " ") return;
      event.preventDefault();
      shape.openPopup(path.getBounds().getCenter());
    });
  });
}

for (const el of document.querySelectorAll("[data-call-areas-map]")) {
  const map = makeMap(el);
  getJSON(el.dataset.areasUrl)
    .then((data) => {
      const layer = L.featureGroup().addTo(map);
      for (const feature of data.features || []) {
        const { name, intensity, band, url } = feature.properties;
        const colour = BANDS[band] || BANDS[BANDS.length - 1];
        const shape = L.geoJSON(feature.geometry, {
          style: { color: "#08306b", weight: 2, fillColor: colour, fillOpacity: 0.65 },
        });
        const pct = percent(intensity);
        shape.bindPopup(() => popupContent(name, url, [t("calls_area_intensity", { pct })]));
        shape.addTo(layer);
        reachable(shape, t("calls_area_label", { name, pct }));
      }
      if (layer.getLayers().length) map.fitBounds(layer.getBounds(), { padding: [24, 24] });
    })
    .catch(() => el.classList.add("cantiere-map-failed"));
}
