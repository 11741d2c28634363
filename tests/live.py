"""A socket client on ``/live`` for tests, over Flask-SocketIO's test client.

With a Redis message queue, broadcasts arrive through Redis a moment later, so the helpers
wait for events instead of reading them at once.
"""

from __future__ import annotations

import contextvars
import time

from app.extensions import socketio
from app.realtime import NAMESPACE


class LiveClient:
    def __init__(self, app, http_client=None, token=None, headers=None):
        self.app = app
        auth = {"token": token} if token else None
        # Handlers run in their own app context, not the test's (see IsolatedClient).
        self.client = contextvars.Context().run(
            socketio.test_client,
            app,
            namespace=NAMESPACE,
            flask_test_client=http_client,
            auth=auth,
            headers=headers,
        )
        self._seen: list[dict] = []

    @property
    def connected(self) -> bool:
        return self.client.is_connected(NAMESPACE)

    def emit(self, event: str, data=None, *extra):
        """Emit with an acknowledgement and return it."""
        args = (data, *extra) if data is not None or extra else ()
        return contextvars.Context().run(self.client.emit, event, *args, namespace=NAMESPACE, callback=True)

    def _drain(self) -> None:
        self._seen.extend(self.client.get_received(NAMESPACE))

    def events(self, name: str | None = None) -> list:
        """Arguments of every event received so far (optionally only ``name``)."""
        self._drain()
        return [e["args"][0] if len(e["args"]) == 1 else e["args"] for e in self._seen if name in (None, e["name"])]

    def event_names(self) -> list[str]:
        """The name of every event received so far, in order."""
        self._drain()
        return [e["name"] for e in self._seen]

    def wait_for(self, name: str, timeout: float = 3.0, count: int = 1) -> list:
        deadline = time.monotonic() + timeout
        while True:
            found = self.events(name)
            if len(found) >= count or time.monotonic() > deadline:
                return found
            time.sleep(0.02)

    def settle(self) -> None:
        """Give broadcasts through a message queue time to arrive (absence checks)."""
        if self.app.config.get("REDIS_URL"):
            time.sleep(0.3)
        self._drain()

    def clear(self) -> None:
        self._drain()
        self._seen.clear()

    def close(self) -> None:
        if self.connected:
            contextvars.Context().run(self.client.disconnect, namespace=NAMESPACE)
