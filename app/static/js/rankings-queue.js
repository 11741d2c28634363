// A rolling call's queue (templates/rankings/_queue.html), live on the call's topic:
// queue:changed {topic, protocol, position, status} moves an application's place or says
// what became of it (shared/REALTIME.md).
import { connect, follow } from "./live.js";
import { t } from "./i18n.js";

const list = document.querySelector("[data-queue]");

if (list) {
  const topic = list.dataset.topic;
  follow(topic);
  connect().on("queue:changed", ({ topic: from, protocol, position, status }) => {
    if (from !== topic) return;
    const row = [...list.querySelectorAll("li[data-protocol]")].find((li) => li.dataset.protocol === protocol);
    if (!row) return;
    const text = position ? t("queue_waiting", { n: position }) : t(`queue_${status}`);
    row.querySelector("[data-queue-status]").textContent = text;
  });
}
