"""A resilient board client over python-socketio, as a well-behaved real client works
(``docs/board.md``): creates wait in an outbox until acknowledged, and after a lost
acknowledgement, a disconnect or a server restart they are sent again with the same
``client_id``, so nothing is lost and nothing is doubled. After a reconnect it joins the
room again.

Used by the real-server tests (``tests/test_board_server.py``) and usable from a shell::

    client = BoardClient("http://127.0.0.1:5000", token, workshop_id).connect()
    client.add_note("Più alberi in via Sparano")
    client.flush()
"""

from __future__ import annotations

import threading
import time
import uuid
from collections import OrderedDict

import socketio

NAMESPACE = "/live"
#: Errors worth another try later; any other refusal is final.
RETRY_CODES = {"rate_limited", "server_error"}


class Refused(Exception):
    def __init__(self, event: str, ack: dict):
        super().__init__(f"{event} refused: {ack}")
        self.ack = ack


class BoardClient:
    def __init__(self, url: str, token: str, workshop_id: int, *, call_timeout: float = 3.0):
        self.url = url
        self.token = token
        self.workshop_id = workshop_id
        self.call_timeout = call_timeout
        self.sio = socketio.Client(
            reconnection=True,
            reconnection_attempts=0,  # for ever
            reconnection_delay=0.2,
            reconnection_delay_max=1.0,
            randomization_factor=0.3,
        )
        self.outbox: OrderedDict[str, dict] = OrderedDict()  # client_id → note:create payload
        self.notes: dict[str, dict] = {}  # client_id → acknowledged note
        self.received: list[tuple[str, dict]] = []
        self.connections = 0  # how many times the connection was (re)established
        self.retries = 0
        self._joined_on = -1
        self._lock = threading.Lock()
        self.sio.on("connect", self._on_connect, namespace=NAMESPACE)
        for name in ("note:created", "note:updated", "note:deleted", "presence:changed"):
            self.sio.on(name, lambda data, name=name: self.received.append((name, data)), namespace=NAMESPACE)

    # --- connection ----------------------------------------------------------------------------

    def connect(self, timeout: float = 15) -> BoardClient:
        self.sio.connect(
            self.url,
            namespaces=[NAMESPACE],
            transports=["websocket"],
            auth={"token": self.token},
            wait_timeout=timeout,
            retry=True,
        )
        return self

    def _on_connect(self) -> None:  # runs in the client's reader: must not block
        with self._lock:
            self.connections += 1

    def close(self) -> None:
        self.sio.disconnect()

    @property
    def connected(self) -> bool:
        return self.sio.connected and NAMESPACE in self.sio.namespaces

    # --- requests ------------------------------------------------------------------------------

    def _call(self, event: str, data: dict, timeout: float) -> dict:
        return self.sio.call(event, data, namespace=NAMESPACE, timeout=timeout)

    def request(self, event: str, data: dict, *, deadline: float | None = None, timeout: float | None = None) -> dict:
        """Send until an answer comes that is not a transient failure; rejoin the room first
        after a reconnect. ``timeout``: how long one attempt waits for its answer before
        the payload is sent again. Raises ``Refused`` for a final error answer."""
        deadline = deadline or time.monotonic() + 120
        payload = {"workshop_id": self.workshop_id, **data}
        while True:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{event} not acknowledged in time")
            if not self.connected:
                time.sleep(0.05)
                continue
            try:
                if event != "workshop:join" and self._joined_on != self.connections:
                    self.join(deadline=deadline)
                ack = self._call(event, payload, timeout or self.call_timeout)
            except (socketio.exceptions.TimeoutError, socketio.exceptions.SocketIOError):
                self.retries += 1  # lost with the connection: the same payload goes again
                time.sleep(0.05)
                continue
            if ack.get("ok"):
                return ack
            if ack["error"]["code"] in RETRY_CODES:
                self.retries += 1
                time.sleep(0.1)
                continue
            raise Refused(event, ack)

    def join(self, *, deadline: float | None = None) -> dict:
        """Enter the room; the answer is the whole board."""
        connections = self.connections
        # The answer is the whole board: give a big one time before asking again.
        ack = self.request("workshop:join", {}, deadline=deadline, timeout=max(self.call_timeout, 30))
        self._joined_on = connections
        return ack["state"]

    # --- notes ---------------------------------------------------------------------------------

    def add_note(self, text: str, **fields) -> str:
        """Queue a new note; ``flush()`` sends it. Returns its ``client_id``."""
        client_id = uuid.uuid4().hex
        self.outbox[client_id] = {"client_id": client_id, "text": text, **fields}
        return client_id

    def flush(self, *, deadline: float | None = None) -> None:
        """Send every queued note until each is acknowledged (in order)."""
        while self.outbox:
            client_id, payload = next(iter(self.outbox.items()))
            ack = self.request("note:create", payload, deadline=deadline)
            self.notes[client_id] = ack["note"]
            del self.outbox[client_id]
