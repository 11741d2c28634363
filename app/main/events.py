"""Connection handling and public topics on ``/live`` (``shared/REALTIME.md``)."""

from __future__ import annotations

from flask import current_app, request
from flask_babel import gettext as _
from flask_login import current_user
from flask_socketio import join_room, leave_room

from app import realtime
from app.extensions import socketio
from app.realtime import NAMESPACE, fail, live_event, ok


@socketio.on("connect", namespace=NAMESPACE)
def on_connect(auth=None):
    """Browsers come with their session cookie, other clients with ``auth={"token": ...}``.

    Bad or missing credentials leave the connection anonymous (public topics only).
    """
    from app.auth.services import user_for_token

    user = None
    if current_user.is_authenticated:
        user = current_user._get_current_object()
    elif isinstance(auth, dict) and isinstance(auth.get("token"), str):
        user = user_for_token(auth["token"])
    realtime.bind_connection(user)
    if user is not None:
        join_room(realtime.user_room(user.id))
    return True


@socketio.on("disconnect", namespace=NAMESPACE)
def on_disconnect(*args):
    realtime.buckets.forget(request.sid)
    for hook in DISCONNECT_HOOKS:
        hook(request.sid)


DISCONNECT_HOOKS: list = []


def _topic(data: dict):
    topic = data.get("topic")
    if not isinstance(topic, str) or len(topic) > 80:
        return None, fail("invalid", _("A topic is required."), fields={"topic": [_("Required.")]})
    exists = realtime.topic_exists(topic)
    if not exists:
        return None, fail("not_found", _("There is no such topic."))
    return topic, None


@live_event("subscribe", anonymous=True)
def subscribe(user, data):
    """Follow a public topic's live counters and new items; anyone may."""
    topic, error = _topic(data)
    if error:
        return error
    join_room(realtime.topic_room(topic))
    return ok(topic=topic)


@live_event("unsubscribe", anonymous=True)
def unsubscribe(user, data):
    topic = data.get("topic")
    if not isinstance(topic, str):
        return fail("invalid", _("A topic is required."), fields={"topic": [_("Required.")]})
    leave_room(realtime.topic_room(topic))
    return ok(topic=topic)


@socketio.on("*", namespace=NAMESPACE)
def unknown_event(event_name, data=None, *extra):
    """Any event nobody handles: anonymous connections are told to sign in first."""
    if realtime.live_user() is None:
        return fail("unauthenticated", _("Please sign in first."))
    return fail("not_found", _("Unknown event."))


@socketio.on(realtime.UNDECODABLE, namespace=NAMESPACE)
def undecodable(reason=None, *extra):
    """A packet whose payload did not decode (``realtime.GuardedPacket``): one log line, and
    ``invalid`` for the client when it asked for an acknowledgement."""
    current_app.logger.warning("live packet from %s did not decode: %s", request.sid, reason)
    return fail("invalid", _("The message could not be read."), fields={})


@live_event("me")
def who_am_i(user, data):
    """Who this connection is signed in as (an addition to the contract, for clients that
    authenticate with a token and want to check it)."""
    return ok(user={"id": user.id, "name": user.display_name})
