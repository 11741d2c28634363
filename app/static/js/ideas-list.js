// The ideas list of a city: new ideas arrive live (item:created, kind "idea", on the
// city's topic, the item being the API's idea) and are shown at the top when they match
// what the list shows, drawn as the server draws the others (idea-card.js).
import { announce, connect } from "./live.js";
import { el } from "./dom.js";
import { t } from "./i18n.js";
import { ideaCard } from "./idea-card.js";

const box = document.querySelector("[data-ideas-live]");
const list = box?.querySelector("[data-ideas-list]");

function options() {
  let stageBadges = {};
  try {
    stageBadges = JSON.parse(box.dataset.stageBadges || "{}");
  } catch {
    stageBadges = {};
  }
  return {
    heading: box.dataset.heading,
    showNeeds: box.dataset.showNeeds === "yes",
    stageBadges,
    timeZone: box.dataset.timeZone || undefined,
  };
}

if (box && list && box.dataset.livePrepend === "yes") {
  const needFilter = parseInt(box.dataset.needFilter, 10);
  const seen = new Set();
  connect().on("item:created", ({ topic, kind, item }) => {
    if (topic !== `city:${box.dataset.ideasLive}` || kind !== "idea" || !item || item.hidden || seen.has(item.id)) return;
    if (needFilter && !(item.needs || []).some((need) => need.id === needFilter)) return;
    seen.add(item.id);
    list.querySelector("[data-ideas-empty]")?.remove();
    const col = document.createElement("div");
    col.className = "col-12 col-lg-6";
    col.append(ideaCard(item, options()));
    list.prepend(col);
    announce(`${t("ideas_new")}: ${item.title}`);
  });
}
