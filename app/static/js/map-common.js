// Shared helpers of Cantiere's Leaflet maps. Leaflet (and markercluster) are loaded as classic
// scripts before the page module, so they are on window.L.

export const L = window.L;

/** A Leaflet map in `el`, centred on data-center="lat,lng" at data-zoom, with the tiles of data-tile-url. */
export function makeMap(el, options = {}) {
  const [lat, lng] = (el.dataset.center || "41.9,12.5").split(",").map(Number);
  const map = L.map(el, { scrollWheelZoom: false, ...options }).setView([lat, lng], Number(el.dataset.zoom || 12));
  if (el.dataset.tileUrl) {
    L.tileLayer(el.dataset.tileUrl, {
      maxZoom: 19,
      attribution: '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
    }).addTo(map);
  }
  return map;
}

export async function getJSON(url) {
  const response = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
  if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
  return response.json();
}

/** A popup body: a link (text set with textContent, never as HTML) and optional lines. */
export function popupContent(title, url, lines = []) {
  const box = document.createElement("div");
  const link = document.createElement("a");
  link.href = url;
  link.textContent = title;
  link.className = "fw-semibold";
  box.append(link);
  for (const line of lines) {
    if (!line) continue;
    const p = document.createElement("div");
    p.className = "small";
    p.textContent = line;
    box.append(p);
  }
  return box;
}

export const AREA_STYLE = { color: "#0066cc", weight: 2, fillOpacity: 0.12 };
export const AREA_STYLE_FAINT = { color: "#0066cc", weight: 1, fillOpacity: 0.05, interactive: false };

/** Outline the areas of an /api/v1/areas answer (a page or one area); returns the layer. */
export function areasLayer(data, { faint = false, popups = true } = {}) {
  const areas = Array.isArray(data?.items) ? data.items : data ? [data] : [];
  const layer = L.featureGroup();
  for (const area of areas) {
    if (!area.geometry) continue;
    const shape = L.geoJSON(area.geometry, { style: faint ? AREA_STYLE_FAINT : AREA_STYLE });
    if (popups && !faint) {
      shape.bindPopup(() => popupContent(area.name, area.url, [`${area.funding_intensity}%`]));
    }
    shape.addTo(layer);
  }
  return layer;
}
