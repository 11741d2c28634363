// The spaces of a city as a Leaflet layer, for any map (the city map, the spaces list).
//   import { addSpacesLayer } from "./spaces-layer.js";
//   const layer = await addSpacesLayer(map, "bari");
// Popups are built with textContent only; their words come from the page (t(): spaces_capacity,
// spaces_fesr, spaces_accessible).
import { L, getJSON, popupContent } from "./map-common.js";
import { t } from "./i18n.js";

export const SPACE_STYLE = { radius: 8, color: "#004d99", weight: 2, fillColor: "#0066cc", fillOpacity: 0.85 };
const STYLE_FESR = { ...SPACE_STYLE, color: "#00664d", fillColor: "#008055" };

function popup(properties) {
  return popupContent(properties.name, properties.url, [
    properties.address,
    properties.area ? properties.area.name : "",
    properties.capacity ? `${t("spaces_capacity")}: ${properties.capacity}` : "",
    properties.recovered_with === "fesr" ? t("spaces_fesr") : "",
    properties.accessible ? t("spaces_accessible") : "",
  ]);
}

/**
 * Fetch /api/v1/spaces.geojson?city=<citySlug> and add the spaces with a point to `map`.
 * Resolves to the L.GeoJSON layer (already added), so callers can remove it or fit bounds.
 */
export async function addSpacesLayer(map, citySlug) {
  const data = await getJSON(`/api/v1/spaces.geojson?city=${encodeURIComponent(citySlug)}`);
  const layer = L.geoJSON(data, {
    pointToLayer: (feature, latlng) =>
      L.circleMarker(latlng, feature.properties.recovered_with === "fesr" ? STYLE_FESR : SPACE_STYLE),
    onEachFeature: (feature, marker) => {
      marker.bindPopup(() => popup(feature.properties));
      marker.bindTooltip(() => {
        const span = document.createElement("span");
        span.textContent = feature.properties.name;
        return span;
      });
    },
  });
  layer.addTo(map);
  return layer;
}
