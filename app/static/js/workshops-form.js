// The workshop form: add and remove agenda rows (without JavaScript a few empty rows are
// shown; the server ignores empty ones and accepts gaps in the row numbers).
const list = document.querySelector("[data-agenda-list]");
const template = document.querySelector("[data-agenda-template]");
const addButton = document.querySelector("[data-agenda-add]");
const MAX_ROWS = 20;

function nextIndex() {
  let max = -1;
  for (const input of list.querySelectorAll("input[name$='-name']")) {
    const match = /^agenda-(\d+)-name$/.exec(input.name);
    if (match) max = Math.max(max, Number(match[1]));
  }
  return max + 1;
}

function wire(row) {
  const remove = row.querySelector("[data-agenda-remove]");
  remove.hidden = false;
  remove.addEventListener("click", () => {
    const next = row.nextElementSibling || row.previousElementSibling;
    row.remove();
    refresh();
    (next?.querySelector("input") || addButton).focus();
  });
}

function refresh() {
  addButton.disabled = list.querySelectorAll("[data-agenda-row]").length >= MAX_ROWS;
}

if (list && template && addButton) {
  for (const row of list.querySelectorAll("[data-agenda-row]")) wire(row);
  addButton.hidden = false;
  addButton.addEventListener("click", () => {
    const index = String(nextIndex());
    const fragment = template.content.cloneNode(true);
    for (const el of fragment.querySelectorAll("[id], [name], [for]")) {
      for (const attr of ["id", "name", "for"]) {
        if (el.hasAttribute(attr)) el.setAttribute(attr, el.getAttribute(attr).replace("__i__", index));
      }
    }
    const row = fragment.querySelector("[data-agenda-row]");
    list.appendChild(fragment);
    wire(row);
    refresh();
    row.querySelector("input").focus();
  });
  refresh();
}
