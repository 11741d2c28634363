// Pieces every board page shares: the status bar (phase, timer, lock, connection), the
// message region, presence, chat, votes left and the facilitator's controls.
// All text from people goes in with textContent.
import { el } from "./dom.js";
import { announce } from "./live.js";

export { el };

export function formatDuration(ms) {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = String(m).padStart(h ? 2 : 1, "0");
  const ss = String(s).padStart(2, "0");
  return h ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

const STATUS_LABELS = { scheduled: "status_scheduled", closed: "status_closed", cancelled: "status_cancelled" };

/** Messages in an aria-live region; each fades after a while. */
export function messages(root, client) {
  const region = root.querySelector("[data-board-messages]");
  client.on("message", ({ text, level }) => {
    if (!region) return;
    const item = el("div", `board-message board-message-${level}`, text); // the region is live
    region.append(item);
    while (region.children.length > 3) region.firstElementChild.remove();
    window.setTimeout(() => item.remove(), level === "error" ? 10000 : 6000);
  });
}

export function statusBar(root, client) {
  const { t, store, config } = client;
  const q = (sel) => root.querySelector(sel);
  const statusBadge = q("[data-workshop-status]");
  const phaseName = q("[data-phase-name]");
  const phaseKind = q("[data-phase-kind]");
  const phaseIndex = q("[data-phase-index]");
  const timer = q("[data-timer]");
  const lock = q("[data-lock-state]");
  const connection = q("[data-connection]");
  const notice = q("[data-status-message]");
  const minutes = q("[data-minutes-link]");
  let warnedMinute = null;
  let lastPhaseKey = null;

  function renderPhase() {
    const phase = store.phase;
    if (phaseName) phaseName.textContent = phase ? phase.name : config.agendaLength ? "—" : t("phase_none");
    if (phaseKind) {
      phaseKind.textContent = phase ? t(`kind_${phase.kind}`) : "";
      phaseKind.dataset.kind = phase ? phase.kind : "";
      phaseKind.hidden = !phase;
    }
    if (phaseIndex) {
      phaseIndex.textContent = phase && config.agendaLength ? t("phase_of", { n: phase.index + 1, total: config.agendaLength }) : "";
    }
    const key = phase ? `${phase.index}:${phase.ends_at}` : "";
    if (lastPhaseKey !== null && key !== lastPhaseKey && phase) announce(t("phase_changed", { name: phase.name }));
    lastPhaseKey = key;
    tick();
  }

  function tick() {
    if (!timer) return;
    const phase = store.phase;
    const ends = phase?.ends_at ? Date.parse(phase.ends_at) : NaN;
    if (!phase || Number.isNaN(ends) || store.workshop.status !== "live") {
      timer.hidden = true;
      return;
    }
    timer.hidden = false;
    let left = ends - client.now();
    // A clock that is off cannot make a phase longer than the agenda says.
    const minutes = store.agenda?.[phase.index]?.minutes;
    if (minutes) left = Math.min(left, minutes * 60000);
    if (left <= 0) {
      timer.textContent = t("time_up");
      timer.dataset.state = "over";
      return;
    }
    timer.textContent = formatDuration(left);
    timer.dataset.state = left <= 60000 ? "ending" : "running";
    if (left <= 60000 && left > 55000 && warnedMinute !== ends) {
      warnedMinute = ends;
      announce(t("minute_left"));
    }
  }

  function renderStatus() {
    const { status, locked } = store.workshop;
    if (statusBadge) {
      statusBadge.textContent = t(`badge_${status}`);
      statusBadge.dataset.status = status;
    }
    if (lock) lock.hidden = !locked;
    root.dataset.status = status;
    root.dataset.locked = locked ? "true" : "false";
    if (notice) {
      let text = "";
      if (STATUS_LABELS[status]) text = t(STATUS_LABELS[status]);
      else if (locked) text = t("locked");
      notice.textContent = text;
      notice.hidden = !text;
    }
    if (minutes) minutes.hidden = !(status === "closed" && config.minutesUrl);
    tick();
  }

  function renderConnection() {
    if (!connection) return;
    const state = client.connectionState;
    connection.dataset.state = state;
    const labels = {
      connecting: t("connecting"),
      offline: t("offline"),
      pending: t("pending", { num: client.outbox.size }),
      connected: t("connected"),
      stopped: "—",
    };
    connection.textContent = labels[state] || "";
  }

  store.onChange((change) => {
    if (["reset", "phase", "status", "lock"].includes(change.type)) {
      renderPhase();
      renderStatus();
    }
    if (change.type === "status" && change.status === "live") announce(t("workshop_started"));
    if (change.type === "status" && change.status === "closed") announce(t("workshop_closed"));
    if (change.type === "lock") announce(t(change.locked ? "board_locked" : "board_unlocked"));
  });
  client.on("status", renderConnection);
  renderPhase();
  renderStatus();
  renderConnection();
  window.setInterval(tick, 250);
}

export function participantsPanel(root, client) {
  const list = root.querySelector("[data-participants]");
  const count = root.querySelector("[data-participant-count]");
  const { t, store, config } = client;
  function render() {
    const people = store.participants || [];
    if (count) count.textContent = t("participants", { num: people.length });
    if (!list) return;
    list.replaceChildren();
    if (!people.length) {
      list.append(el("li", "text-muted", t("nobody")));
      return;
    }
    for (const p of people) {
      const item = el("li", "board-person", p.name);
      if (p.user_id === config.userId) item.append(el("span", "board-person-you", ` (${t("you")})`));
      list.append(item);
    }
  }
  store.onChange((change) => {
    if (change.type === "presence" || change.type === "reset") render();
  });
  render();
}

export function chatPanel(root, client) {
  const log = root.querySelector("[data-chat-log]");
  const form = root.querySelector("[data-chat-form]");
  if (!log || !form) return;
  const { t, store } = client;
  const input = form.querySelector("input[name=text]");
  function render() {
    log.replaceChildren();
    for (const m of [...store.chat, ...client.pendingChat()]) {
      const item = el("li", `board-chat-message${m.pending ? " is-pending" : ""}`);
      item.append(el("span", "board-chat-author", m.author?.name || ""));
      item.append(el("span", "board-chat-text", m.text));
      log.append(item);
    }
    log.scrollTop = log.scrollHeight;
  }
  function renderForm() {
    const allowed = client.can("chat");
    input.disabled = !allowed;
    form.querySelector("button").disabled = !allowed;
  }
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = textOrWarn(client, input);
    if (!text) return;
    client.sendChat(text);
    input.value = "";
  });
  store.onChange((change) => {
    if (["chat", "reset", "outbox"].includes(change.type)) render();
    if (["reset", "status", "lock", "phase"].includes(change.type)) renderForm();
  });
  render();
  renderForm();
}

