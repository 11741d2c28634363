"""Many Socket.IO clients in one process, for the board benchmark: N websockets on the
``/live`` namespace, read by one thread through ``selectors``.

It speaks just enough of Engine.IO 4 / Socket.IO 5 (the protocol python-socketio and
socket.io-client 4 speak) to connect with an ``auth`` token, answer pings, emit events
with acknowledgements and receive broadcasts. python-socketio's own ``AsyncClient`` would
need aiohttp, which Cantiere does not install; a thread per client does not scale to a
thousand on two cores.
"""

from __future__ import annotations

import itertools
import json
import selectors
import threading
import time
from collections.abc import Callable

import websocket  # websocket-client (requirements-dev.txt)

NAMESPACE = "/live"


class Crowd:
    def __init__(self, url: str, on_event: Callable[[int, str, object], None] | None = None):
        self.ws_url = url.replace("http", "ws", 1) + "/socket.io/?EIO=4&transport=websocket"
        self.on_event = on_event or (lambda index, name, data: None)
        self.sockets: list[websocket.WebSocket] = []
        self._selector = selectors.DefaultSelector()
        self._acks: dict[tuple[int, int], list] = {}
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._running = False
        self._thread: threading.Thread | None = None

    # --- connecting --------------------------------------------------------------------------

    def connect(self, token: str) -> int:
        ws = websocket.create_connection(self.ws_url, timeout=60, enable_multithread=True)
        opened = ws.recv()
        if not opened.startswith("0"):
            raise ConnectionError(f"no Engine.IO open packet: {opened[:80]}")
        ws.send(f"40{NAMESPACE}," + json.dumps({"token": token}))
        while True:
            packet = ws.recv()
            if packet == "2":
                ws.send("3")
                continue
            if packet.startswith(f"40{NAMESPACE},"):
                break
            if packet.startswith(f"44{NAMESPACE},"):
                raise ConnectionError(f"connection refused: {packet}")
        with self._lock:
            index = len(self.sockets)
            self.sockets.append(ws)
        self._selector.register(ws.sock, selectors.EVENT_READ, index)
        return index

    def start(self) -> None:
        self._running = True
        self._thread = threading.Thread(target=self._read_loop, daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._running = False
        if self._thread:
            self._thread.join(5)
        for ws in self.sockets:
            try:
                ws.send(f"41{NAMESPACE},")
                ws.close()
            except Exception:  # already gone
                continue

    # --- sending -----------------------------------------------------------------------------

    def emit(self, index: int, event: str, data) -> threading.Event:
        """Send ``event`` with an acknowledgement; ``.wait()`` the returned event, then read
        ``.ack`` on it."""
        ack_id = next(self._ids)
        done = threading.Event()
        done.ack = None
        self._acks[(index, ack_id)] = done
        self.sockets[index].send(f"42{NAMESPACE},{ack_id}" + json.dumps([event, data]))
        return done

    def call(self, index: int, event: str, data, timeout: float = 60):
        done = self.emit(index, event, data)
        if not done.wait(timeout):
            raise TimeoutError(f"{event}: no acknowledgement in {timeout}s")
        return done.ack

    # --- receiving ---------------------------------------------------------------------------

    def _read_loop(self) -> None:
        while self._running:
            for key, _mask in self._selector.select(timeout=0.2):
                index = key.data
                ws = self.sockets[index]
                try:
                    packet = ws.recv()
                except (websocket.WebSocketException, OSError):
                    self._selector.unregister(key.fileobj)
                    continue
                self._handle(index, ws, packet)

    def _handle(self, index: int, ws, packet: str) -> None:
        if packet == "2":  # Engine.IO ping
            ws.send("3")
            return
        prefix = f"4{{kind}}{NAMESPACE},"
        if packet.startswith(prefix.format(kind=2)):  # an event, maybe with an ack id
            body = packet[len(prefix.format(kind=2)) :]
            start = body.index("[")
            name, *args = json.loads(body[start:])
            self.on_event(index, name, args[0] if args else None)
        elif packet.startswith(prefix.format(kind=3)):  # an acknowledgement
            body = packet[len(prefix.format(kind=3)) :]
            start = body.index("[")
            done = self._acks.pop((index, int(body[:start])), None)
            if done is not None:
                args = json.loads(body[start:])
                done.ack = args[0] if args else None
                done.set()


def now() -> float:
    return time.perf_counter()
