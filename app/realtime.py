"""The live channel (``shared/REALTIME.md``): rooms, acks, guards and broadcast-after-commit.

Services never call ``socketio.emit`` directly: they call :func:`emit_after_commit` (or
:func:`push_counter`, :func:`push_notification`), which queues the message on the database
session and sends it only once the transaction has committed, so nothing is ever broadcast
that is not stored, and nothing is broadcast from a rolled-back change.

Feature modules declare their socket handlers with :func:`live_event`, which answers every
refusal with an error acknowledgement and never lets an exception escape.
"""

from __future__ import annotations

import json
import logging
import re
import threading
import time
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from flask import current_app, g, request, session
from socketio import packet
from sqlalchemy import event
from sqlalchemy.orm import Session

from app.errors import DomainError
from app.extensions import db, socketio

NAMESPACE = "/live"


# --- rooms -------------------------------------------------------------------------------


def user_room(user_id: int) -> str:
    return f"user:{user_id}"


def topic_room(topic: str) -> str:
    return f"topic:{topic}"


def workshop_room(workshop_id: int) -> str:
    """The room of a workshop's live board (participants who joined it)."""
    return f"board:{workshop_id}"


# --- acknowledgements --------------------------------------------------------------------


def ok(**data: Any) -> dict:
    return {"ok": True, **data}


def fail(code: str, message: str, **extra: Any) -> dict:
    return {"ok": False, "error": {"code": code, "message": message, **extra}}


# --- broadcast after commit ---------------------------------------------------------------

_PENDING = "live_pending"


def emit_after_commit(event_name: str, data: Any, to: str, *, skip_sid: str | None = None) -> None:
    """Send ``event_name`` to room ``to`` once the current transaction commits."""
    session = db.session()
    if not session.in_transaction():
        session.begin()  # so that a rollback, even of nothing else, discards it
    session.info.setdefault(_PENDING, []).append((event_name, data, to, skip_sid))


@event.listens_for(Session, "after_commit")
def _flush_pending(session: Session) -> None:
    pending = session.info.pop(_PENDING, None)
    if not pending:
        return
    for event_name, data, to, skip_sid in pending:
        try:
            socketio.emit(event_name, data, to=to, namespace=NAMESPACE, skip_sid=skip_sid)
        except Exception:  # a broken queue must not undo a committed change
            current_app.logger.exception("live emit of %s to %s failed", event_name, to)


@event.listens_for(Session, "after_rollback")
@event.listens_for(Session, "after_soft_rollback")
def _drop_pending(session: Session, *args) -> None:
    session.info.pop(_PENDING, None)


def push_counter(topic: str, name: str, value: Any) -> None:
    emit_after_commit("counter:changed", {"topic": topic, "name": name, "value": value}, topic_room(topic))


def push_item(topic: str, kind: str, item: dict) -> None:
    emit_after_commit("item:created", {"topic": topic, "kind": kind, "item": item}, topic_room(topic))


def push_to_user(user_id: int, event_name: str, data: dict) -> None:
    emit_after_commit(event_name, data, user_room(user_id))


# --- public topics -----------------------------------------------------------------------

TOPIC_RE = re.compile(r"^(?P<kind>[a-z]+)(?::(?P<key>[a-z0-9-]{1,60}))?$")
_TOPIC_KINDS: dict[str, Callable[[str], bool]] = {}
_BARE_KINDS: set[str] = set()


def register_topic(kind: str, exists: Callable[[str], bool], *, bare: bool = False) -> None:
    """Declare a public topic kind; ``exists(key)`` says whether ``kind:key`` may be followed.
    ``bare``: the kind alone is a topic too (``programme``); ``exists(None)`` is asked then."""
    _TOPIC_KINDS[kind] = exists
    if bare:
        _BARE_KINDS.add(kind)


def topic_exists(topic: str) -> bool | None:
    """True/False when the topic kind is known, None when the kind is not."""
    match = TOPIC_RE.match(topic)
    if not match or match["kind"] not in _TOPIC_KINDS:
        return None
    if match["key"] is None and match["kind"] not in _BARE_KINDS:
        return False
    return bool(_TOPIC_KINDS[match["kind"]](match["key"]))


# --- who is on this connection -----------------------------------------------------------

_SESSION_KEY = "live_uid"


def live_user():
    """The person on this socket connection, or None for an anonymous one."""
    if "live_user" in g:
        return g.live_user
    from app.models import User

    user = None
    uid = session.get(_SESSION_KEY)
    if uid:
        user = db.session.get(User, uid)
        if user is not None and not user.is_active:
            user = None
    g.live_user = user
    return user


def bind_connection(user) -> None:
    session[_SESSION_KEY] = user.id if user else None


# --- flood and size guards ---------------------------------------------------------------


class _Buckets:
    """A token bucket per connection: a sustained rate with a short burst."""

    def __init__(self):
        self._lock = threading.Lock()
        self._state: dict[str, tuple[float, float]] = {}
        self.clock = time.monotonic  # a test may stop the clock

    def allow(self, sid: str, rate: float, burst: float) -> bool:
        now = self.clock()
        with self._lock:
            tokens, last = self._state.get(sid, (burst, now))
            tokens = min(burst, tokens + (now - last) * rate)
            if tokens < 1:
                self._state[sid] = (tokens, now)
                return False
            self._state[sid] = (tokens - 1, now)
            return True

    def forget(self, sid: str) -> None:
        with self._lock:
            self._state.pop(sid, None)


buckets = _Buckets()


def payload_size(data: Any) -> int | None:
    """The payload's size as JSON, in bytes; None when it is no JSON (binary attachments,
    nesting too deep to encode)."""
    try:
        return len(json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode())
    except (TypeError, ValueError, RecursionError):
        return None


