// The ideas list of a city: new ideas arrive live (item:created, kind "idea", on the
// city's topic) and are shown at the top when they match what the list shows.
import { announce, connect } from "./live.js";
import { el } from "./dom.js";
import { t } from "./i18n.js";

const box = document.querySelector("[data-ideas-live]");
const list = box?.querySelector("[data-ideas-list]");

function card(item) {
  const link = el("a", "", item.title);
  link.href = String(item.url || "#").startsWith("/") ? item.url : "#";
  const title = el("h2", "card-title h5");
  title.append(link);
  const badges = el("div", "d-flex flex-wrap gap-2 align-items-center mb-2");
  badges.append(
    el("span", "badge bg-success", t("ideas_new")),
    el("span", "badge bg-secondary", item.stage_label || t("ideas_stage")),
  );
  const body = el("div", "card-body");
  body.append(badges, title, el("p", "card-text", item.summary));
  const article = el("article", "card card-bg no-after border-start border-4 border-success");
  article.append(body);
  const wrapper = el("div", "card-wrapper card-space");
  wrapper.append(article);
  const col = el("div", "col-12 col-lg-6");
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
