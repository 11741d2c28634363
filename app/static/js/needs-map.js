// The needs map: clustered markers from /api/v1/needs.geojson, reloaded for the visible box.
// Points are already coarsened by the server (about 100 m).
import { L, makeMap, getJSON, areasLayer, popupContent } from "./map-common.js";
import { t } from "./i18n.js";

const el = document.querySelector("[data-needs-map]");
if (el) {
  const status = document.querySelector("[data-map-status]");
  const map = makeMap(el, { scrollWheelZoom: true });
  const clusters = L.markerClusterGroup({ chunkedLoading: true, showCoverageOnHover: false });
  clusters.addTo(map);
  let request = 0;
  let timer = null;

  if (el.dataset.areasUrl) {
    getJSON(el.dataset.areasUrl).then((data) => areasLayer(data, { faint: true }).addTo(map)).catch(() => {});
  }

  async function load() {
    const mine = ++request;
    const b = map.getBounds();
    const bbox = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map((n) => n.toFixed(5)).join(",");
    const url = new URL(el.dataset.geojsonUrl, window.location.origin);
    url.searchParams.set("bbox", bbox);
    try {
      const data = await getJSON(url);
      if (mine !== request) return; // a newer view was asked for meanwhile
      clusters.clearLayers();
      const markers = data.features.map((f) => {
        const [lng, lat] = f.geometry.coordinates;
        const p = f.properties;
        return L.marker([lat, lng], { title: p.title, keyboard: true }).bindPopup(() =>
          popupContent(p.title, p.url, [p.area, `+${p.support_count} · ${p.comment_count} 💬`]),
        );
      });
      clusters.addLayers(markers);
      if (status) {
        status.textContent = t("needs_on_map", { num: data.features.length }) + (data.truncated ? ` — ${t("needs_zoom_in")}` : "");
      }
    } catch {
      if (status) status.textContent = "";
    }
  }

  map.on("moveend", () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(load, 250);
  });
  load();
}
