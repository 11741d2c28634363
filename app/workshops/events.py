"""Socket.IO handlers of the live board (``shared/REALTIME.md``).

Thin doors: ``live_event`` has already checked the rate, the payload size, the sign-in and
that the payload is an object; each handler loads the workshop (``not_found``), calls one
service of ``board.py`` or ``board_controls.py`` (which authorises, validates, stores and broadcasts)
and answers the acknowledgement.
"""

from __future__ import annotations

from flask import request
from flask_babel import gettext as _
from flask_socketio import join_room, leave_room

from app import realtime
from app.errors import InvalidInput, NotFound
from app.extensions import db
from app.models.base import utcnow
from app.models.workshop import Workshop
from app.realtime import live_event, ok
from app.workshops import board, board_controls, board_read, board_rules, presence
from app.workshops.board_payload import INT_MAX


def _workshop(data: dict) -> Workshop:
    workshop_id = data.get("workshop_id")
    if isinstance(workshop_id, bool) or not isinstance(workshop_id, int) or not 1 <= workshop_id <= INT_MAX:
        raise InvalidInput({"workshop_id": _("Required: the workshop's id.")})
    workshop = db.session.get(Workshop, workshop_id)
    if workshop is None:
        raise NotFound(_("This workshop does not exist."))
    return workshop


def _member_workshop(user, data: dict) -> Workshop:
    """The workshop, for a door that only reads: refused unless ``user`` may take part."""
    workshop = _workshop(data)
    if not workshop.can_join_board(user):
        raise board_rules.not_a_member()
    return workshop


def _given(data: dict, names) -> dict:
    return {name: data[name] for name in names if name in data}


# --- the room ---------------------------------------------------------------------------------


@live_event("workshop:join")
def join_workshop(user, data):
    """Enter a board (facilitators, city staff, registered participants): the answer is the
    whole board; the room hears ``presence:changed``."""
    workshop = _member_workshop(user, data)
    join_room(realtime.workshop_room(workshop.id))
    presence.join(request.sid, workshop.id, user)
    state = board_read.board_state(user, workshop)
    presence.announce(workshop.id)
    # server_time lets clients correct their clock for the phase timer (a contract addition)
    return ok(state=state, server_time=utcnow().isoformat())


@live_event("workshop:leave")
def leave_workshop(user, data):
    """Leave a board's room; the others hear ``presence:changed``."""
    workshop = _workshop(data)
    leave_room(realtime.workshop_room(workshop.id))
    if presence.leave(request.sid, workshop.id):
        presence.announce(workshop.id)
    return ok()


@live_event("workshop:sync")
def sync_workshop(user, data):
    """The changes after ``since_seq`` in order, or the whole board when too far behind."""
    workshop = _member_workshop(user, data)
    found = board_read.events_since(workshop, data.get("since_seq"))
    if found is None:
        return ok(state=board_read.board_state(user, workshop))
    seq, events = found
    return ok(seq=seq, events=events)


# --- notes, groups, votes, chat ---------------------------------------------------------------


@live_event("note:create")
def create_note(user, data):
    """Add a sticky note; a repeated ``client_id`` answers the existing one."""
    args = _given(data, ("color", "x", "y", "group_id"))
    change = board.create_note(user, _workshop(data), data.get("client_id"), data.get("text"), **args)
    return ok(seq=change["seq"], note=change["note"])


@live_event("note:update")
def update_note(user, data):
    """Edit, recolour, move or (un)group a note from the ``version`` the client has."""
    changes = _given(data, board.NOTE_FIELDS)
    change = board.update_note(user, _workshop(data), data.get("note_id"), data.get("version"), **changes)
    return ok(seq=change["seq"], note=change["note"])


@live_event("note:delete")
def delete_note(user, data):
    change = board.delete_note(user, _workshop(data), data.get("note_id"), data.get("version"))
    return ok(seq=change["seq"])


@live_event("group:create")
def create_group(user, data):
    """Add a group; a repeated ``client_id`` answers the existing one."""
    args = _given(data, ("x", "y"))
    change = board.create_group(user, _workshop(data), data.get("client_id"), data.get("title"), **args)
    return ok(seq=change["seq"], group=change["group"])


@live_event("group:update")
def update_group(user, data):
    changes = _given(data, ("title", "x", "y"))
    change = board.update_group(user, _workshop(data), data.get("group_id"), data.get("version"), **changes)
    return ok(seq=change["seq"], group=change["group"])


@live_event("group:delete")
def delete_group(user, data):
    """Remove a group; its notes stay, ungrouped."""
    change = board.delete_group(user, _workshop(data), data.get("group_id"), data.get("version"))
    return ok(seq=change["seq"])


@live_event("vote:cast")
def cast_vote(user, data):
    change = board.cast_vote(user, _workshop(data), data.get("note_id"))
    return ok(seq=change["seq"], remaining=change["remaining"])


@live_event("vote:retract")
def retract_vote(user, data):
    change = board.retract_vote(user, _workshop(data), data.get("note_id"))
    return ok(seq=change["seq"], remaining=change["remaining"])


@live_event("chat:send")
def send_chat(user, data):
    change = board.send_chat(user, _workshop(data), data.get("client_id"), data.get("text"))
    return ok(seq=change["seq"], message=change["message"])


# --- facilitator controls ---------------------------------------------------------------------


@live_event("workshop:start")
def start_workshop(user, data):
    change = board_controls.start_workshop(user, _workshop(data))
    return ok(seq=change["seq"], phase=change["phase"])


@live_event("workshop:close")
def close_workshop(user, data):
    return ok(seq=board_controls.close_workshop(user, _workshop(data))["seq"])


@live_event("phase:set")
def set_phase(user, data):
    change = board_controls.set_phase(user, _workshop(data), data.get("index"))
    return ok(seq=change["seq"], phase=change["phase"])


@live_event("board:lock")
def lock_board(user, data):
    return ok(seq=board_controls.lock_board(user, _workshop(data), data.get("locked"))["seq"])


@live_event("note:spotlight")
def spotlight_note(user, data):
    workshop = _workshop(data)
    if "note_id" not in data:
        raise InvalidInput({"note_id": _("Required: a note's id, or null to end the spotlight.")})
    return ok(seq=board_controls.spotlight_note(user, workshop, data["note_id"])["seq"])
