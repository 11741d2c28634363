"""Malformed payloads on every board event: ``invalid`` (with ``fields``) or ``too_large``,
nothing stored, nothing broadcast, the connection and the others unharmed."""

from __future__ import annotations

import pytest

from tests.factories.board import add_group, add_note, board_rows, board_world, immediate_presence  # noqa: F401

EVENTS = (
    "workshop:join",
    "workshop:leave",
    "workshop:sync",
    "note:create",
    "note:update",
    "note:delete",
    "group:create",
    "group:update",
    "group:delete",
    "vote:cast",
    "vote:retract",
    "chat:send",
    "workshop:start",
    "workshop:close",
    "phase:set",
    "board:lock",
    "note:spotlight",
)

NOT_AN_OBJECT = ["a string", 42, [1, 2, 3], True, 3.5]
BAD_WORKSHOP_IDS = [None, "1", 1.0, True, -3, 0, [1], {"id": 1}, 2**70]


@pytest.fixture
def world(live):
    world = board_world()
    world["note"] = add_note(world["workshop"], world["facilitator"], "Esistente")
    world["group"] = add_group(world["workshop"], world["facilitator"], "Esistente")
    world["client"] = live(token=world["tokens"]["facilitator"])
    world["observer"] = live(token=world["tokens"]["participant"])
    assert world["observer"].emit("workshop:join", {"workshop_id": world["workshop"].id})["ok"]
    world["observer"].clear()
    return world


def _refused(world, event, payload, code):
    before = board_rows(world["workshop"].id)
    ack = world["client"].emit(event, payload)
    assert ack["ok"] is False and ack["error"]["code"] == code, (event, payload, ack)
    if code == "invalid":
        assert isinstance(ack["error"]["fields"], dict)
    assert board_rows(world["workshop"].id) == before
    assert world["client"].connected and world["observer"].connected
    return ack


def _nothing_heard(world):
    world["observer"].settle()
    assert world["observer"].events() == []


@pytest.mark.parametrize("event", EVENTS)
def test_payloads_that_are_not_objects_are_invalid(world, event):
    for payload in NOT_AN_OBJECT:
        _refused(world, event, payload, "invalid")
    _nothing_heard(world)


@pytest.mark.parametrize("event", EVENTS)
def test_a_missing_or_wrong_workshop_id_is_invalid(world, event):
    for workshop_id in BAD_WORKSHOP_IDS:
        ack = _refused(world, event, {"workshop_id": workshop_id}, "invalid")
        assert "workshop_id" in ack["error"]["fields"]
    _refused(world, event, {}, "invalid")
    _nothing_heard(world)


@pytest.mark.parametrize("event", EVENTS)
def test_payloads_over_16_kib_are_too_large(world, event):
    _refused(world, event, {"workshop_id": world["workshop"].id, "text": "x" * 17000}, "too_large")
    _nothing_heard(world)


#: note:create payloads that are refused as ``invalid`` (they need no objects of the world).
BAD_NOTE_CREATES = [
    {"text": "Senza id"},
    {"client_id": "", "text": "Vuoto"},
    {"client_id": "x" * 65, "text": "Lungo"},
    {"client_id": 123, "text": "Numero"},
    {"client_id": "ok"},
    {"client_id": "ok", "text": ""},
    {"client_id": "ok", "text": "   \n "},
    {"client_id": "ok", "text": "a" * 501},
    {"client_id": "ok", "text": 12},
    {"client_id": "ok", "text": ["a"]},
    {"client_id": "ok", "text": "nul \x00 byte"},
    {"client_id": "ok", "text": "Bene", "color": "rosso"},
    {"client_id": "ok", "text": "Bene", "color": 3},
    {"client_id": "ok", "text": "Bene", "x": -1},
    {"client_id": "ok", "text": "Bene", "x": 10001},
    {"client_id": "ok", "text": "Bene", "x": float("nan")},
    {"client_id": "ok", "text": "Bene", "y": float("inf")},
    {"client_id": "ok", "text": "Bene", "y": "10"},
    {"client_id": "ok", "text": "Bene", "x": True},
    {"client_id": "ok", "text": "Bene", "group_id": "1"},
    {"client_id": "ok", "text": "Bene", "group_id": 1.0},
]


