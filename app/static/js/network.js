// The partner network map (organisations/network.html). Cytoscape is loaded before this
// module as a classic script (window.cytoscape). Data come from /api/v1/network; the page's
// tables are the accessible alternative, and a select lets keyboard users find a node.
// User text (names) only ever reaches the DOM through textContent, and the canvas.
import { t } from "./i18n.js";

const MAX_NODES = 400;
const container = document.getElementById("network-map");
const statusLine = document.querySelector("[data-network-status]");
const filters = document.querySelector("[data-network-filters]");
const isolatedBox = document.querySelector("[data-network-isolated]");
const picker = document.querySelector("[data-network-picker]");
const pickerSelect = picker?.querySelector("select");
const details = document.querySelector("[data-network-details]");

let cy = null;
let current = null;
let loading = 0;

function say(message) {
  if (statusLine) statusLine.textContent = message;
}

async function fetchNetwork() {
  const url = new URL(container.dataset.api, window.location.origin);
  for (const [name, value] of new FormData(filters)) {
    if (value) url.searchParams.set(name, value);
  }
  const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
  if (!response.ok) throw new Error(`network ${response.status}`);
  return response.json();
}

function bridgesOf(nodes) {
  const ranked = nodes.filter((n) => n.betweenness > 0).sort((a, b) => b.betweenness - a.betweenness);
  const count = Math.min(10, Math.max(1, Math.ceil(ranked.length * 0.05)));
  return new Set(ranked.slice(0, count).map((n) => n.id));
}

function showDetails(node) {
  if (!details) return;
  const labels = JSON.parse(container.dataset.labels || "{}");
  details.querySelector("[data-details-name]").textContent = node.name;
  details.querySelector("[data-details-form]").textContent = labels[node.legal_form] || node.legal_form;
  details.querySelector("[data-details-partners]").textContent = [
    t("network_partners", { n: node.partners }),
    t("network_partnerships", { n: node.partnerships }),
  ].join(" · ");
  const flags = [node.verified ? t("network_verified") : t("network_unverified")];
  if (node.third_sector) flags.push(t("network_third"));
  if (node.betweenness > 0) flags.push(t("network_bridge", { b: node.betweenness.toFixed(3) }));
  details.querySelector("[data-details-flags]").textContent = flags.join(" · ");
  details.querySelector("[data-details-link]").href = node.url;
  details.hidden = false;
}

function select(id) {
  if (!cy) return;
  cy.elements().unselect();
  const element = cy.getElementById(`o${id}`);
  if (element.empty()) return;
  element.select();
  cy.animate({ center: { eles: element }, zoom: Math.max(cy.zoom(), 1) }, { duration: 300 });
  showDetails(element.data("node"));
  if (pickerSelect) pickerSelect.value = String(id);
}

function fillPicker(nodes) {
  if (!pickerSelect) return;
  while (pickerSelect.options.length > 1) pickerSelect.remove(1);
  for (const node of [...nodes].sort((a, b) => a.name.localeCompare(b.name))) {
    const option = document.createElement("option");
    option.value = String(node.id);
    option.textContent = node.name;
    pickerSelect.append(option);
  }
  picker.hidden = nodes.length === 0;
}

function draw(data) {
  const colours = JSON.parse(container.dataset.colours || "{}");
  let nodes = data.nodes.filter((n) => isolatedBox?.checked || n.partners > 0);
  const total = nodes.length;
  nodes.sort((a, b) => b.partners - a.partners || b.betweenness - a.betweenness);
  if (nodes.length > MAX_NODES) nodes = nodes.slice(0, MAX_NODES);
  const ids = new Set(nodes.map((n) => n.id));
  const bridges = bridgesOf(nodes);
  const elements = [
    ...nodes.map((n) => ({
      data: {
        id: `o${n.id}`,
        label: n.name,
        colour: colours[n.legal_form] || "#737373",
        size: 14 + 6 * Math.sqrt(n.partners),
        node: n,
      },
      classes: bridges.has(n.id) ? "bridge" : "",
    })),
    ...data.edges
      .filter((e) => ids.has(e.source) && ids.has(e.target))
      .map((e) => ({ data: { id: `e${e.source}-${e.target}`, source: `o${e.source}`, target: `o${e.target}`, weight: e.weight } })),
  ];
  if (cy) cy.destroy();
  cy = null;
  fillPicker(nodes);
  if (!nodes.length) {
    container.hidden = true;
    say(t("network_empty"));
    return;
  }
  container.hidden = false;
  cy = window.cytoscape({
    container,
    elements,
    minZoom: 0.1,
    maxZoom: 4,
    wheelSensitivity: 0.3,
    boxSelectionEnabled: false,
    style: [
      {
        selector: "node",
        style: {
          "background-color": "data(colour)",
          width: "data(size)",
          height: "data(size)",
          label: "data(label)",
          "font-size": 9,
          "min-zoomed-font-size": 7,
          "text-valign": "bottom",
          "text-margin-y": 2,
          color: "#1a1a1a",
          "text-wrap": "ellipsis",
          "text-max-width": 120,
        },
      },
      { selector: "node.bridge", style: { "border-width": 4, "border-color": "#17324d" } },
      { selector: "node:selected", style: { "border-width": 5, "border-color": "#ff9900" } },
      {
        selector: "edge",
        style: { width: "mapData(weight, 1, 5, 1, 6)", "line-color": "#9aa5b1", opacity: 0.7, "curve-style": "haystack" },
      },
    ],
    layout: { name: "cose", animate: false, randomize: true, nodeRepulsion: 9000, idealEdgeLength: 70, numIter: 1200 },
  });
  cy.on("tap", "node", (event) => select(event.target.data("node").id));
  current = data;
  say(total > nodes.length ? t("network_shown", { shown: nodes.length, total }) : t("network_all", { num: nodes.length }));
}

async function refresh() {
  const mine = ++loading;
  try {
    const data = await fetchNetwork();
    if (mine === loading) draw(data);
  } catch (error) {
    if (mine === loading) say(t("network_error"));
  }
}

if (container && typeof window.cytoscape === "function") {
  container.style.height = "min(70vh, 560px)";
  // A new area or form reloads the page, so that the map, the counts and the tables agree.
  filters?.addEventListener("change", () => filters.requestSubmit());
  isolatedBox?.addEventListener("change", () => current && draw(current));
  pickerSelect?.addEventListener("change", () => pickerSelect.value && select(pickerSelect.value));
  refresh();
} else if (container) {
  say(t("network_error"));
}
