"""The live channel's foundation: who is connected, public topics, guards, after-commit."""

import pytest

from app import realtime
from app.extensions import db as _db
from tests import factories


def test_anonymous_may_only_subscribe(live, city):
    anonymous = live()
    assert anonymous.connected
    assert anonymous.emit("subscribe", {"topic": "city:bari"}) == {"ok": True, "topic": "city:bari"}
    for event in ("me", "note:create", "workshop:join", "anything:else"):
        ack = anonymous.emit(event, {"workshop_id": 1})
        assert ack["ok"] is False and ack["error"]["code"] == "unauthenticated", event


def test_browser_session_cookie_authenticates_the_socket(client, login, live, resident):
    login(resident)
    ack = live(client).emit("me")
    assert ack == {"ok": True, "user": {"id": resident.id, "name": resident.name}}


def test_token_authenticates_the_socket(live, resident):
    token = factories.create_token(resident)
    assert live(token=token).emit("me")["user"]["id"] == resident.id


def test_bad_token_leaves_the_connection_anonymous(live, resident):
    client = live(token="cnt_wrong")
    assert client.connected
    assert client.emit("me")["error"]["code"] == "unauthenticated"


def test_unknown_topic_is_not_found_and_bad_topic_is_invalid(live, city):
    client = live()
    assert client.emit("subscribe", {"topic": "city:atlantide"})["error"]["code"] == "not_found"
    assert client.emit("subscribe", {"topic": "bogus:1"})["error"]["code"] == "not_found"
    assert client.emit("subscribe", {})["error"]["code"] == "invalid"
    assert client.emit("subscribe", {"topic": ["x"]})["error"]["code"] == "invalid"


@pytest.mark.parametrize("payload", ["a string", 42, [1, 2], True])
def test_non_object_payloads_are_invalid(live, resident, payload):
    token = factories.create_token(resident)
    ack = live(token=token).emit("me", payload)
    assert ack["error"]["code"] == "invalid"


def test_payload_over_16_kib_is_too_large(live, city):
    ack = live().emit("subscribe", {"topic": "city:bari", "pad": "x" * (16 * 1024)})
    assert ack["error"]["code"] == "too_large"


def test_floods_are_rate_limited_then_recover(app, live, city, monkeypatch):
    client = live()
    burst = app.config["SOCKETIO_RATE_BURST"]
    # The flood arrives within one instant (a loaded machine must not refill the bucket
    # between two emits of the test).
    monkeypatch.setattr(realtime.buckets, "clock", lambda: 1000.0)
    acks = [client.emit("subscribe", {"topic": "city:bari"}) for _ in range(burst + 5)]
    assert all(a["ok"] for a in acks[:burst])
    assert acks[-1]["error"]["code"] == "rate_limited"
    realtime.buckets._state.clear()  # a second later the bucket has refilled
    assert client.emit("subscribe", {"topic": "city:bari"})["ok"]


def test_counters_reach_subscribers_only_after_commit(app, live, city):
    follower, bystander = live(), live()
    follower.emit("subscribe", {"topic": "city:bari"})
    with app.test_request_context():
        realtime.push_counter("city:bari", "needs", 7)
        _db.session.rollback()  # a refused change broadcasts nothing
    follower.settle()
    assert follower.events("counter:changed") == []
    with app.test_request_context():
        realtime.push_counter("city:bari", "needs", 8)
        _db.session.commit()
    got = follower.wait_for("counter:changed")
    assert got == [{"topic": "city:bari", "name": "needs", "value": 8}]
    bystander.settle()
    assert bystander.events("counter:changed") == []


def test_unsubscribe_stops_pushes(app, live, city):
    follower = live()
    follower.emit("subscribe", {"topic": "city:bari"})
    follower.emit("unsubscribe", {"topic": "city:bari"})
    with app.test_request_context():
        realtime.push_counter("city:bari", "needs", 1)
        _db.session.commit()
    follower.settle()
    assert follower.events("counter:changed") == []


def test_notifications_reach_only_their_person(app, client, login, live, resident):
    other = factories.create_user()
    login(resident)
    mine = live(client)
    theirs = live(token=factories.create_token(other))
    with app.test_request_context():
        realtime.push_to_user(
            resident.id,
            "notification",
            {"id": 1, "kind": "test", "text": "Ciao", "url": "/", "created_at": "2026-11-24T10:00:00+00:00"},
        )
        _db.session.commit()
    assert mine.wait_for("notification")[0]["text"] == "Ciao"
    theirs.settle()
    assert theirs.events("notification") == []


def test_a_crashing_handler_answers_server_error_and_keeps_others_connected(app, live, resident, monkeypatch):
    token = factories.create_token(resident)
    crashing, other = live(token=token), live(token=token)
    import app.main.events as events

    def boom(*args):
        raise RuntimeError("bug")

    monkeypatch.setattr(events, "ok", boom)
    assert crashing.emit("me")["error"]["code"] == "server_error"
    monkeypatch.undo()
    assert crashing.connected and other.connected
    assert other.emit("me")["ok"]
