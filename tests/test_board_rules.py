"""The board's rules (REALTIME.md): phases, lock and read-only workshops. The rest
(ownership, versions, repeated creates, votes, groups, the state) is in test_board_changes.py."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models.base import utcnow
from app.models.board import BoardGroup, BoardNote, ChatMessage
from app.models.workshop import WorkshopStatus
from tests.factories.board import (  # noqa: F401
    FOUR_PHASES,
    add_group,
    add_note,
    add_vote,
    board_rows,
    board_world,
    immediate_presence,
    joined,
    set_phase_in_db,
)

# --- phases ------------------------------------------------------------------------------------

ACTIONS = {
    "note:create": lambda w: {"client_id": "n-new", "text": "Un orto condiviso"},
    "note:update text": lambda w: {"note_id": w["own_note"].id, "version": 1, "text": "Un orto sul tetto"},
    "note:update move": lambda w: {"note_id": w["own_note"].id, "version": 1, "x": 400, "y": 300},
    "note:update group": lambda w: {"note_id": w["own_note"].id, "version": 1, "group_id": w["own_group"].id},
    "note:delete": lambda w: {"note_id": w["own_note"].id, "version": 1},
    "group:create": lambda w: {"client_id": "g-new", "title": "Ambiente"},
    "group:update": lambda w: {"group_id": w["own_group"].id, "version": 1, "title": "Natura"},
    "group:delete": lambda w: {"group_id": w["own_group"].id, "version": 1},
    "vote:cast": lambda w: {"note_id": w["own_note"].id},
    "chat:send": lambda w: {"client_id": "m-new", "text": "Sono d'accordo"},
}
ALLOWED_IN = {
    "brainstorm": {"note:create", "note:update text", "note:delete", "chat:send"},
    "cluster": {"note:update move", "note:update group", "group:create", "group:update", "group:delete", "chat:send"},
    "vote": {"vote:cast", "chat:send"},
    "discuss": {"chat:send"},
}


def _event(action: str) -> str:
    return action.split(" ")[0]


@pytest.mark.parametrize("phase", list(ALLOWED_IN))
def test_each_phase_opens_only_its_actions_to_participants(live, phase):
    world = board_world(agenda=FOUR_PHASES)
    set_phase_in_db(world, list(ALLOWED_IN).index(phase))
    participant = joined(live, world)
    for action, payload in ACTIONS.items():
        world["own_note"] = add_note(world["workshop"], world["participant"])
        world["own_group"] = add_group(world["workshop"], world["participant"])
        before = board_rows(world["workshop"].id)
        ack = participant.emit(_event(action), {"workshop_id": world["workshop"].id, **payload(world)})
        if action in ALLOWED_IN[phase]:
            assert ack["ok"], (phase, action, ack)
        else:
            assert ack["error"]["code"] == "locked", (phase, action, ack)
            assert board_rows(world["workshop"].id) == before
        db.session.execute(sa.delete(BoardNote).where(BoardNote.client_id.in_(["n-new"])))
        db.session.execute(sa.delete(BoardGroup).where(BoardGroup.client_id.in_(["g-new"])))
        db.session.execute(sa.delete(ChatMessage))
        db.session.commit()


@pytest.mark.parametrize("phase", list(ALLOWED_IN))
def test_facilitators_may_do_anything_in_any_phase(live, phase):
    world = board_world(agenda=FOUR_PHASES)
    set_phase_in_db(world, list(ALLOWED_IN).index(phase))
    facilitator = joined(live, world, "facilitator")
    for action, payload in ACTIONS.items():
        world["own_note"] = add_note(world["workshop"], world["participant"])
        world["own_group"] = add_group(world["workshop"], world["participant"])
        payload = payload(world)
        if "client_id" in payload:
            payload["client_id"] += f"-{phase}"
        ack = facilitator.emit(_event(action), {"workshop_id": world["workshop"].id, **payload})
        assert ack["ok"], (phase, action, ack)


def test_without_an_agenda_everything_is_open(live):
    world = board_world(agenda=())
    participant = joined(live, world)
    for action, payload in ACTIONS.items():
        world["own_note"] = add_note(world["workshop"], world["participant"])
        world["own_group"] = add_group(world["workshop"], world["participant"])
        ack = participant.emit(_event(action), {"workshop_id": world["workshop"].id, **payload(world)})
        assert ack["ok"], (action, ack)


def test_the_phase_timer_is_set_by_the_server(live):
    world = board_world(agenda=FOUR_PHASES)
    facilitator = joined(live, world, "facilitator")
    participant = joined(live, world)
    before = utcnow()
    ack = facilitator.emit("phase:set", {"workshop_id": world["workshop"].id, "index": 2})
    phase = ack["phase"]
    assert (phase["index"], phase["name"], phase["kind"]) == (2, "Voto", "vote")
    from datetime import datetime

    ends_at = datetime.fromisoformat(phase["ends_at"])
    assert before + timedelta(minutes=5) <= ends_at <= utcnow() + timedelta(minutes=5)
    assert participant.wait_for("phase:changed")[0] == {"seq": ack["seq"], "phase": phase}
    state = participant.emit("workshop:join", {"workshop_id": world["workshop"].id})["state"]
    assert state["phase"] == phase
    for bad in (4, -1, "2", None, 1.5, True):
        ack = facilitator.emit("phase:set", {"workshop_id": world["workshop"].id, "index": bad})
        assert ack["error"]["code"] == "invalid", bad


def test_starting_opens_the_first_phase_and_closing_makes_the_board_read_only(live):
    world = board_world(status=WorkshopStatus.SCHEDULED, agenda=FOUR_PHASES)
    wid = world["workshop"].id
    facilitator = joined(live, world, "facilitator")
    participant = joined(live, world)
    # Not live yet: joining works, changes are refused, for facilitators too.
    for client in (participant, facilitator):
        ack = client.emit("note:create", {"workshop_id": wid, "client_id": "early", "text": "Presto"})
        assert ack["error"]["code"] == "locked"
    ack = facilitator.emit("workshop:start", {"workshop_id": wid})
    assert ack["ok"] and ack["phase"]["kind"] == "brainstorm"
    started = participant.wait_for("workshop:started")[0]
    assert started == {"seq": ack["seq"], "phase": ack["phase"]}
    assert participant.emit("note:create", {"workshop_id": wid, "client_id": "n1", "text": "Ora sì"})["ok"]
    # Starting again changes nothing.
    again = facilitator.emit("workshop:start", {"workshop_id": wid})
    assert again["ok"] and again["seq"] == ack["seq"] + 1  # the note took one number; no new event
    assert board_rows(wid)["events"][-1][1] == "note:created"

    closed = facilitator.emit("workshop:close", {"workshop_id": wid})
    assert closed["ok"] and participant.wait_for("workshop:closed")[0] == {"seq": closed["seq"]}
    for client in (participant, facilitator):
        ack = client.emit("note:create", {"workshop_id": wid, "client_id": "late", "text": "Tardi"})
        assert ack["error"]["code"] == "locked"
    assert facilitator.emit("workshop:start", {"workshop_id": wid})["error"]["code"] == "locked"
    state = participant.emit("workshop:join", {"workshop_id": wid})["state"]
    assert state["workshop"]["status"] == "closed" and [n["text"] for n in state["notes"]] == ["Ora sì"]


# --- lock ----------------------------------------------------------------------------------------


def test_a_locked_board_refuses_every_participant_change(live):
    world = board_world()
    wid = world["workshop"].id
    note = add_note(world["workshop"], world["participant"])
    facilitator = joined(live, world, "facilitator")
    participant = joined(live, world)
    ack = facilitator.emit("board:lock", {"workshop_id": wid, "locked": True})
    assert participant.wait_for("board:locked")[0] == {"seq": ack["seq"], "locked": True}
    before = board_rows(wid)
    attempts = {
        "note:create": {"client_id": "x1", "text": "Posso?"},
        "note:update": {"note_id": note.id, "version": 1, "text": "Cambio"},
        "note:delete": {"note_id": note.id, "version": 1},
        "group:create": {"client_id": "x2", "title": "Gruppo"},
        "vote:cast": {"note_id": note.id},
        "chat:send": {"client_id": "x3", "text": "Ciao"},
    }
    for event, payload in attempts.items():
        assert participant.emit(event, {"workshop_id": wid, **payload})["error"]["code"] == "locked", event
    assert board_rows(wid) == before
    assert participant.emit("workshop:join", {"workshop_id": wid})["state"]["workshop"]["locked"] is True
    # The facilitator still works, and unlocking opens the board again.
    assert facilitator.emit("note:create", {"workshop_id": wid, "client_id": "f1", "text": "Riassunto"})["ok"]
    facilitator.emit("board:lock", {"workshop_id": wid, "locked": False})
    assert participant.emit("note:create", {"workshop_id": wid, "client_id": "x1", "text": "Ora sì"})["ok"]
    assert facilitator.emit("board:lock", {"workshop_id": wid, "locked": "yes"})["error"]["code"] == "invalid"
