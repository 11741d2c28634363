#!/usr/bin/env python3
"""The baseline of ``bench/board.py``: a bare python-socketio server on eventlet that does
the same fan-out as the live board and nothing else (no database, no checks, no sign-in).

    python bench/bare_server.py PORT

``workshop:join`` enters the room; ``note:create`` numbers the note in memory, broadcasts
``note:created {seq, note}`` to the room and acknowledges ``{ok, seq, note}``. The gap
between this and Cantiere is what storing before broadcasting, the rules and the auth cost.
"""

from __future__ import annotations

import sys


def serve(port: int) -> None:
    import eventlet

    eventlet.monkey_patch()
    import eventlet.wsgi
    import socketio

    server = socketio.Server(async_mode="eventlet", cors_allowed_origins="*", logger=False, engineio_logger=False)
    seqs: dict[int, int] = {}
    notes: dict[tuple[int, str], dict] = {}

    @server.on("connect", namespace="/live")
    def connect(sid, environ, auth=None):
        return True

    @server.on("workshop:join", namespace="/live")
    def join(sid, data):
        workshop_id = data["workshop_id"]
        server.enter_room(sid, f"board:{workshop_id}", namespace="/live")
        return {"ok": True, "state": {"seq": seqs.get(workshop_id, 0)}}

    @server.on("note:create", namespace="/live")
    def create(sid, data):
        workshop_id = data["workshop_id"]
        key = (workshop_id, data["client_id"])
        if key in notes:
            return {"ok": True, **notes[key]}
        seqs[workshop_id] = seq = seqs.get(workshop_id, 0) + 1
        note = {
            "id": len(notes) + 1,
            "client_id": data["client_id"],
            "workshop_id": workshop_id,
            "author": {"id": 0, "name": "bench"},
            "text": data["text"],
            "color": data.get("color", "yellow"),
            "x": data.get("x", 0.0),
            "y": data.get("y", 0.0),
            "group_id": None,
            "version": 1,
        }
        notes[key] = {"seq": seq, "note": note}
        server.emit("note:created", notes[key], room=f"board:{workshop_id}", namespace="/live")
        return {"ok": True, **notes[key]}

    app = socketio.WSGIApp(server)
    print(f"bare server on 127.0.0.1:{port}", flush=True)
    eventlet.wsgi.server(eventlet.listen(("127.0.0.1", port)), app, log_output=False)


if __name__ == "__main__":
    serve(int(sys.argv[1]))
