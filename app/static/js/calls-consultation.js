// A call in consultation: when someone comments or the city replies (comment:created,
// comment:updated on call:<id>, shared/REALTIME.md), the list is fetched again from the
// server, so every reader sees it without reload and staff keep their reply forms.
import { announce, connect, follow } from "./live.js";
import { t } from "./i18n.js";

const list = document.querySelector("[data-call-comments]");
const topic = list?.closest("[data-live-topic]")?.dataset.liveTopic;

async function refresh(message) {
  // Someone typing a reply keeps their text: the list waits until the box is left.
  if (list.contains(document.activeElement) && document.activeElement.value) return;
  const response = await fetch(list.dataset.callComments, { credentials: "same-origin" });
  if (!response.ok) return;
  list.innerHTML = await response.text();
  announce(message);
}

if (list && topic) {
  const socket = connect();
  follow(topic);
  socket.on("comment:created", ({ topic: from }) => from === topic && refresh(t("calls_new_comment")));
  socket.on("comment:updated", ({ topic: from }) => from === topic && refresh(t("calls_comment_replied")));
}
