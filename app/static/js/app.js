// Every page: CSRF for fetch, live counters of the topics the page shows, notifications.
import { connect, follow, announce } from "./live.js";
import { t } from "./i18n.js";

const csrf = document.querySelector('meta[name="csrf-token"]')?.content || "";

/** fetch() with the CSRF header and JSON in/out, for pages that write through /api/v1. */
export async function api(method, url, body) {
  const response = await fetch(url, {
    method,
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", "X-CSRFToken": csrf, Accept: "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) throw Object.assign(new Error(data?.error?.message || response.statusText), { data, status: response.status });
  return data;
}
window.cantiere = { api };

// Counters: <span data-live-counter="need:12 supports">3</span> inside any page; with
// data-live-plural="key" the whole phrase is rewritten, t(key, {num}) ("1 support", "2 supports").
const counters = document.querySelectorAll("[data-live-counter]");
const pageTopics = new Set([...document.querySelectorAll("[data-live-topic]")].map((el) => el.dataset.liveTopic));
for (const el of counters) pageTopics.add(el.dataset.liveCounter.split(" ")[0]);
const signedIn = Boolean(document.body.dataset.user);

if (pageTopics.size || signedIn) {
  const socket = connect();
  for (const topic of pageTopics) follow(topic);
  socket.on("counter:changed", ({ topic, name, value }) => {
    for (const el of document.querySelectorAll(`[data-live-counter="${CSS.escape(topic)} ${CSS.escape(name)}"]`)) {
      el.textContent = el.dataset.livePlural ? t(el.dataset.livePlural, { num: value }) : String(value);
    }
  });
  socket.on("notification", (n) => {
    const badge = document.querySelector("[data-notification-count]");
    if (badge) {
      const count = (parseInt(badge.textContent, 10) || 0) + 1;
      badge.textContent = String(count);
      badge.classList.remove("d-none");
    }
    announce(n.text);
  });
  document.dispatchEvent(new CustomEvent("cantiere:live", { detail: { socket } }));
}

// A form's error summary takes focus, so keyboard and screen-reader users land on it.
document.querySelector("[data-autofocus]")?.focus();
