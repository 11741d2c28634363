"""Packets that do not decode (shared/REALTIME.md: no payload may crash a handler): an event
that asked for an acknowledgement is answered ``invalid``, anything else is logged in one line,
never with a traceback; the connection stays usable."""

import contextvars
import logging

import pytest

from app.extensions import socketio
from tests import factories

DEEP = "[" * 5000 + "]" * 5000


def _send_raw(live_client, raw: str):
    live_client.client.acks = None
    contextvars.Context().run(socketio.server._handle_eio_message, live_client.client.eio_sid, raw)
    return live_client.client.acks


@pytest.fixture
def signed_in(live, resident):
    return live(token=factories.create_token(resident))


@pytest.mark.parametrize(
    "raw",
    [
        '2/live,7["me",{"a":',  # broken JSON
        '2/live,7[{"an":"object"},{}]',  # an object as event name
        "2/live,7[42]",  # a number as event name
        "2/live,7[]",  # no event name
        '2/live,7{"me":1}',  # no array
        "2/live,7" + DEEP,  # nesting too deep to decode
        '2/live,7["me",' + DEEP + "]",
        "2/live," + "1" * 120 + '["me"]',  # an id too long
    ],
)
def test_an_event_that_does_not_decode_is_answered_invalid(signed_in, caplog, raw):
    with caplog.at_level(logging.WARNING):
        ack = _send_raw(signed_in, raw)
    assert ack["namespace"] == "/live" and ack["args"][0]["ok"] is False
    assert ack["args"][0]["error"]["code"] == "invalid"
    assert not [r for r in caplog.records if r.exc_info] and len(caplog.records) == 1
    assert signed_in.emit("me", {})["ok"] and signed_in.connected


@pytest.mark.parametrize(
    "raw",
    [
        '2/live,["me",{"a":',  # no acknowledgement asked for
        '2/live,[{"an":"object"}]',
        "9/live,1[]",  # no such packet type
        "x",
        '3/live,1["not json',  # an ack nobody waits for
        "0/live,{broken",  # a connect with broken auth
    ],
)
def test_other_packets_that_do_not_decode_are_logged_in_one_line(signed_in, caplog, raw):
    with caplog.at_level(logging.WARNING):
        assert _send_raw(signed_in, raw) is None
    assert not [r for r in caplog.records if r.exc_info] and len(caplog.records) == 1
    assert signed_in.emit("me", {})["ok"]


def test_a_binary_payload_is_invalid_not_too_large(signed_in):
    ack = signed_in.emit("me", {"photo": b"\x89PNG\r\n"})
    assert ack["error"]["code"] == "invalid"
    assert signed_in.emit("me", {}, b"\x00")["error"]["code"] == "invalid"
    assert signed_in.emit("me", {})["ok"]
