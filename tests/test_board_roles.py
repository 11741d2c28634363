"""Every board event × every kind of person (REALTIME.md "Rules"): the allowed ones succeed
and reach the others in the room; the refused ones answer the right code, change nothing
and broadcast nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from app.models.workshop import WorkshopStatus
from tests.factories.board import add_group, add_note, add_vote, board_rows, board_world, immediate_presence  # noqa: F401
from tests.factories.workshops import DEFAULT_AGENDA

ROLES = ("participant", "facilitator", "staff", "outsider", "anonymous")
MEMBERS = frozenset({"participant", "facilitator", "staff"})
MANAGERS = frozenset({"facilitator", "staff"})


@dataclass
class Case:
    prepare: Any  # (world, actor or None) -> payload (without workshop_id)
    allowed: frozenset
    broadcast: str | None  # the event the room hears, None for none
    world: dict = field(default_factory=dict)
    changes: bool = True  # stores a numbered change


def _own_note(w, actor):
    return add_note(w["workshop"], w["participant"], "Più panchine al parco")


def _own_group(w, actor):
    return add_group(w["workshop"], w["participant"], "Verde pubblico")


def _retract(w, actor):
    note = _own_note(w, actor)
    if actor is not None:
        add_vote(note, actor)
    return {"note_id": note.id}


CASES = {
    "note:create": Case(lambda w, a: {"client_id": "c-1", "text": "Una ludoteca in piazza"}, MEMBERS, "note:created"),
    "note:update": Case(
        lambda w, a: {"note_id": _own_note(w, a).id, "version": 1, "text": "Panchine all'ombra"},
        MEMBERS,
        "note:updated",
    ),
    "note:delete": Case(lambda w, a: {"note_id": _own_note(w, a).id, "version": 1}, MEMBERS, "note:deleted"),
    "group:create": Case(lambda w, a: {"client_id": "g-1", "title": "Spazi verdi"}, MEMBERS, "group:created"),
    "group:update": Case(
        lambda w, a: {"group_id": _own_group(w, a).id, "version": 1, "title": "Parchi"}, MEMBERS, "group:updated"
    ),
    "group:delete": Case(lambda w, a: {"group_id": _own_group(w, a).id, "version": 1}, MEMBERS, "group:deleted"),
    "vote:cast": Case(lambda w, a: {"note_id": _own_note(w, a).id}, MEMBERS, "votes:changed"),
    "vote:retract": Case(_retract, MEMBERS, "votes:changed"),
    "chat:send": Case(lambda w, a: {"client_id": "m-1", "text": "Buongiorno a tutti!"}, MEMBERS, "chat:message"),
    "workshop:start": Case(lambda w, a: {}, MANAGERS, "workshop:started", world={"status": WorkshopStatus.SCHEDULED}),
    "workshop:close": Case(lambda w, a: {}, MANAGERS, "workshop:closed"),
    "phase:set": Case(lambda w, a: {"index": 1}, MANAGERS, "phase:changed", world={"agenda": DEFAULT_AGENDA}),
    "board:lock": Case(lambda w, a: {"locked": True}, MANAGERS, "board:locked"),
    "note:spotlight": Case(lambda w, a: {"note_id": _own_note(w, a).id}, MANAGERS, "note:spotlighted"),
    "workshop:sync": Case(lambda w, a: {"since_seq": 0}, MEMBERS, None, changes=False),
    "workshop:join": Case(lambda w, a: {}, MEMBERS, "presence:changed", changes=False),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("event", list(CASES))
def test_event_by_role(live, event, role):
    case = CASES[event]
    world = board_world(**case.world)
    workshop_id = world["workshop"].id
    actor = world.get(role)
    payload = {"workshop_id": workshop_id, **case.prepare(world, actor)}
    observer = live(token=world["tokens"]["neighbour"])
    assert observer.emit("workshop:join", {"workshop_id": workshop_id})["ok"]
    observer.clear()
    before = board_rows(workshop_id)
    client = live(token=world["tokens"][role]) if role != "anonymous" else live()

    ack = client.emit(event, payload)

    if role in case.allowed:
        assert ack["ok"] is True, ack
        after = board_rows(workshop_id)
        if case.changes:
            assert ack["seq"] == before["workshop"][0] + 1 == after["workshop"][0]
            assert after["events"][-1] == (ack["seq"], case.broadcast)
        else:
            assert after == before
        if case.broadcast:
            heard = observer.wait_for(case.broadcast)
            assert heard, f"the room did not hear {case.broadcast}"
            if case.changes:
                assert heard[0]["seq"] == ack["seq"]
    else:
        code = "unauthenticated" if role == "anonymous" else "forbidden"
        assert ack["ok"] is False and ack["error"]["code"] == code, ack
        assert board_rows(workshop_id) == before
        observer.settle()
        # Presence updates are coalesced and sent later (its own join's may land now): they are
        # not an answer to the refused event.
        assert [name for name in observer.event_names() if name != "presence:changed"] == []


def test_a_browser_joins_with_its_session_cookie(client, login, live):
    world = board_world()
    login(world["participant"])
    ack = live(client).emit("workshop:join", {"workshop_id": world["workshop"].id})
    assert ack["ok"] and ack["state"]["me"]["user_id"] == world["participant"].id


def test_waitlisted_invited_and_cancelled_people_are_not_let_in(live):
    from app.models.workshop import RegistrationStatus
    from tests import factories
    from tests.factories import board
    from tests.factories.workshops import register

    world = board_world()
    for status in (RegistrationStatus.WAITLISTED, RegistrationStatus.INVITED, RegistrationStatus.CANCELLED):
        person = board.person(world["city"], "Persona in attesa")
        register(world["workshop"], person, status=status)
        client = live(token=factories.create_token(person))
        ack = client.emit("workshop:join", {"workshop_id": world["workshop"].id})
        assert ack["error"]["code"] == "forbidden", status
        ack = client.emit("note:create", {"workshop_id": world["workshop"].id, "client_id": "x", "text": "Ciao"})
        assert ack["error"]["code"] == "forbidden", status


def test_staff_of_another_city_is_not_let_in(live):
    from app.models import Role
    from tests import factories
    from tests.factories import board

    world = board_world()
    naples = factories.create_city(name="Napoli", slug="napoli", region="Campania")
    stranger = board.person(naples, "Sara di Napoli", Role.STAFF)
    ack = live(token=factories.create_token(stranger)).emit("workshop:join", {"workshop_id": world["workshop"].id})
    assert ack["error"]["code"] == "forbidden"


def test_an_unknown_workshop_is_not_found_for_every_event(live):
    world = board_world()
    client = live(token=world["tokens"]["facilitator"])
    for event in CASES:
        ack = client.emit(event, {"workshop_id": 999999, "client_id": "x", "text": "x", "note_id": 1, "version": 1})
        assert ack["error"]["code"] == "not_found", event


def test_leaving_tells_the_room_and_anyone_may_leave(live):
    world = board_world()
    workshop_id = world["workshop"].id
    observer = live(token=world["tokens"]["neighbour"])
    participant = live(token=world["tokens"]["participant"])
    observer.emit("workshop:join", {"workshop_id": workshop_id})
    participant.emit("workshop:join", {"workshop_id": workshop_id})
    observer.clear()
    assert participant.emit("workshop:leave", {"workshop_id": workshop_id}) == {"ok": True}
    heard = observer.wait_for("presence:changed")
    assert [p["user_id"] for p in heard[-1]["participants"]] == [world["neighbour"].id]
    # Leaving a board one never joined is harmless and tells nobody.
    observer.clear()
    assert live(token=world["tokens"]["outsider"]).emit("workshop:leave", {"workshop_id": workshop_id})["ok"]
    observer.settle()
    assert observer.events("presence:changed") == []
    assert live().emit("workshop:leave", {"workshop_id": workshop_id})["error"]["code"] == "unauthenticated"
