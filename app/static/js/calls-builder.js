// The call builder: add and remove rows (without JavaScript the page offers empty rows and
// the server ignores them), the area's own intensity as a hint, and a live summary of the
// budget per fund and of the criteria's points. Words come from the page's strings (t()).
import { t } from "./i18n.js";

const form = document.querySelector("[data-call-builder]");
const summary = document.querySelector("[data-call-summary]");

const amount = (value) => {
  const number = Number(String(value || "").trim());
  return Number.isFinite(number) ? number : 0;
};
const euro = new Intl.NumberFormat(document.documentElement.lang || "it", { style: "currency", currency: "EUR" });
const points = new Intl.NumberFormat(document.documentElement.lang || "it", { maximumFractionDigits: 2 });

function renumber(list) {
  list.querySelectorAll("[data-call-row]").forEach((row, index) => {
    const title = row.querySelector("[data-row-title]");
    if (title) title.textContent = title.textContent.replace(/\d+$/, String(index + 1));
  });
  const add = form.querySelector(`[data-row-add="${CSS.escape(list.dataset.callRows)}"]`);
  if (add) add.disabled = list.querySelectorAll("[data-call-row]").length >= Number(list.dataset.max || 100);
}

function wire(row, list) {
  const remove = row.querySelector("[data-row-remove]");
  remove.hidden = false;
  remove.addEventListener("click", () => {
    const next = row.nextElementSibling || row.previousElementSibling;
    row.remove();
    renumber(list);
    update();
    (next?.querySelector("input, select, textarea") || form.querySelector(`[data-row-add="${CSS.escape(list.dataset.callRows)}"]`))?.focus();
  });
}

function nextIndex(list) {
  let max = -1;
  for (const el of list.querySelectorAll("[name]")) {
    const match = /^[a-z_]+-(\d+)-/.exec(el.name);
    if (match) max = Math.max(max, Number(match[1]));
  }
  return max + 1;
}

function addRow(list) {
  const last = list.querySelector("[data-call-row]:last-of-type");
  if (!last) return;
  const row = last.cloneNode(true);
  const index = String(nextIndex(list));
  for (const el of row.querySelectorAll("[id], [name], [for], [aria-describedby]")) {
    for (const attr of ["id", "name", "for", "aria-describedby"]) {
      if (el.hasAttribute(attr)) el.setAttribute(attr, el.getAttribute(attr).replace(/-\d+-/g, `-${index}-`));
    }
  }
  for (const el of row.querySelectorAll("input, textarea")) el.value = "";
  for (const el of row.querySelectorAll("select")) el.selectedIndex = 0;
  for (const el of row.querySelectorAll(".invalid-feedback")) el.remove();
  for (const el of row.querySelectorAll(".is-invalid")) {
    el.classList.remove("is-invalid");
    el.removeAttribute("aria-invalid");
  }
  list.appendChild(row);
  wire(row, list);
  renumber(list);
  row.querySelector("input, select, textarea")?.focus();
}

const intensities = JSON.parse(form?.querySelector("[data-area-intensities]")?.dataset.areaIntensities || "{}");
function hintIntensity(select) {
  const box = select.closest("[data-call-row]")?.querySelector("input[name$='-intensity_pct']");
  if (box) box.placeholder = intensities[select.value] ? t("calls_area_default", { pct: intensities[select.value] }) : "";
}

// A code of the common indicators fills in the row's name and unit when they are empty.
const catalogue = JSON.parse(document.querySelector("[data-indicator-catalogue]")?.dataset.indicatorCatalogue || "{}");
function fillIndicator(box) {
  const known = catalogue[box.value.trim().toUpperCase()];
  const row = box.closest("[data-call-row]");
  if (!known || !row) return;
  const [name, unit] = known;
  const nameBox = row.querySelector("input[name$='-name']");
  const unitBox = row.querySelector("input[name$='-unit']");
  if (nameBox && !nameBox.value) nameBox.value = name;
  if (unitBox && !unitBox.value) unitBox.value = unit;
}

function entry(term, value) {
  const dt = document.createElement("dt");
  dt.textContent = term;
  const dd = document.createElement("dd");
  dd.textContent = value;
  return [dt, dd];
}

function update() {
  if (!summary) return;
  const list = summary.querySelector("[data-summary-list]");
  const budget = amount(form.elements.budget?.value);
  const items = [...entry(t("calls_budget"), euro.format(budget))];
  let ceilings = 0;
  for (const row of form.querySelectorAll("[data-call-rows='funds'] [data-call-row]")) {
    const fund = row.querySelector("select")?.value;
    const ceiling = amount(row.querySelector("input[name$='-ceiling']")?.value);
    if (!fund) continue;
    ceilings += ceiling;
    items.push(...entry(t("calls_fund", { fund }), euro.format(ceiling)));
  }
  items.push(...entry(t("calls_ceilings"), euro.format(ceilings)));
  const warnings = [];
  if (ceilings < budget) warnings.push(t("calls_short"));
  let total = 0;
  for (const box of form.querySelectorAll("input[name$='-max_points']")) total += amount(box.value);
  const minimum = amount(form.elements.min_score?.value);
  items.push(...entry(t("calls_points"), points.format(total)), ...entry(t("calls_min_score"), points.format(minimum)));
  if (total && minimum > total) warnings.push(t("calls_too_high"));
  list.replaceChildren(...items);
  // Only the warnings are announced (the figures change at every key stroke).
  const warning = summary.querySelector("[data-summary-warnings]");
  if (warning.textContent !== warnings.join(" ")) warning.textContent = warnings.join(" ");
}

if (form) {
  for (const list of form.querySelectorAll("[data-call-rows]")) {
    for (const row of list.querySelectorAll("[data-call-row]")) wire(row, list);
    const add = form.querySelector(`[data-row-add="${CSS.escape(list.dataset.callRows)}"]`);
    if (add) {
      add.hidden = false;
      add.addEventListener("click", () => addRow(list));
    }
    renumber(list);
  }
  for (const select of form.querySelectorAll("select[name$='-area']")) hintIntensity(select);
  form.addEventListener("change", (event) => {
    if (event.target.matches("select[name$='-area']")) hintIntensity(event.target);
  });
  form.addEventListener("input", (event) => {
    if (event.target.matches("input[name^='indicators-'][name$='-code']")) fillIndicator(event.target);
    update();
  });
  form.addEventListener("change", update);
  if (summary) {
    summary.hidden = false;
    update();
  }
}
