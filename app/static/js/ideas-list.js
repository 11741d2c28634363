// The ideas list of a city: new ideas arrive live (item:created, kind "idea", on the
// city's topic) and are shown at the top when they match what the list shows.
import { announce, connect } from "./live.js";
import { t } from "./i18n.js";

const box = document.querySelector("[data-ideas-live]");
const list = box?.querySelector("[data-ideas-list]");

function card(item) {
  const col = document.createElement("div");
  col.className = "col-12 col-lg-6";
  const wrapper = document.createElement("div");
  wrapper.className = "card-wrapper card-space";
  const article = document.createElement("article");
  article.className = "card card-bg no-after border-start border-4 border-success";
  const body = document.createElement("div");
  body.className = "card-body";
  const badges = document.createElement("div");
  badges.className = "d-flex flex-wrap gap-2 align-items-center mb-2";
  const fresh = document.createElement("span");
  fresh.className = "badge bg-success";
  fresh.textContent = t("ideas_new");
  const stage = document.createElement("span");
  stage.className = "badge bg-secondary";
  stage.textContent = item.stage_label || t("ideas_stage");
  badges.append(fresh, stage);
  const title = document.createElement("h2");
  title.className = "card-title h5";
  const link = document.createElement("a");
  link.href = String(item.url || "#").startsWith("/") ? item.url : "#";
  link.textContent = item.title;
  title.append(link);
  const summary = document.createElement("p");
  summary.className = "card-text";
  summary.textContent = item.summary;
  body.append(badges, title, summary);
  article.append(body);
  wrapper.append(article);
  col.append(wrapper);
  return col;
}

if (box && list && box.dataset.livePrepend === "yes") {
  const needFilter = parseInt(box.dataset.needFilter, 10);
  const seen = new Set();
  connect().on("item:created", ({ topic, kind, item }) => {
    if (topic !== `city:${box.dataset.ideasLive}` || kind !== "idea" || !item || seen.has(item.id)) return;
    if (needFilter && !(item.need_ids || []).includes(needFilter)) return;
    seen.add(item.id);
    list.querySelector("[data-ideas-empty]")?.remove();
    list.prepend(card(item));
    announce(`${t("ideas_new")}: ${item.title}`);
  });
}