def _bad_fields(w):
    wid, note, group = w["workshop"].id, w["note"], w["group"]
    long = "a" * 501
    return {
        "workshop:sync": [{"since_seq": v} for v in (None, "0", -1, 1.5, [0])],
        "note:create": BAD_NOTE_CREATES,
        "note:update": [
            {"version": 1, "text": "Senza nota"},
            {"note_id": note.id, "text": "Senza versione"},
            {"note_id": note.id, "version": "1", "text": "Versione testo"},
            {"note_id": note.id, "version": 0, "text": "Versione zero"},
            {"note_id": str(note.id), "version": 1, "text": "Id testo"},
            {"note_id": note.id, "version": 1},
            {"note_id": note.id, "version": 1, "text": long},
            {"note_id": note.id, "version": 1, "text": None},
            {"note_id": note.id, "version": 1, "color": "nero"},
            {"note_id": note.id, "version": 1, "x": 1e309},
            {"note_id": note.id, "version": 1, "group_id": "nessuno"},
        ],
        "note:delete": [{"note_id": note.id}, {"version": 1}, {"note_id": note.id, "version": None}],
        "group:create": [
            {"title": "Senza id"},
            {"client_id": "g", "title": ""},
            {"client_id": "g", "title": long},
            {"client_id": "g", "title": "Ok", "x": "1"},
        ],
        "group:update": [
            {"group_id": group.id, "version": 1},
            {"group_id": group.id, "version": 1, "title": ""},
            {"group_id": "x", "version": 1, "title": "Ok"},
            {"group_id": group.id, "version": 1, "y": -5},
        ],
        "group:delete": [{"group_id": group.id}, {"group_id": None, "version": 1}],
        "vote:cast": [{}, {"note_id": "1"}, {"note_id": None}, {"note_id": -1}],
        "vote:retract": [{}, {"note_id": [note.id]}],
        "chat:send": [
            {"text": "Senza id"},
            {"client_id": "m", "text": ""},
            {"client_id": "m", "text": "b" * 1001},
            {"client_id": "m", "text": {"a": 1}},
        ],
        "phase:set": [{}, {"index": "1"}, {"index": -1}, {"index": 0}],  # no agenda: no phase 0
        "board:lock": [{}, {"locked": "true"}, {"locked": 1}, {"locked": None}],
        "note:spotlight": [{}, {"note_id": "1"}, {"note_id": 0}],
    } | {"_wid": wid}


@pytest.mark.parametrize(
    "event",
    [
        "workshop:sync",
        "note:create",
        "note:update",
        "note:delete",
        "group:create",
        "group:update",
        "group:delete",
        "vote:cast",
        "vote:retract",
        "chat:send",
        "phase:set",
        "board:lock",
        "note:spotlight",
    ],
)
def test_wrong_fields_are_invalid_and_named(world, event):
    cases = _bad_fields(world)
    for payload in cases[event]:
        ack = _refused(world, event, {"workshop_id": cases["_wid"], **payload}, "invalid")
        assert ack["error"]["fields"], (event, payload)
    _nothing_heard(world)


def test_text_of_exactly_the_limits_is_accepted(world):
    wid = world["workshop"].id
    client = world["client"]
    assert client.emit("note:create", {"workshop_id": wid, "client_id": "a" * 64, "text": "n" * 500})["ok"]
    assert client.emit("group:create", {"workshop_id": wid, "client_id": "g", "title": "t" * 500})["ok"]
    assert client.emit("chat:send", {"workshop_id": wid, "client_id": "c", "text": "c" * 1000})["ok"]
    ack = client.emit("note:create", {"workshop_id": wid, "client_id": "b", "text": "Angolo", "x": 10000, "y": 0.5})
    assert (ack["note"]["x"], ack["note"]["y"]) == (10000, 0.5)


def test_extra_arguments_and_unknown_keys(world):
    wid = world["workshop"].id
    client = world["client"]
    ack = client.emit("note:create", {"workshop_id": wid, "client_id": "k", "text": "Ciao"}, "extra")
    assert ack["error"]["code"] == "too_large"
    ack = client.emit("note:create", {"workshop_id": wid, "client_id": "k", "text": "Ciao", "author_id": 1, "seq": 7})
    assert ack["ok"] and ack["note"]["author"]["id"] == world["facilitator"].id and ack["seq"] == 1
