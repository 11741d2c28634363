"""The live board's rules, continued: ownership and versions, repeated creates, sequence
numbers and catch-up, votes, groups and spotlight, the state a joining client gets."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from app.extensions import db
from app.models.base import utcnow
from app.models.board import BoardEvent, BoardNote
from app.models.workshop import Workshop
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

# --- ownership and versions -------------------------------------------------------------------------


def test_participants_change_only_their_own_notes_and_groups(live):
    world = board_world()
    wid = world["workshop"].id
    theirs = add_note(world["workshop"], world["neighbour"])
    their_group = add_group(world["workshop"], world["neighbour"])
    participant = joined(live, world)
    before = board_rows(wid)
    for event, payload in {
        "note:update": {"note_id": theirs.id, "version": 1, "text": "Riscritta"},
        "note:delete": {"note_id": theirs.id, "version": 1},
        "group:update": {"group_id": their_group.id, "version": 1, "title": "Mio"},
        "group:delete": {"group_id": their_group.id, "version": 1},
    }.items():
        assert participant.emit(event, {"workshop_id": wid, **payload})["error"]["code"] == "forbidden", event
    assert board_rows(wid) == before
    facilitator = joined(live, world, "facilitator")
    ack = facilitator.emit("note:update", {"workshop_id": wid, "note_id": theirs.id, "version": 1, "text": "Moderata"})
    assert ack["ok"] and ack["note"]["author"]["id"] == world["neighbour"].id


def test_two_updates_from_the_same_version_one_wins_the_other_gets_the_winner(live):
    world = board_world()
    wid = world["workshop"].id
    note = add_note(world["workshop"], world["participant"], "Prima versione")
    laptop, phone = joined(live, world), joined(live, world)
    facilitator = joined(live, world, "facilitator")
    first = laptop.emit("note:update", {"workshop_id": wid, "note_id": note.id, "version": 1, "text": "Dal portatile"})
    second = phone.emit("note:update", {"workshop_id": wid, "note_id": note.id, "version": 1, "text": "Dal telefono"})
    assert first["ok"] and first["note"]["version"] == 2
    assert second["ok"] is False and second["error"]["code"] == "conflict"
    assert second["error"]["note"] == first["note"]
    assert second["error"]["note"]["text"] == "Dal portatile"
    db.session.expire_all()
    assert db.session.get(BoardNote, note.id).text == "Dal portatile"
    assert len(facilitator.wait_for("note:updated")) == 1
    # Deleting from a stale version is refused the same way; from the current one it works.
    stale = phone.emit("note:delete", {"workshop_id": wid, "note_id": note.id, "version": 1})
    assert stale["error"]["code"] == "conflict" and stale["error"]["note"]["version"] == 2
    assert phone.emit("note:delete", {"workshop_id": wid, "note_id": note.id, "version": 2})["ok"]
    again = phone.emit("note:delete", {"workshop_id": wid, "note_id": note.id, "version": 3})
    assert again["error"]["code"] == "not_found"


def test_a_stale_group_update_gets_the_current_group(live):
    world = board_world()
    wid = world["workshop"].id
    group = add_group(world["workshop"], world["participant"], "Scuole")
    a, b = joined(live, world), joined(live, world)
    first = a.emit("group:update", {"workshop_id": wid, "group_id": group.id, "version": 1, "title": "Scuole aperte"})
    second = b.emit("group:update", {"workshop_id": wid, "group_id": group.id, "version": 1, "x": 50})
    assert first["ok"] and second["error"]["code"] == "conflict"
    assert second["error"]["group"] == first["group"]


# --- repeated creates ---------------------------------------------------------------------------


def test_the_same_client_id_twice_makes_one_note_and_one_broadcast(live):
    world = board_world()
    wid = world["workshop"].id
    participant, observer = joined(live, world), joined(live, world, "neighbour")
    payload = {"workshop_id": wid, "client_id": "3f1c-retry", "text": "Una fontanella"}
    first = participant.emit("note:create", payload)
    observer.wait_for("note:created")
    second = participant.emit("note:create", {**payload, "text": "Testo diverso al secondo invio"})
    assert second == first
    observer.settle()
    assert len(observer.events("note:created")) == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(BoardNote)) == 1
    # Even once the board is locked, a resend gets its note back (it was accepted before).
    facilitator = joined(live, world, "facilitator")
    facilitator.emit("board:lock", {"workshop_id": wid, "locked": True})
    assert participant.emit("note:create", payload) == first


def test_the_same_client_id_twice_makes_one_group_and_one_chat_message(live):
    world = board_world()
    wid = world["workshop"].id
    participant = joined(live, world)
    group = {"workshop_id": wid, "client_id": "g-retry", "title": "Mobilità"}
    chat = {"workshop_id": wid, "client_id": "m-retry", "text": "Arrivo tra poco"}
    assert participant.emit("group:create", group) == participant.emit("group:create", group)
    first = participant.emit("chat:send", chat)
    assert participant.emit("chat:send", chat) == first
    assert first["message"]["author"] == {"id": world["participant"].id, "name": "Paola Partecipante"}
    assert [e[1] for e in board_rows(wid)["events"]] == ["group:created", "chat:message"]


def test_a_client_id_is_per_workshop(live):
    world = board_world()
    other = board_world()
    participant = joined(live, world)
    a = participant.emit("note:create", {"workshop_id": world["workshop"].id, "client_id": "same", "text": "Qui"})
    from tests.factories.workshops import register

    register(other["workshop"], world["participant"])
    b = participant.emit("note:create", {"workshop_id": other["workshop"].id, "client_id": "same", "text": "Là"})
    assert a["ok"] and b["ok"] and a["note"]["id"] != b["note"]["id"]


# --- sequence numbers and catch-up --------------------------------------------------------------------


def test_sync_after_a_gap_returns_the_missed_events_in_order(live):
    world = board_world()
    wid = world["workshop"].id
    late = joined(live, world, "neighbour")
    seen = late.emit("workshop:join", {"workshop_id": wid})["state"]["seq"]
    late.close()  # the phone goes into a tunnel
    author = joined(live, world)
    created = author.emit("note:create", {"workshop_id": wid, "client_id": "a", "text": "Prima"})
    note = created["note"]
    author.emit("note:update", {"workshop_id": wid, "note_id": note["id"], "version": 1, "x": 500})
    author.emit("chat:send", {"workshop_id": wid, "client_id": "c", "text": "Ecco"})
    author.emit("note:delete", {"workshop_id": wid, "note_id": note["id"], "version": 2})

    back = live(token=world["tokens"]["neighbour"])
    ack = back.emit("workshop:sync", {"workshop_id": wid, "since_seq": seen})
    assert ack["ok"] and ack["seq"] == seen + 4
    assert [(e["seq"], e["name"]) for e in ack["events"]] == [
        (seen + 1, "note:created"),
        (seen + 2, "note:updated"),
        (seen + 3, "chat:message"),
        (seen + 4, "note:deleted"),
    ]
    assert ack["events"][0]["data"] == {"seq": seen + 1, "note": note}
    assert ack["events"][3]["data"] == {"seq": seen + 4, "note_id": note["id"]}
    # Up to date: nothing to send.
    assert back.emit("workshop:sync", {"workshop_id": wid, "since_seq": seen + 4}) == {
        "ok": True,
        "seq": seen + 4,
        "events": [],
    }


def test_sync_answers_the_whole_state_when_too_far_behind_or_ahead(live):
    world = board_world()
    wid = world["workshop"].id
    workshop = db.session.get(Workshop, wid)
    for seq in range(1, 503):
        db.session.add(BoardEvent(workshop_id=wid, seq=seq, name="chat:message", payload={"seq": seq}))
    workshop.seq = 502
    db.session.commit()
    client = joined(live, world)
    far = client.emit("workshop:sync", {"workshop_id": wid, "since_seq": 1})
    assert far["ok"] and "events" not in far and far["state"]["seq"] == 502
    near = client.emit("workshop:sync", {"workshop_id": wid, "since_seq": 2})
    assert len(near["events"]) == 500
    ahead = client.emit("workshop:sync", {"workshop_id": wid, "since_seq": 900})
    assert ahead["state"]["seq"] == 502
    for bad in (-1, "3", None, 2.5):
        assert client.emit("workshop:sync", {"workshop_id": wid, "since_seq": bad})["error"]["code"] == "invalid"


def test_sequence_numbers_increase_by_one_and_every_broadcast_carries_one(live):
    world = board_world()
    wid = world["workshop"].id
    participant, observer = joined(live, world), joined(live, world, "neighbour")
    acks = [
        participant.emit("note:create", {"workshop_id": wid, "client_id": f"n{i}", "text": f"Nota {i}"})
        for i in range(5)
    ]
    refused = participant.emit("note:create", {"workshop_id": wid, "client_id": "bad", "text": ""})
    assert refused["error"]["code"] == "invalid"
    acks.append(participant.emit("chat:send", {"workshop_id": wid, "client_id": "c", "text": "Fatto"}))
    assert [a["seq"] for a in acks] == [1, 2, 3, 4, 5, 6]
    heard = observer.wait_for("note:created", count=5)
    assert [h["seq"] for h in heard] == [1, 2, 3, 4, 5]
    assert [e[0] for e in board_rows(wid)["events"]] == [1, 2, 3, 4, 5, 6]


# --- votes ----------------------------------------------------------------------------------------------


def test_dot_votes_have_a_per_person_budget(live):
    world = board_world(vote_budget=3)
    wid = world["workshop"].id
    a = add_note(world["workshop"], world["neighbour"], "Pista ciclabile")
    b = add_note(world["workshop"], world["neighbour"], "Mercato contadino")
    participant, observer = joined(live, world), joined(live, world, "neighbour")
    acks = [participant.emit("vote:cast", {"workshop_id": wid, "note_id": n.id}) for n in (a, a, b)]
    assert [x["remaining"] for x in acks] == [2, 1, 0]
    assert [h["total"] for h in observer.wait_for("votes:changed", count=3)] == [1, 2, 1]
    before = board_rows(wid)
    refused = participant.emit("vote:cast", {"workshop_id": wid, "note_id": b.id})
    assert refused["error"]["code"] == "budget_exhausted"
    assert board_rows(wid) == before
    # Another person has their own budget.
    assert observer.emit("vote:cast", {"workshop_id": wid, "note_id": a.id})["remaining"] == 2
    retract = participant.emit("vote:retract", {"workshop_id": wid, "note_id": a.id})
    assert retract["ok"] and retract["remaining"] == 1
    state = participant.emit("workshop:join", {"workshop_id": wid})["state"]
    assert state["votes"] == {str(a.id): 2, str(b.id): 1}
    assert state["my_votes"] == {str(a.id): 1, str(b.id): 1}
    assert state["vote_budget"] == 3
    db.session.expire_all()
    assert db.session.get(BoardNote, a.id).vote_total == 2


def test_retracting_without_a_vote_is_invalid_and_votes_on_removed_notes_come_back(live):
    world = board_world(vote_budget=1)
    wid = world["workshop"].id
    note = add_note(world["workshop"], world["neighbour"])
    participant = joined(live, world)
    assert participant.emit("vote:retract", {"workshop_id": wid, "note_id": note.id})["error"]["code"] == "invalid"
    assert participant.emit("vote:cast", {"workshop_id": wid, "note_id": note.id})["remaining"] == 0
    facilitator = joined(live, world, "facilitator")
    assert facilitator.emit("note:delete", {"workshop_id": wid, "note_id": note.id, "version": 1})["ok"]
    other = add_note(world["workshop"], world["neighbour"])
    assert participant.emit("vote:cast", {"workshop_id": wid, "note_id": other.id})["remaining"] == 0
    assert participant.emit("vote:cast", {"workshop_id": wid, "note_id": note.id})["error"]["code"] == "not_found"


# --- groups, spotlight ---------------------------------------------------------------------------------


def test_deleting_a_group_ungroups_its_notes_in_one_event(live):
    world = board_world()
    wid = world["workshop"].id
    group = add_group(world["workshop"], world["participant"], "Cultura")
    notes = [add_note(world["workshop"], world["participant"], group=group) for _ in range(3)]
    participant, observer = joined(live, world), joined(live, world, "neighbour")
    ack = participant.emit("group:delete", {"workshop_id": wid, "group_id": group.id, "version": 1})
    assert ack == {"ok": True, "seq": 1}
    assert observer.wait_for("group:deleted") == [{"seq": 1, "group_id": group.id}]
    observer.settle()
    assert len(observer.events()) == 1
    db.session.expire_all()
    assert [db.session.get(BoardNote, n.id).group_id for n in notes] == [None, None, None]
    state = observer.emit("workshop:join", {"workshop_id": wid})["state"]
    assert state["groups"] == [] and {n["group_id"] for n in state["notes"]} == {None}


def test_moving_a_note_into_a_group_needs_a_live_group(live):
    world = board_world()
    wid = world["workshop"].id
    note = add_note(world["workshop"], world["participant"])
    group = add_group(world["workshop"], world["participant"])
    participant = joined(live, world)
    ack = participant.emit("note:update", {"workshop_id": wid, "note_id": note.id, "version": 1, "group_id": group.id})
    assert ack["note"]["group_id"] == group.id
    ack = participant.emit("note:update", {"workshop_id": wid, "note_id": note.id, "version": 2, "group_id": None})
    assert ack["note"]["group_id"] is None
    ack = participant.emit("note:update", {"workshop_id": wid, "note_id": note.id, "version": 3, "group_id": 999999})
    assert ack["error"]["code"] == "not_found"
    ack = participant.emit("note:create", {"workshop_id": wid, "client_id": "z", "text": "x", "group_id": 999999})
    assert ack["error"]["code"] == "not_found"


def test_spotlight_shows_a_note_to_everyone_and_ends(live):
    world = board_world()
    wid = world["workshop"].id
    note = add_note(world["workshop"], world["participant"], "Il parco giochi")
    facilitator, participant = joined(live, world, "facilitator"), joined(live, world)
    ack = facilitator.emit("note:spotlight", {"workshop_id": wid, "note_id": note.id})
    assert participant.wait_for("note:spotlighted")[0] == {"seq": ack["seq"], "note_id": note.id}
    state = participant.emit("workshop:join", {"workshop_id": wid})["state"]
    assert state["workshop"]["spotlight_note_id"] == note.id
    ack = facilitator.emit("note:spotlight", {"workshop_id": wid, "note_id": None})
    db.session.expire_all()
    assert ack["ok"] and db.session.get(Workshop, wid).spotlight_note_id is None
    assert facilitator.emit("note:spotlight", {"workshop_id": wid, "note_id": 999999})["error"]["code"] == "not_found"
    assert facilitator.emit("note:spotlight", {"workshop_id": wid})["error"]["code"] == "invalid"


# --- the state -------------------------------------------------------------------------------------------


def test_join_answers_the_whole_board(live):
    world = board_world(agenda=FOUR_PHASES)
    wid = world["workshop"].id
    group = add_group(world["workshop"], world["facilitator"], "Trasporti", x=10, y=20)
    note = add_note(world["workshop"], world["participant"], "Bus notturno", group=group, x=30, y=40, color="blue")
    gone = add_note(world["workshop"], world["participant"], "Cancellata")
    gone.deleted_at = utcnow()
    db.session.commit()
    add_vote(note, world["participant"], 2)
    participant = live(token=world["tokens"]["participant"])
    state = participant.emit("workshop:join", {"workshop_id": wid})["state"]
    assert state["workshop"] == {
        "id": wid,
        "title": world["workshop"].title,
        "status": "live",
        "locked": False,
        "spotlight_note_id": None,
    }
    assert state["phase"]["index"] == 0 and state["phase"]["kind"] == "brainstorm"
    assert [p["kind"] for p in state["agenda"]] == ["brainstorm", "cluster", "vote", "discuss"]
    assert state["seq"] == 0
    [shown] = state["notes"]
    assert shown["id"] == note.id and shown["text"] == "Bus notturno" and shown["color"] == "blue"
    assert shown["author"] == {"id": world["participant"].id, "name": "Paola Partecipante"}
    assert (shown["x"], shown["y"], shown["group_id"], shown["version"]) == (30, 40, group.id, 1)
    assert set(shown) == {
        "id",
        "client_id",
        "workshop_id",
        "author",
        "text",
        "color",
        "x",
        "y",
        "group_id",
        "version",
        "created_at",
        "updated_at",
    }
    assert state["groups"] == [
        {
            "id": group.id,
            "client_id": group.client_id,
            "workshop_id": wid,
            "title": "Trasporti",
            "x": 10,
            "y": 20,
            "version": 1,
        }
    ]
    assert state["votes"] == {str(note.id): 2} and state["my_votes"] == {str(note.id): 2}
    assert state["vote_budget"] == 5
    assert state["participants"] == [{"user_id": world["participant"].id, "name": "Paola Partecipante"}]
    assert state["me"] == {"user_id": world["participant"].id, "name": "Paola Partecipante", "facilitator": False}
    assert state["board"]["colors"][0] == "yellow"
    assert state["messages"] == []


def test_xss_payloads_are_stored_and_sent_back_verbatim(app, client, login, live):
    from tests.xss import PAYLOADS, assert_no_xss

    world = board_world()
    wid = world["workshop"].id
    participant = joined(live, world)
    for i, payload in enumerate(PAYLOADS):
        text = payload[:500]
        if not text.strip() or "\x00" in text:
            continue
        note = participant.emit("note:create", {"workshop_id": wid, "client_id": f"x{i}", "text": text})
        assert note["ok"] and note["note"]["text"] == text.strip(), payload
        chat = participant.emit("chat:send", {"workshop_id": wid, "client_id": f"c{i}", "text": text})
        assert chat["ok"] and chat["message"]["text"] == text.strip()
    participant.emit("group:create", {"workshop_id": wid, "client_id": "g", "title": PAYLOADS[0][:500]})
    if "workshops.board_list" in app.view_functions:
        login(world["participant"])
        page = client.get(f"/workshops/{wid}/board/list")
        assert page.status_code == 200
        assert_no_xss(page.get_data(as_text=True))


def test_join_tells_the_server_time_so_clients_can_show_the_timer_right(live):
    from datetime import datetime

    world = board_world(agenda=FOUR_PHASES)
    before = utcnow()
    ack = live(token=world["tokens"]["participant"]).emit("workshop:join", {"workshop_id": world["workshop"].id})
    server_time = datetime.fromisoformat(ack["server_time"])
    assert before - timedelta(seconds=1) <= server_time <= utcnow() + timedelta(seconds=1)
