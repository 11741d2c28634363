// The public page of a call, live on its call:<id> topic (shared/REALTIME.md): the budget
// left as euros in the page's language, the status badge, and a polite notice when the call
// gets a new version or moves a step (templates/calls/_live.html). Counters such as the
// comments are app.js's.
import { connect, follow } from "./live.js";
import { t } from "./i18n.js";

const article = document.querySelector("[data-live-topic^='call:']");
const notice = document.querySelector("[data-call-notice]");

function euros(value) {
  const lang = document.documentElement.lang || "it";
  return new Intl.NumberFormat(lang, { style: "currency", currency: "EUR" }).format(Number(value));
}

function showNotice(version) {
  const box = document.createElement("p");
  box.className = "alert alert-info";
  box.append(`${t("calls_changed", { n: version })} — `);
  const link = document.createElement("a");
  link.href = window.location.pathname;
  link.textContent = t("calls_reload");
  box.append(link);
  notice.replaceChildren(box);
}

if (article && notice) {
  const topic = article.dataset.liveTopic;
  follow(topic);
  const socket = connect();
  socket.on("counter:changed", ({ topic: from, name, value }) => {
    if (from !== topic || name !== "budget_left") return;
    for (const el of document.querySelectorAll("[data-call-budget-left]")) el.textContent = euros(value);
  });
  socket.on("call:changed", ({ topic: from, status, version }) => {
    if (from !== topic) return;
    for (const badge of document.querySelectorAll("[data-call-status]")) {
      badge.textContent = t(`calls_status_${status}`);
      badge.dataset.callStatus = status;
    }
    if (String(version) !== notice.dataset.version || status !== notice.dataset.status) showNotice(version);
  });
}
