"""Who is on a workshop's board right now: the ``participants`` of ``presence:changed``.

Each process keeps its own connections in a dict (workshop → {sid: person}). With
``REDIS_URL`` set, every process also writes its connections to a Redis hash per workshop
(``<channel>:presence:<workshop_id>``, sid → person and process), so that the list is the
same whichever process a client is connected to. A process that dies without cleaning up
(SIGKILL, a crash) stops refreshing its ``<channel>:presence-process:<id>`` key, which
expires after ``PROCESS_TTL`` seconds; its entries are then ignored and removed.

A person connected twice (two tabs, phone and laptop) is listed once.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import threading
import uuid

from flask import current_app

from app import realtime
from app.extensions import db, socketio
from app.main.events import DISCONNECT_HOOKS

PROCESS = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
PROCESS_TTL = 30  # seconds a process counts as alive after its last heartbeat
HEARTBEAT = 10  # seconds between heartbeats

_lock = threading.Lock()
_boards: dict[int, dict[str, dict]] = {}  # workshop id → {sid: {user_id, name}}
_sids: dict[str, set[int]] = {}  # sid → workshop ids it joined
_clients: dict[str, object] = {}  # Redis URL → client
_heartbeats: set[str] = set()  # "<url> <channel>" with a heartbeat task running


def _redis():
    """The Redis client when ``REDIS_URL`` is set, else None."""
    url = current_app.config.get("REDIS_URL")
    if not url:
        return None
    client = _clients.get(url)
    if client is None:
        import redis

        client = redis.Redis.from_url(url, socket_timeout=3, socket_connect_timeout=3, decode_responses=True)
        _clients[url] = client
    return client


def _channel() -> str:
    return current_app.config.get("SOCKETIO_CHANNEL") or "cantiere"


def _board_key(channel: str, workshop_id: int) -> str:
    return f"{channel}:presence:{workshop_id}"


def _process_key(channel: str, process: str) -> str:
    return f"{channel}:presence-process:{process}"


def _beat(client, channel: str) -> None:
    client.set(_process_key(channel, PROCESS), "1", ex=PROCESS_TTL)


def _heartbeat_loop(client, channel: str) -> None:
    while True:
        socketio.sleep(HEARTBEAT)
        try:
            _beat(client, channel)
        except Exception:  # Redis away for a moment: try again at the next beat
            logging.getLogger(__name__).warning("presence: heartbeat to Redis failed", exc_info=True)


def _ensure_heartbeat(client, channel: str) -> None:
    key = f"{current_app.config['REDIS_URL']} {channel}"
    with _lock:
        if key in _heartbeats:
            return
        _heartbeats.add(key)
    _beat(client, channel)
    socketio.start_background_task(_heartbeat_loop, client, channel)


def _log_redis_failure(what: str) -> None:
    current_app.logger.warning("presence: Redis failed during %s; using this process's connections only", what)


# --- changes ----------------------------------------------------------------------------------


def join(sid: str, workshop_id: int, user) -> None:
    entry = {"user_id": user.id, "name": user.display_name}
    with _lock:
        _boards.setdefault(workshop_id, {})[sid] = entry
        _sids.setdefault(sid, set()).add(workshop_id)
    client = _redis()
    if client is not None:
        try:
            _ensure_heartbeat(client, _channel())
            client.hset(_board_key(_channel(), workshop_id), sid, json.dumps({**entry, "process": PROCESS}))
        except Exception:
            _log_redis_failure("join")


def leave(sid: str, workshop_id: int) -> bool:
    """Forget ``sid`` on one board; True when it was there."""
    with _lock:
        board = _boards.get(workshop_id, {})
        was_there = board.pop(sid, None) is not None
        if not board:
            _boards.pop(workshop_id, None)
        joined = _sids.get(sid)
        if joined is not None:
            joined.discard(workshop_id)
            if not joined:
                _sids.pop(sid, None)
    client = _redis()
    if client is not None:
        try:
            was_there = bool(client.hdel(_board_key(_channel(), workshop_id), sid)) or was_there
        except Exception:
            _log_redis_failure("leave")
    return was_there


def forget(sid: str) -> list[int]:
    """A connection closed: forget it everywhere; returns the boards it was on."""
    with _lock:
        joined = sorted(_sids.get(sid, ()))
    for workshop_id in joined:
        leave(sid, workshop_id)
    return joined


# --- reading ----------------------------------------------------------------------------------


def _entries(workshop_id: int) -> list[dict]:
    client = _redis()
    if client is not None:
        try:
            return _redis_entries(client, workshop_id)
        except Exception:
            _log_redis_failure("read")
    with _lock:
        return list(_boards.get(workshop_id, {}).values())


def _redis_entries(client, workshop_id: int) -> list[dict]:
    channel = _channel()
    key = _board_key(channel, workshop_id)
    raw = client.hgetall(key)
    entries = {}
    for sid, value in raw.items():
        try:
            entries[sid] = json.loads(value)
        except ValueError:
            entries[sid] = {}
    processes = sorted({e.get("process", "") for e in entries.values()})
    beats = client.mget([_process_key(channel, p) for p in processes]) if processes else []
    alive = dict(zip(processes, beats, strict=True))
    stale = [sid for sid, e in entries.items() if not alive.get(e.get("process", "")) or "user_id" not in e]
    if stale:
        client.hdel(key, *stale)
    return [e for sid, e in entries.items() if sid not in stale]


def participants(workshop_id: int) -> list[dict]:
    """``[{user_id, name}]`` of the people on the board, each once, by name."""
    people: dict[int, str] = {}
    for entry in _entries(workshop_id):
        people[entry["user_id"]] = entry.get("name", "")
    return [{"user_id": uid, "name": name} for uid, name in sorted(people.items(), key=lambda p: (p[1].lower(), p[0]))]


#: Seconds within which joins and leaves of one board make a single ``presence:changed``
#: (config ``BOARD_PRESENCE_DELAY``; 0 sends at once), plus a little per person present:
#: a room of hundreds filling up would otherwise send hundreds of lists to hundreds.
PRESENCE_DELAY = 0.25
PRESENCE_DELAY_PER_PERSON = 0.002
_pending: set[tuple[str, int]] = set()  # (channel, workshop id) with an announcement due


def announce(workshop_id: int) -> None:
    """Tell the board's room who is there (``presence:changed``), now or, when a delay is
    configured, once the joins and leaves of the next moment are in."""
    delay = float(current_app.config.get("BOARD_PRESENCE_DELAY", PRESENCE_DELAY))
    if delay <= 0:
        _announce_now(workshop_id)
        return
    key = (_channel(), workshop_id)
    with _lock:
        if key in _pending:
            return
        _pending.add(key)
        present = len(_boards.get(workshop_id, ()))
    app = current_app._get_current_object()
    socketio.start_background_task(_announce_later, app, key, delay + present * PRESENCE_DELAY_PER_PERSON)


def _announce_later(app, key: tuple[str, int], delay: float) -> None:
    socketio.sleep(delay)
    with _lock:
        _pending.discard(key)
    with app.app_context():
        try:
            _announce_now(key[1])
        except Exception:
            db.session.rollback()
            app.logger.exception("presence: announcing who is on board %s failed", key[1])
        finally:
            db.session.remove()


def _announce_now(workshop_id: int) -> None:
    realtime.emit_after_commit(
        "presence:changed",
        {"workshop_id": workshop_id, "participants": participants(workshop_id)},
        realtime.workshop_room(workshop_id),
    )
    db.session.commit()


def on_disconnect(sid: str) -> None:
    """``app.main.events`` calls this when a connection closes."""
    for workshop_id in forget(sid):
        try:
            announce(workshop_id)
        except Exception:  # the connection is gone anyway; never break the disconnect
            db.session.rollback()
            current_app.logger.exception("presence: announcing a departure failed")


def _register() -> None:
    if on_disconnect not in DISCONNECT_HOOKS:
        DISCONNECT_HOOKS.append(on_disconnect)


_register()
