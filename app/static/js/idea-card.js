// One idea as a card, drawn from the API's idea (app/ideas/schemas.py IdeaSchema: the same
// fields that GET /api/v1/ideas answers and item:created pushes) the way the server draws it
// (ideas/_macros.html idea_card): change both together. `doc` is the document to build in.
import { t } from "./i18n.js";

function node(doc, tag, className, text) {
  const element = doc.createElement(tag);
  if (className) element.className = className;
  if (text !== undefined) element.textContent = text;
  return element;
}

function counts(doc, item, timeZone) {
  const line = node(doc, "p", "small text-muted mb-0");
  const parts = [
    t("ideas_supports", { num: item.support_count ?? 0 }),
    t("ideas_comments", { num: item.comment_count ?? 0 }),
    t("ideas_volunteers", { num: item.volunteer_count ?? 0 }),
  ];
  parts.forEach((text) => line.append(node(doc, "span", "", text), " · "));
  const when = node(doc, "time", "");
  const created = new Date(item.created_at);
  when.setAttribute("datetime", item.created_at);
  when.textContent = new Intl.DateTimeFormat(doc.documentElement.lang || "it", { dateStyle: "medium", timeZone }).format(
    created,
  );
  line.append(when);
  return line;
}

// options: heading ("h2"), showNeeds, stageBadges ({stage: classes}), timeZone.
export function ideaCard(item, options = {}, doc = document) {
  const { heading = "h2", showNeeds = true, stageBadges = {}, timeZone } = options;
  const wrapper = node(doc, "div", "card-wrapper card-space");
  const article = node(doc, "article", "card card-bg no-after border-start border-4 border-success");
  const body = node(doc, "div", "card-body");
  const badges = node(doc, "div", "d-flex flex-wrap gap-2 align-items-center mb-2");
  const fresh = node(doc, "span", "badge bg-success", t("ideas_new"));
  fresh.setAttribute("data-live-marker", "");
  const stage = t(`ideas_stage_${item.stage}`); // in the reader's language, not the proposer's
  const stageLabel = stage === `ideas_stage_${item.stage}` ? item.stage_label : stage;
  badges.append(fresh, node(doc, "span", `badge ${stageBadges[item.stage] || "bg-secondary"}`, stageLabel));
  if (item.area) badges.append(node(doc, "span", "small text-muted", item.area.name));
  const title = node(doc, heading === "h3" ? "h3" : "h2", "card-title h5");
  const link = node(doc, "a", "", item.title);
  link.setAttribute("href", new URL(item.url, doc.baseURI).pathname); // always a page of this site
  title.append(link);
  body.append(badges, title, node(doc, "p", "card-text", item.summary));
  const needs = item.needs || [];
  if (showNeeds && needs.length) {
    const answers = node(doc, "p", "small mb-2");
    answers.append(node(doc, "span", "fw-semibold", t("ideas_answers")), " ", needs.map((n) => n.title).join(" · "));
    body.append(answers);
  }
  body.append(counts(doc, item, timeZone));
  article.append(body);
  wrapper.append(article);
  return wrapper;
}
