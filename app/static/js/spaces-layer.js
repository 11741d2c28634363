// The spaces of a city as a Leaflet layer, for any map (the city map, the spaces list).
//   import { addSpacesLayer } from "/static/js/spaces-layer.js";
//   const layer = await addSpacesLayer(map, "bari");
// Needs Leaflet loaded as the global L. Popups are built with textContent only.

const STYLE = { radius: 8, color: "#004d99", weight: 2, fillColor: "#0066cc", fillOpacity: 0.85 };
const STYLE_FESR = { ...STYLE, color: "#00664d", fillColor: "#008055" };

function popup(properties, labels) {
  const box = document.createElement("div");
  const title = document.createElement("a");
  title.href = properties.url;
  title.textContent = properties.name;
  title.className = "fw-semibold";
  box.append(title);
  const lines = [
    properties.address,
    properties.area ? properties.area.name : "",
    properties.capacity ? `${labels.capacity}: ${properties.capacity}` : "",
    properties.recovered_with === "fesr" ? labels.fesr : "",
    properties.accessible ? labels.accessible : "",
  ].filter(Boolean);
  for (const text of lines) {
    const line = document.createElement("div");
    line.className = "small";
    line.textContent = text;
    box.append(line);
  }
  return box;
}

/**
 * Fetch /api/v1/spaces.geojson?city=<citySlug> and add the spaces with a point to `map`.
 * Resolves to the L.GeoJSON layer (already added), so callers can remove it or fit bounds.
 */
export async function addSpacesLayer(map, citySlug, options = {}) {
  const L = window.L;
  const labels = {
    capacity: options.capacityLabel || (document.documentElement.lang === "it" ? "Capienza" : "Capacity"),
    fesr: options.fesrLabel || (document.documentElement.lang === "it" ? "Recuperato con FESR" : "Recovered with FESR"),
    accessible: options.accessibleLabel || (document.documentElement.lang === "it" ? "Accesso senza barriere" : "Step-free access"),
  };
  const response = await fetch(`/api/v1/spaces.geojson?city=${encodeURIComponent(citySlug)}`, {
    credentials: "same-origin",
    headers: { Accept: "application/geo+json, application/json" },
  });
  if (!response.ok) throw new Error(`spaces: ${response.status}`);
  const data = await response.json();
  const layer = L.geoJSON(data, {
    pointToLayer: (feature, latlng) =>
      L.circleMarker(latlng, feature.properties.recovered_with === "fesr" ? STYLE_FESR : STYLE),
    onEachFeature: (feature, marker) => {
      marker.bindPopup(() => popup(feature.properties, labels));
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
