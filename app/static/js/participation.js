// The participation panel of a need or idea (templates/participation/_panel.html).
// Without this module every button is a normal form; with it, supports and comments go
// through /api/v1 without reloading, and comments others write appear live
// (`comment:created` on the topic need:<id> / idea:<id>, shared/REALTIME.md).
// User text is only ever set with textContent.
import { api } from "./app.js";
import { announce, connect, follow } from "./live.js";
import { t } from "./i18n.js";

const panels = document.querySelectorAll("[data-participation]");

function setCounter(topic, name, value) {
  for (const el of document.querySelectorAll(`[data-live-counter="${CSS.escape(topic)} ${CSS.escape(name)}"]`)) {
    el.textContent = String(value);
  }
}

function toggle(panel, attribute, on) {
  for (const form of panel.querySelectorAll(`[${attribute}]`)) {
    form.hidden = (form.getAttribute(attribute) === "on") === on;
  }
}

function commentElement(panel, comment) {
  const li = document.createElement("li");
  li.id = `comment-${comment.id}`;
  li.className = comment.parent_id ? "comment mb-3 ms-3 ms-md-5" : "comment mb-3";
  li.dataset.commentId = String(comment.id);
  const article = document.createElement("article");
  article.className = "border-start border-3 ps-3";
  const by = document.createElement("p");
  by.className = "small mb-1";
  const name = document.createElement("strong");
  name.textContent = comment.author ? comment.author.name : "";
  const time = document.createElement("time");
  time.dateTime = comment.created_at;
  time.textContent = new Date(comment.created_at).toLocaleString(document.documentElement.lang || undefined, {
    dateStyle: "short",
    timeStyle: "short",
  });
  by.append(name, " · ", time);
  const body = document.createElement("div");
  body.className = "comment-body";
  for (const paragraph of (comment.body || "").split(/\n{2,}/)) {
    const p = document.createElement("p");
    p.textContent = paragraph;
    body.append(p);
  }
  article.append(by, body);
  li.append(article);
  if (!comment.parent_id) {
    const replies = document.createElement("ol");
    replies.className = "list-unstyled mt-2";
    replies.dataset.repliesFor = String(comment.id);
    li.append(replies);
  }
  return li;
}

function showComment(panel, comment) {
  if (document.getElementById(`comment-${comment.id}`)) return false;
  const list = comment.parent_id
    ? panel.querySelector(`[data-replies-for="${CSS.escape(String(comment.parent_id))}"]`)
    : panel.querySelector("[data-comment-list]");
  if (!list) return false;
  list.append(commentElement(panel, comment));
  panel.querySelector("[data-no-comments]")?.remove();
  return true;
}

function enhance(panel) {
  const topic = panel.dataset.topic;
  const supportUrl = panel.dataset.supportUrl;
  const commentsUrl = panel.dataset.commentsUrl;

  for (const form of panel.querySelectorAll("[data-support-form]")) {
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const on = form.dataset.supportForm === "on";
      try {
        const state = await api(on ? "POST" : "DELETE", supportUrl);
        setCounter(topic, "supports", state.support_count);
        toggle(panel, "data-support-form", state.supported);
        toggle(panel, "data-follow-form", state.following);
        panel.querySelector(`[data-support-form="${state.supported ? "off" : "on"}"] button`)?.focus();
      } catch {
        form.submit(); // fall back to the plain form, which explains any problem
      }
    });
  }

  for (const form of panel.querySelectorAll("[data-comment-form]")) {
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const textarea = form.querySelector("textarea[name=body]");
      const parent = form.querySelector("input[name=parent_id]");
      const error = form.querySelector("[data-form-error]");
      if (error) error.textContent = "";
      const payload = { body: textarea.value };
      if (parent) payload.parent_id = parseInt(parent.value, 10);
      const button = form.querySelector("button[type=submit]");
      button.disabled = true;
      try {
        const comment = await api("POST", commentsUrl, payload);
        textarea.value = "";
        showComment(panel, comment);
        form.closest("details")?.removeAttribute("open");
        document.getElementById(`comment-${comment.id}`)?.scrollIntoView({ block: "nearest" });
      } catch (failure) {
        const fields = failure.data?.error?.fields || {};
        const message = Object.values(fields).flat()[0] || failure.data?.error?.message || t("participation_error");
        if (error) error.textContent = message;
        textarea.focus();
      } finally {
        button.disabled = false;
      }
    });
  }

  const socket = connect();
  follow(topic);
  socket.on("comment:created", ({ topic: from, comment }) => {
    if (from !== topic || !comment) return;
    if (showComment(panel, comment) && comment.author) {
      announce(t("participation_new_comment", { name: comment.author.name }));
    }
  });
}

for (const panel of panels) enhance(panel);
