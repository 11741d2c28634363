// Placing a need on the map: a click (or a drag of the marker) writes the latitude and
// longitude fields; typing in them moves the marker. The city's target areas are outlined.
import { L, makeMap, getJSON, areasLayer } from "./map-common.js";

const el = document.querySelector("[data-need-picker]");
if (el) {
  const latInput = document.getElementById(el.dataset.lat);
  const lngInput = document.getElementById(el.dataset.lng);
  const clearButton = document.querySelector('[data-picker="clear"]');
  const locateButton = document.querySelector('[data-picker="locate"]');
  const map = makeMap(el);
  let marker = null;

  if (el.dataset.areasUrl) {
    getJSON(el.dataset.areasUrl).then((data) => areasLayer(data, { faint: true }).addTo(map)).catch(() => {});
  }

  function place(lat, lng, write) {
    if (!Number.isFinite(lat) || !Number.isFinite(lng)) return;
    if (!marker) {
      marker = L.marker([lat, lng], { draggable: true, keyboard: true }).addTo(map);
      marker.on("dragend", () => {
        const p = marker.getLatLng();
        setFields(p.lat, p.lng);
      });
    } else {
      marker.setLatLng([lat, lng]);
    }
    if (write) setFields(lat, lng);
    clearButton.hidden = false;
  }

  function setFields(lat, lng) {
    latInput.value = lat.toFixed(6);
    lngInput.value = lng.toFixed(6);
  }

  map.on("click", (event) => place(event.latlng.lat, event.latlng.lng, true));

  const fromFields = () => {
    const lat = parseFloat(latInput.value.replace(",", "."));
    const lng = parseFloat(lngInput.value.replace(",", "."));
    if (Number.isFinite(lat) && Number.isFinite(lng)) {
      place(lat, lng, false);
      map.setView([lat, lng], Math.max(map.getZoom(), 15));
    }
  };
  latInput.addEventListener("change", fromFields);
  lngInput.addEventListener("change", fromFields);
  fromFields();

  clearButton.addEventListener("click", () => {
    if (marker) { map.removeLayer(marker); marker = null; }
    latInput.value = "";
    lngInput.value = "";
    clearButton.hidden = true;
  });

  if ("geolocation" in navigator) {
    locateButton.hidden = false;
    locateButton.addEventListener("click", () => {
      navigator.geolocation.getCurrentPosition((pos) => {
        place(pos.coords.latitude, pos.coords.longitude, true);
        map.setView([pos.coords.latitude, pos.coords.longitude], 16);
      });
    });
  }
}
