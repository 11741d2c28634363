// The application draft saves as one types: each change, after a short pause, is sent as a
// PATCH of the whole form (the same body the plain POST builds on the server) with the
// revision the page last saw. A save on an older revision comes back 409 with the other
// person's version, shown next to the form; nothing is overwritten silently. The eligibility
// panel (#eligibility) is filled from its endpoint when that exists (404: it stays hidden).
import { el } from "./dom.js";
import { t } from "./i18n.js";

const form = document.getElementById("application-form");
const status = document.getElementById("save-status");
const conflictBox = document.getElementById("conflict");
const csrf = document.querySelector('meta[name="csrf-token"]')?.content || "";
const ROWS = { partners: "organization", budget_lines: "description", indicators: "code" };
const DECLARATIONS = ["truthful", "no_double_funding", "privacy"];
const DELAY = 800;

let revision = Number(form?.dataset.revision || 0);
let timer = null;
let inFlight = false;
let again = false;
let stale = false;

function blank(value) {
  return value === undefined || value === null || String(value).trim() === "";
}

function rows(data, name) {
  const found = {};
  for (const [key, value] of data.entries()) {
    const match = key.match(new RegExp(`^${name}-(\\d+)-(\\w+)$`));
    if (match) (found[match[1]] ||= {})[match[2]] = value;
  }
  return Object.keys(found)
    .sort((a, b) => a - b)
    .map((i) => found[i])
    .filter((row) => {
      const amounts = name === "budget_lines" && !["amount", "quantity", "unit_cost"].every((k) => blank(row[k]));
      return !blank(row[ROWS[name]]) || amounts;
    })
    .map((row) => clean(name, row));
}

function clean(name, row) {
  const out = {};
  for (const [key, value] of Object.entries(row)) if (!blank(value)) out[key] = value.trim();
  if (name === "budget_lines") {
    if (out.unit_cost) {
      delete out.amount;
      out.unit_cost = Number(out.unit_cost);
    } else {
      delete out.unit_cost;
      delete out.quantity;
    }
  }
  if (name === "partners" && out.organization) out.organization = Number(out.organization);
  return out;
}

function body() {
  const data = new FormData(form);
  const value = (name) => (blank(data.get(name)) ? null : String(data.get(name)).trim());
  const out = { revision };
  out.title = data.get("title") || "";
  out.summary = data.get("summary") || "";
  out.area = value("area") && Number(value("area"));
  out.duration_months = value("duration_months");
  out.requested_grant = value("requested_grant");
  out.cofinancing = value("cofinancing") || "0";
  for (const name of Object.keys(ROWS)) out[name] = rows(data, name);
  out.declarations = Object.fromEntries(DECLARATIONS.map((k) => [k, data.get(k) === "y"]));
  return out;
}

function say(text) {
  status.textContent = text;
}

function showConflict(current) {
  stale = true;
  const box = conflictBox.querySelector("[data-conflict-body]");
  box.replaceChildren(
    el("p", "", t("applications_conflict")),
    el("p", "mb-1 fw-bold", t("applications_their_version", { n: current.revision })),
  );
  const list = el("dl", "mb-2");
  for (const key of ["title", "summary", "total_cost"]) {
    list.append(el("dt", "", form.querySelector(`label[for="${key}"]`)?.textContent || key));
    list.append(el("dd", "", current[key] ?? ""));
  }
  const reload = el("button", "btn btn-sm btn-primary", t("applications_reload"));
  reload.type = "button";
  reload.addEventListener("click", () => window.location.reload());
  box.append(list, reload);
  conflictBox.classList.remove("d-none");
  conflictBox.focus();
  conflictBox.scrollIntoView({ block: "center" });
}

function fieldErrors(fields) {
  return Object.values(fields || {}).flat().join(" ");
}

