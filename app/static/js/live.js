// The live channel (shared/REALTIME.md): one Socket.IO connection per page on /live,
// with acknowledgements as promises and a registry of public topics to follow.
import { io } from "../vendor/socket.io-client/dist/socket.io.esm.min.js";

let socket = null;
const topics = new Set();

export function connect() {
  if (socket) return socket;
  socket = io("/live", { transports: ["websocket", "polling"], withCredentials: true });
  socket.on("connect", () => {
    // Rooms do not survive a reconnect: follow every topic again.
    for (const topic of topics) socket.emit("subscribe", { topic }, () => {});
  });
  return socket;
}

/** Emit with an acknowledgement; resolves with the ack, rejects after `timeout` ms. */
export function request(event, payload = {}, timeout = 10000) {
  const s = connect();
  return new Promise((resolve, reject) => {
    s.timeout(timeout).emit(event, payload, (err, ack) => (err ? reject(err) : resolve(ack)));
  });
}

export function follow(topic) {
  topics.add(topic);
  const s = connect();
  if (s.connected) s.emit("subscribe", { topic }, () => {});
}

export function announce(text) {
  const region = document.querySelector("[data-live-announcer]");
  if (!region) return;
  region.textContent = "";
  window.setTimeout(() => { region.textContent = text; }, 50);
}
