// The space form: a map to pick the point (fills latitude and longitude), and the address or
// link fields shown according to the kind of space (physical place or virtual room).
import { L, makeMap } from "./map-common.js";

const picker = document.querySelector("[data-point-picker]");
const latInput = document.querySelector("[data-lat-input]");
const lngInput = document.querySelector("[data-lng-input]");

if (picker && latInput && lngInput) {
  const has = latInput.value !== "" && lngInput.value !== "";
  const start = [parseFloat(latInput.value), parseFloat(lngInput.value)];
  const map = makeMap(picker);
  if (has) map.setView(start, 16);
  let marker = has ? L.marker(start, { keyboard: false }).addTo(map) : null;
  const place = (latlng) => {
    if (marker) marker.setLatLng(latlng);
    else marker = L.marker(latlng, { keyboard: false }).addTo(map);
  };
  map.on("click", (event) => {
    latInput.value = event.latlng.lat.toFixed(6);
    lngInput.value = event.latlng.lng.toFixed(6);
    place(event.latlng);
  });
  const typed = () => {
    const lat = parseFloat(latInput.value);
    const lng = parseFloat(lngInput.value);
    if (Number.isFinite(lat) && Number.isFinite(lng) && Math.abs(lat) <= 90 && Math.abs(lng) <= 180) {
      place([lat, lng]);
      map.panTo([lat, lng]);
    }
  };
  latInput.addEventListener("change", typed);
  lngInput.addEventListener("change", typed);
}

// Show only the fields of the chosen kind (both stay in the page without JavaScript).
const kinds = document.querySelectorAll("[data-space-kind]");
const physical = document.querySelector("[data-physical-only]");
const virtual = document.querySelector("[data-virtual-only]");
function showKind() {
  const chosen = [...kinds].find((k) => k.checked)?.value || "physical";
  if (physical) physical.hidden = chosen !== "physical";
  if (virtual) virtual.hidden = chosen !== "virtual";
  if (chosen === "physical") window.dispatchEvent(new Event("resize")); // Leaflet re-measures
}
for (const k of kinds) k.addEventListener("change", showKind);
showKind();
