"""Presence (who is on the board) and concurrent changes (sequence numbers never shared,
skipped or reused)."""

from __future__ import annotations

import threading
import time

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models.board import BoardEvent, BoardNote
from app.models.workshop import Workshop
from tests.factories.board import board_world, immediate_presence  # noqa: F401


def _ids(presence_event):
    return [p["user_id"] for p in presence_event["participants"]]


def test_presence_lists_each_person_once_across_their_connections(live):
    world = board_world()
    wid = world["workshop"].id
    observer = live(token=world["tokens"]["facilitator"])
    observer.emit("workshop:join", {"workshop_id": wid})
    laptop = live(token=world["tokens"]["participant"])
    phone = live(token=world["tokens"]["participant"])
    observer.clear()
    laptop.emit("workshop:join", {"workshop_id": wid})
    state = phone.emit("workshop:join", {"workshop_id": wid})["state"]
    heard = observer.wait_for("presence:changed", count=2)
    me, her = world["facilitator"].id, world["participant"].id
    assert sorted(_ids(heard[-1])) == sorted([me, her])
    assert heard[-1]["workshop_id"] == wid
    assert sorted(p["user_id"] for p in state["participants"]) == sorted([me, her])
    names = {p["user_id"]: p["name"] for p in heard[-1]["participants"]}
    assert names[her] == "Paola Partecipante"

    observer.clear()
    laptop.close()  # still there on the phone
    assert sorted(_ids(observer.wait_for("presence:changed")[-1])) == sorted([me, her])
    observer.clear()
    phone.close()
    assert _ids(observer.wait_for("presence:changed")[-1]) == [me]


def test_presence_is_per_workshop(live):
    world = board_world()
    other = board_world()
    a = live(token=world["tokens"]["participant"])
    a.emit("workshop:join", {"workshop_id": world["workshop"].id})
    b = live(token=other["tokens"]["participant"])
    state = b.emit("workshop:join", {"workshop_id": other["workshop"].id})["state"]
    assert _ids(state) == [other["participant"].id]
    a.settle()
    assert all(e["workshop_id"] == world["workshop"].id for e in a.events("presence:changed"))


def test_a_dead_process_entries_are_dropped(app, live):
    """With Redis, entries of a process that stopped beating (SIGKILL) are ignored."""
    if not app.config["REDIS_URL"]:
        pytest.skip("needs REDIS_URL: runs in the PostgreSQL + Redis pass of .ci/run")
    import json

    from app.workshops import presence

    world = board_world()
    wid = world["workshop"].id
    client = live(token=world["tokens"]["participant"])
    with app.test_request_context():
        redis = presence._redis()
        key = presence._board_key(presence._channel(), wid)
        ghost = {"user_id": world["neighbour"].id, "name": "Fantasma", "process": "dead-host:1:abc"}
        redis.hset(key, "ghost-sid", json.dumps(ghost))
    state = client.emit("workshop:join", {"workshop_id": wid})["state"]
    assert _ids(state) == [world["participant"].id]
    with app.test_request_context():
        assert not redis.hexists(key, "ghost-sid")


def test_concurrent_changes_get_distinct_consecutive_numbers(app):
    """Eight writers at once on one board: every change stored once, seq 1..N without gaps."""
    from app.workshops import board

    world = board_world()
    wid = world["workshop"].id
    people = [world["participant"].id, world["neighbour"].id, world["facilitator"].id, world["staff"].id]
    errors: list[BaseException] = []
    start = threading.Barrier(8)

    def writer(n: int):
        try:
            with app.test_request_context():
                from app.models import User

                actor = db.session.get(User, people[n % len(people)])
                start.wait()
                for i in range(15):
                    workshop = db.session.get(Workshop, wid)
                    if i % 5 == 4:
                        board.send_chat(actor, workshop, f"chat-{n}-{i}", f"Messaggio {n}.{i}")
                    else:
                        board.create_note(actor, workshop, f"note-{n}-{i}", f"Nota {n}.{i}")
                    # a retry of the same note must change nothing
                    board.create_note(actor, db.session.get(Workshop, wid), f"note-{n}-0", "Ripetuta")
                db.session.remove()
        except BaseException as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert errors == []
    db.session.expire_all()
    seqs = db.session.scalars(sa.select(BoardEvent.seq).where(BoardEvent.workshop_id == wid).order_by(BoardEvent.seq))
    assert list(seqs) == list(range(1, 8 * 15 + 1))
    assert db.session.get(Workshop, wid).seq == 8 * 15
    assert db.session.scalar(sa.select(sa.func.count()).select_from(BoardNote)) == 8 * 12


def test_joins_close_together_make_one_presence_message(app, live):
    """A room filling up is not told N times: joins within the delay make one message."""
    world = board_world()
    wid = world["workshop"].id
    observer = live(token=world["tokens"]["facilitator"])
    observer.emit("workshop:join", {"workshop_id": wid})
    observer.clear()
    app.config["BOARD_PRESENCE_DELAY"] = 0.3
    for role in ("participant", "neighbour", "staff"):
        live(token=world["tokens"][role]).emit("workshop:join", {"workshop_id": wid})
    heard = observer.wait_for("presence:changed", timeout=3)
    assert len(heard) == 1
    assert len(heard[0]["participants"]) == 4
    time.sleep(0.6)
    assert len(observer.events("presence:changed")) == 1