def _payload_refusal(data: Any, extra: tuple) -> dict | None:
    """The ack refusing a payload that is not one JSON object within the size limit, or None."""
    size = payload_size(data)
    if size is None or any(payload_size(e) is None for e in extra):
        return fail("invalid", _t("The message could not be read."), fields={})
    if extra or size > current_app.config["SOCKETIO_MAX_PAYLOAD"]:
        return fail("too_large", _t("The message is too large."))
    return None


# --- packets that do not decode ----------------------------------------------------------

#: The event an EVENT packet becomes when it does not decode (broken or too deeply nested
#: JSON, an event name that is not a string): ``app/main/events.py`` answers it ``invalid``,
#: with an acknowledgement when the packet asked for one.
UNDECODABLE = "\x00undecodable"

_log = logging.getLogger(__name__)


class PacketError(ValueError):
    """A packet that is not an event and does not decode: logged in one line, dropped."""


class GuardedPacket(packet.Packet):
    """python-socketio's packet, decoding what a client sends without raising for events."""

    def decode(self, encoded_packet):
        self.packet_type = None  # stays None when not even the type decodes
        try:
            count = super().decode(encoded_packet)
        except (ValueError, TypeError, RecursionError) as error:
            return self._undecodable(f"{type(error).__name__}: {str(error)[:120]}")
        if self.packet_type in (packet.EVENT, packet.BINARY_EVENT):
            if not (isinstance(self.data, list) and self.data and isinstance(self.data[0], str)):
                return self._undecodable("the event name is not a string")
        return count

    def _undecodable(self, reason: str) -> int:
        if getattr(self, "packet_type", None) not in (packet.EVENT, packet.BINARY_EVENT):
            raise PacketError(reason)
        self.packet_type, self.data = packet.EVENT, [UNDECODABLE, reason]
        return 0


def guard_packets(server) -> None:
    """Decode client packets with :class:`GuardedPacket`, and log any other packet that does
    not decode in one line (python-engineio would log a traceback and answer nothing)."""
    server.packet_class = GuardedPacket
    handle = server._handle_eio_message

    def guarded(eio_sid, data):
        try:
            return handle(eio_sid, data)
        except (ValueError, TypeError, KeyError, IndexError, RecursionError) as error:
            _log.warning("live packet from %s dropped: %s", eio_sid, str(error)[:160])
            return None

    server._handle_eio_message = guarded
    server.eio.on("message", guarded)


# --- handler declaration -----------------------------------------------------------------


def live_event(name: str, *, anonymous: bool = False):
    """Declare a ``/live`` handler ``fn(user, data) -> ack``.

    Before the handler runs: per-connection rate limit, payload size cap, authentication
    (unless ``anonymous``), payload must be an object. Domain errors become error acks,
    any other exception is logged and answered ``server_error``; the transaction is rolled
    back either way, so a refused event changes nothing.
    """

    def decorator(fn):
        def handler(data=None, *extra):
            config = current_app.config
            try:
                if not buckets.allow(request.sid, config["SOCKETIO_RATE_PER_SECOND"], config["SOCKETIO_RATE_BURST"]):
                    return fail("rate_limited", _t("Too many events: slow down."))
                refusal = _payload_refusal(data, extra)
                if refusal is not None:
                    return refusal
                user = live_user()
                if user is None and not anonymous:
                    return fail("unauthenticated", _t("Please sign in first."))
                if data is None:
                    data = {}
                if not isinstance(data, dict):
                    return fail("invalid", _t("The payload must be an object."), fields={})
                result = fn(user, data)
                return result if result is not None else ok()
            except DomainError as error:
                db.session.rollback()
                return {"ok": False, "error": error.payload()}
            except Exception:
                db.session.rollback()
                current_app.logger.exception("live event %s failed", name)
                return fail("server_error", _t("Something went wrong on our side."))

        handler.__name__ = f"live_{name.replace(':', '_')}"
        handler.__doc__ = fn.__doc__
        handler.live_event = name
        handler.anonymous = anonymous
        socketio.on_event(name, handler, namespace=NAMESPACE)
        LIVE_EVENTS[name] = handler
        return fn

    return decorator


LIVE_EVENTS: dict[str, Callable] = {}


def _t(text: str) -> str:
    from flask_babel import gettext

    return gettext(text)


def origin_allowed(origin: str | None, environ: dict) -> bool:
    """Same origin, or one listed in ``SOCKETIO_CORS_ALLOWED_ORIGINS``."""
    if origin is None:
        return True  # not a browser: authenticated by token like any API client
    allowed = set(_ALLOWED_ORIGINS)
    proto = environ.get("HTTP_X_FORWARDED_PROTO") if _TRUST_PROXY[0] else None
    host = (environ.get("HTTP_X_FORWARDED_HOST") if _TRUST_PROXY[0] else None) or environ.get("HTTP_HOST")
    scheme = proto or environ.get("wsgi.url_scheme", "http")
    if host:
        allowed.add(f"{scheme}://{host}")
    return origin in allowed


_ALLOWED_ORIGINS: list[str] = []
_TRUST_PROXY = [False]


def configure(app) -> None:
    _ALLOWED_ORIGINS[:] = list(app.config["SOCKETIO_CORS_ALLOWED_ORIGINS"])
    _TRUST_PROXY[0] = bool(app.config["PROXY_FIX"])


def city_topic_exists(slug: str) -> bool:
    from app.models import City

    return db.session.scalar(sa.select(City.id).where(City.slug == slug)) is not None


register_topic("city", city_topic_exists)