async function save() {
  if (stale) return;
  if (inFlight) {
    again = true;
    return;
  }
  inFlight = true;
  say(t("applications_saving"));
  try {
    const response = await fetch(form.dataset.apiUrl, {
      method: "PATCH",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf, Accept: "application/json" },
      credentials: "same-origin",
      body: JSON.stringify(body()),
    });
    const answer = await response.json().catch(() => ({}));
    if (response.ok) {
      revision = answer.revision;
      form.querySelector('input[name="revision"]').value = revision;
      const time = new Date().toLocaleTimeString(document.documentElement.lang || "it", { hour: "2-digit", minute: "2-digit" });
      say(t("applications_saved", { time }));
      refreshBudget(answer);
      checkEligibility();
    } else if (response.status === 409 && answer.error?.current) {
      showConflict(answer.error.current);
      say(t("applications_not_saved", { reason: answer.error.message }));
    } else {
      say(t("applications_not_saved", { reason: fieldErrors(answer.error?.fields) || answer.error?.message || response.status }));
    }
  } catch {
    say(t("applications_offline"));
  } finally {
    inFlight = false;
    if (again) {
      again = false;
      schedule();
    }
  }
}

function refreshBudget(answer) {
  const tbody = document.querySelector("[data-budget-lines]");
  if (!tbody) return;
  tbody.replaceChildren(
    ...answer.budget_lines.map((line) => {
      const row = el("tr");
      row.append(el("td", "", line.description), el("td", "", line.fund), el("td", "text-end", line.amount));
      return row;
    }),
  );
  document.querySelector("[data-total-cost]").textContent = answer.total_cost;
}

async function checkEligibility() {
  const panel = document.getElementById("eligibility");
  if (!panel) return;
  try {
    const response = await fetch(panel.dataset.eligibilityUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" });
    if (!response.ok) {
      panel.classList.add("d-none");
      return;
    }
    const answer = await response.json();
    const list = panel.querySelector("[data-eligibility-list]");
    const problems = answer.problems || [];
    list.replaceChildren(...(problems.length ? problems.map((p) => el("li", "", p.message)) : [el("li", "", t("applications_eligible"))]));
    panel.classList.remove("d-none");
  } catch {
    panel.classList.add("d-none");
  }
}

// Without JavaScript the page offers one empty row per section (a save brings the next);
// here a button adds one more at once: a copy of the last row, emptied and renumbered.
function addRowButtons() {
  for (const rows of form.querySelectorAll("[data-rows]")) {
    const name = rows.dataset.rows;
    const button = el("button", "btn btn-sm btn-outline-primary mb-3", t("applications_add_row"));
    button.type = "button";
    button.addEventListener("click", () => {
      const last = rows.lastElementChild;
      const copy = last.cloneNode(true);
      const index = rows.children.length;
      const renumber = (value) => value.replace(new RegExp(`^${name}-\\d+-`), `${name}-${index}-`);
      for (const node of copy.querySelectorAll("[name], [id], [for], [aria-describedby]")) {
        for (const attr of ["name", "id", "for", "aria-describedby"]) {
          if (node.hasAttribute(attr)) node.setAttribute(attr, node.getAttribute(attr).split(" ").map(renumber).join(" "));
        }
        if (node.matches("input")) {
          node.value = "";
          node.removeAttribute("readonly");
        }
        if (node.matches("select")) node.selectedIndex = 0;
      }
      for (const badge of copy.querySelectorAll("legend .badge, .invalid-feedback")) badge.remove();
      const legend = copy.querySelector("legend");
      if (legend && name === "indicators") legend.textContent = t("applications_new_indicator");
      else if (legend) legend.textContent = legend.textContent.replace(/\d+/, String(index + 1));
      rows.append(copy);
      copy.querySelector("input, select")?.focus();
    });
    rows.after(button);
  }
}

function schedule() {
  clearTimeout(timer);
  timer = setTimeout(save, DELAY);
}

if (form) {
  form.addEventListener("input", schedule);
  form.addEventListener("change", schedule);
  addRowButtons();
  window.addEventListener("pagehide", () => {
    if (timer) {
      clearTimeout(timer);
      save(); // a change typed just before closing the tab is still sent
    }
  });
  checkEligibility();
}