export function votesLeft(root, client) {
  const node = root.querySelector("[data-votes-left]");
  if (!node) return;
  const { t, store } = client;
  function render() {
    node.textContent = t("votes_left", { n: store.remaining, total: store.voteBudget });
    node.hidden = !store.voteBudget;
  }
  store.onChange((change) => {
    if (["reset", "my-votes"].includes(change.type)) render();
  });
  render();
}

/** The facilitator's buttons; shown only when the page says the person runs the board. */
export function facilitatorControls(root, client) {
  const box = root.querySelector("[data-board-controls]");
  if (!box || !client.config.isFacilitator) return;
  const { store, config } = client;
  const button = (action) => box.querySelector(`[data-action="${action}"]`);
  const confirmBox = box.querySelector("[data-close-confirm]");

  function render() {
    const { status, locked } = store.workshop;
    const live = status === "live";
    const index = store.phase ? store.phase.index : -1;
    button("start").hidden = status !== "scheduled";
    button("close").hidden = !live;
    button("phase-prev").disabled = !live || index <= 0;
    button("phase-next").disabled = !live || !config.agendaLength || index >= config.agendaLength - 1;
    button("phase-prev").hidden = !config.agendaLength;
    button("phase-next").hidden = !config.agendaLength;
    button("lock").hidden = locked;
    button("lock").disabled = !live;
    button("unlock").hidden = !locked;
    button("unlock").disabled = !live;
    button("spotlight-clear").hidden = store.spotlight == null;
    if (!live) confirmBox.hidden = true;
  }

  const busy = async (node, fn) => {
    node.disabled = true;
    try {
      await fn();
    } finally {
      node.disabled = false;
      render();
    }
  };

  box.addEventListener("click", (event) => {
    const node = event.target.closest("[data-action]");
    if (!node) return;
    const index = store.phase ? store.phase.index : -1;
    switch (node.dataset.action) {
      case "start":
        busy(node, () => client.startWorkshop());
        break;
      case "phase-prev":
        busy(node, () => client.setPhase(Math.max(0, index - 1)));
        break;
      case "phase-next":
        busy(node, () => client.setPhase(index + 1));
        break;
      case "lock":
        busy(node, () => client.setLocked(true)).then(() => button("unlock").focus());
        break;
      case "unlock":
        busy(node, () => client.setLocked(false)).then(() => button("lock").focus());
        break;
      case "spotlight-clear":
        busy(node, () => client.spotlight(null));
        break;
      case "close":
        confirmBox.hidden = false;
        confirmBox.querySelector('[data-action="close-confirm"]').focus();
        break;
      case "close-cancel":
        confirmBox.hidden = true;
        button("close").focus();
        break;
      case "close-confirm":
        confirmBox.hidden = true;
        busy(node, () => client.closeWorkshop());
        break;
      default:
        break;
    }
  });
  store.onChange((change) => {
    if (["reset", "status", "lock", "phase", "spotlight", "note-deleted"].includes(change.type)) render();
  });
  render();
}

/** The text of a field (a new note, group or chat message), trimmed; when empty: a
 *  warning, the focus back, and null. */
export function textOrWarn(client, field) {
  const text = field.value.trim();
  if (!text) {
    client.message(client.t("empty_text"), "warning");
    field.focus();
    return null;
  }
  return text;
}

/** Everything a board page shares, wired to one client. */
export function commonPanels(root, client) {
  messages(root, client);
  statusBar(root, client);
  participantsPanel(root, client);
  chatPanel(root, client);
  votesLeft(root, client);
  facilitatorControls(root, client);
}
