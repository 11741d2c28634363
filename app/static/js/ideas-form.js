// The proposal form: find more needs of the city by words (GET /api/v1/needs?city=&q=)
// and add them as ticked boxes. Without JavaScript the need numbers field does the same.
import { t } from "./i18n.js";
const box = document.querySelector("[data-need-search]");
const choices = document.querySelector("[data-need-choices]");

function ticked() {
  return new Set([...document.querySelectorAll('input[name="need_ids"]')].map((el) => el.value));
}

function addChoice(need) {
  const id = String(need.id);
  const existing = document.querySelector(`input[name="need_ids"][value="${CSS.escape(id)}"]`);
  if (existing) {
    existing.checked = true;
    existing.focus();
    return;
  }
  const wrapper = document.createElement("div");
  wrapper.className = "form-check";
  const input = document.createElement("input");
  input.className = "form-check-input";
  input.type = "checkbox";
  input.name = "need_ids";
  input.value = id;
  input.id = `need-${id}`;
  input.checked = true;
  const label = document.createElement("label");
  label.className = "form-check-label";
  label.htmlFor = input.id;
  label.textContent = t("ideas_need", { title: need.title, id });
  wrapper.append(input, label);
  choices.append(wrapper);
  input.focus();
}

if (box && choices && box.dataset.api) {
  const input = box.querySelector("input");
  const results = box.querySelector("ul");
  let timer = null;
  let asked = 0;

  async function search() {
    const q = input.value.trim();
    results.replaceChildren();
    if (q.length < 3) return;
    const mine = ++asked;
    const url = `${box.dataset.api}?city=${encodeURIComponent(box.dataset.city)}&q=${encodeURIComponent(q)}&per_page=8`;
    let page;
    try {
      const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (!response.ok) return;
      page = await response.json();
    } catch {
      return;
    }
    if (mine !== asked) return; // a newer search is on its way
    const have = ticked();
    const items = (page.items || []).filter((need) => !have.has(String(need.id)));
    if (!items.length) {
      const li = document.createElement("li");
      li.textContent = t("ideas_no_need");
      results.append(li);
      return;
    }
    for (const need of items) {
      const li = document.createElement("li");
      li.className = "d-flex justify-content-between align-items-center gap-2 mb-1";
      const title = document.createElement("span");
      title.textContent = t("ideas_need", { title: need.title, id: need.id });
      const add = document.createElement("button");
      add.type = "button";
      add.className = "btn btn-sm btn-outline-primary";
      add.textContent = t("ideas_add");
      add.setAttribute("aria-label", `${t("ideas_add")}: ${need.title}`);
      add.addEventListener("click", () => {
        addChoice(need);
        li.remove();
      });
      li.append(title, add);
      results.append(li);
    }
  }

  input.addEventListener("input", () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(search, 300);
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault(); // searching, not sending the form
      window.clearTimeout(timer);
      search();
    }
  });
  box.hidden = false;
}
