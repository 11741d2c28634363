"""The live board's services (``shared/REALTIME.md``, ``docs/board.md``): one function per
change, the only place that writes notes, groups, dot votes, chat and the board controls.

Every change follows the same steps, so that nothing acknowledged is ever lost or doubled:

1. check the payload (``invalid`` with ``fields``), that the actor may take part, and the
   rules as the board was when the event arrived (an early, cheap refusal);
2. write the object: an ``INSERT`` (a repeated ``client_id`` hits the unique constraint),
   or an ``UPDATE ... WHERE version = :version`` (a stale version changes no row);
3. take the workshop's next ``seq`` with ``UPDATE workshop SET seq = seq + 1 ... RETURNING
   seq, status, locked, phase_index``: the row lock (PostgreSQL) or the write lock (SQLite)
   is held until the commit, so two changes never get the same number, and a refused
   change gives its number back (the rollback undoes the increment); the rules are checked
   again on the values returned, so a change never slips past a lock or a phase change;
4. store a ``BoardEvent`` row (the broadcast payload, ``seq`` included);
5. commit; only then is the event broadcast to the room (``realtime.emit_after_commit``)
   and the caller acknowledges.

The workshop row is locked last and held for three statements only (``UPDATE workshop``,
``INSERT board_event``, ``COMMIT``): under eventlet every statement yields to other
connections, so a long hold would make every other change of the room wait.

Creates carry a ``client_id``: a create whose ``client_id`` was already used in the
workshop returns the existing object with its original ``seq`` and broadcasts nothing.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.attributes import set_committed_value

from app import audit, realtime
from app.errors import BudgetExhausted, Conflict, InvalidInput, Locked, NotFound, PermissionDenied, Unauthenticated
from app.extensions import db
from app.models.base import utcnow
from app.models.board import BoardEvent, BoardGroup, BoardNote, BoardVote, ChatMessage
from app.models.workshop import PhaseKind, Workshop, WorkshopStatus
from app.workshops.board_payload import (
    BOARD_HEIGHT,
    BOARD_WIDTH,
    CHAT_MAX,
    DEFAULT_COLOR,
    TEXT_MAX,
    Checks,
    group_json,
    message_json,
    note_json,
    phase_json,
)
from app.workshops.board_read import board_state, events_since, votes_used  # noqa: F401  (the board's API)

BRAINSTORM, CLUSTER, VOTE, DISCUSS = PhaseKind.BRAINSTORM, PhaseKind.CLUSTER, PhaseKind.VOTE, PhaseKind.DISCUSS
ANY_PHASE = (BRAINSTORM, CLUSTER, VOTE, DISCUSS)


# --- who may act, and when -------------------------------------------------------------------


def not_a_member() -> PermissionDenied:
    """The refusal for someone who may not take part in the board."""
    return PermissionDenied(_("Only the workshop's facilitators and registered participants take part in its board."))


def _member(actor, workshop: Workshop) -> bool:
    """Raise unless ``actor`` may take part in the board (``Workshop.can_join_board``);
    True for its facilitators (the workshop's facilitators, staff of its city and admins)."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise Unauthenticated()
    if workshop.can_manage(actor):
        return True
    if workshop.can_join_board(actor):
        return False
    raise not_a_member()


def _facilitator(actor, workshop: Workshop) -> None:
    if not _member(actor, workshop):
        raise PermissionDenied(_("Only the workshop's facilitators can do this."))


def _require_live(workshop: Workshop) -> None:
    if workshop.status is not WorkshopStatus.LIVE:
        if workshop.status is WorkshopStatus.SCHEDULED:
            raise Locked(_("The workshop has not started yet: the board is read-only."))
        raise Locked(_("The workshop is over: the board is read-only."))


def current_kind(workshop: Workshop) -> PhaseKind | None:
    index = workshop.phase_index
    if index is None or not 0 <= index < len(workshop.agenda):
        return None
    return workshop.agenda[index].kind


def _require_open(workshop: Workshop, facilitator: bool, *kinds: PhaseKind) -> None:
    """The board takes changes, and (for participants) it is not locked and the current
    phase allows one of ``kinds`` (no agenda: everything is allowed)."""
    _require_live(workshop)
    if facilitator:
        return
    if workshop.locked:
        raise Locked(_("The facilitator has locked the board."))
    kind = current_kind(workshop)
    if kind is not None and kind not in kinds:
        raise Locked(_("The current phase does not allow this."))


def _require_own(actor, facilitator: bool, author_id: int | None) -> None:
    if not facilitator and author_id != actor.id:
        raise PermissionDenied(_("You can change only what you wrote."))


# --- the sequence and the event log ----------------------------------------------------------


def _next_seq(workshop: Workshop, *, refresh: bool = False, **values) -> int:
    """Take the workshop's next sequence number (and set ``values`` on its row); the lock
    this takes is held until the transaction ends. ``workshop`` gets the status, lock and
    phase as they are now (everything, with ``refresh``), for the checks that follow."""
    table = Workshop.__table__
    row = db.session.execute(
        sa.update(table)
        .where(table.c.id == workshop.id)
        .values(seq=table.c.seq + 1, **values)
        .returning(table.c.seq, table.c.status, table.c.locked, table.c.phase_index)
    ).one_or_none()
    if row is None:
        raise NotFound(_("This workshop does not exist."))
    if refresh:
        db.session.refresh(workshop)
    else:
        for name in ("seq", "status", "locked", "phase_index"):
            set_committed_value(workshop, name, getattr(row, name))
    return row.seq


def _record(actor, workshop: Workshop, seq: int, name: str, data: dict) -> dict:
    """Store the event and queue its broadcast for after the commit; returns the payload."""
    payload = {"seq": seq, **data}
    db.session.add(BoardEvent(workshop_id=workshop.id, seq=seq, name=name, payload=payload, actor_id=actor.id))
    realtime.emit_after_commit(name, payload, realtime.workshop_room(workshop.id))
    return payload


def _commit(actor, workshop: Workshop, name: str, data: dict, *kinds: PhaseKind, facilitator: bool, **values) -> dict:
    """Number the change, check the rules again under the lock, store the event, commit."""
    seq = _next_seq(workshop, **values)
    _require_open(workshop, facilitator, *kinds)
    payload = _record(actor, workshop, seq, name, data)
    db.session.commit()
    return payload


def _created_seq(workshop_id: int, name: str, key: str, object_id: int) -> int:
    """The ``seq`` of the event that created an object (for repeated creates)."""
    seq = db.session.scalar(
        sa.select(BoardEvent.seq).where(
            BoardEvent.workshop_id == workshop_id,
            BoardEvent.name == name,
            BoardEvent.payload[(key, "id")].as_integer() == object_id,
        )
    )
    return seq or 0


def _by_client_id(model, workshop_id: int, client_id: str):
    return db.session.scalar(
        sa.select(model)
        .where(model.workshop_id == workshop_id, model.client_id == client_id)
        .execution_options(populate_existing=True)
    )


def _insert(obj, model, workshop_id: int, client_id: str) -> bool:
    """Add ``obj``; False when its ``client_id`` was taken meanwhile (rolled back)."""
    db.session.add(obj)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        if _by_client_id(model, workshop_id, client_id) is None:
            raise
        return False
    return True


def _live_note(workshop: Workshop, note_id: int, *, for_update: bool = False) -> BoardNote:
    query = (
        sa.select(BoardNote)
        .where(BoardNote.id == note_id, BoardNote.workshop_id == workshop.id, BoardNote.deleted_at.is_(None))
        .execution_options(populate_existing=True)
    )
    note = db.session.scalar(query.with_for_update() if for_update else query)
    if note is None:
        raise NotFound(_("This note does not exist (any more)."))
    return note


def _live_group(workshop: Workshop, group_id: int) -> BoardGroup:
    group = db.session.scalar(
        sa.select(BoardGroup)
        .where(BoardGroup.id == group_id, BoardGroup.workshop_id == workshop.id, BoardGroup.deleted_at.is_(None))
        .execution_options(populate_existing=True)
    )
    if group is None:
        raise NotFound(_("This group does not exist (any more)."))
    return group


def _update_from_version(model, obj, version: int, **values) -> None:
    """``UPDATE ... WHERE version = :version``: no row changes when someone else changed
    (or removed) it meanwhile, and the answer is then ``conflict`` with the current one
    (or ``not_found``). ``obj`` is reloaded as stored."""
    result = db.session.execute(
        sa.update(model)
        .where(model.id == obj.id, model.version == version, model.deleted_at.is_(None))
        .values(version=model.version + 1, updated_at=utcnow(), **values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        db.session.rollback()
        current = db.session.scalar(
            sa.select(model).where(model.id == obj.id).execution_options(populate_existing=True)
        )
        if current is None or current.deleted_at is not None:
            raise NotFound(_("This does not exist any more."))
        if model is BoardNote:
            raise Conflict(note=note_json(current))
        raise Conflict(group=group_json(current))
    db.session.refresh(obj)


# --- facilitator controls --------------------------------------------------------------------
# Rare, and they change the workshop row itself: they lock it first and read it whole.


def start_workshop(actor, workshop: Workshop) -> dict:
    """Open the board (status ``live``) and, with an agenda, its first phase. Starting a
    live workshop again changes nothing. Broadcasts ``workshop:started {seq, phase}``."""
    _facilitator(actor, workshop)
    seq = _next_seq(workshop, refresh=True)
    if workshop.status is WorkshopStatus.LIVE:
        db.session.rollback()
        return {"seq": seq - 1, "phase": phase_json(workshop)}
    if workshop.status is not WorkshopStatus.SCHEDULED:
        raise Locked(_("The workshop is over: the board is read-only."))
    now = utcnow()
    workshop.status = WorkshopStatus.LIVE
    workshop.started_at = now
    if workshop.agenda:
        workshop.phase_index = 0
        workshop.phase_ends_at = now + timedelta(minutes=workshop.agenda[0].minutes)
    payload = _record(actor, workshop, seq, "workshop:started", {"phase": phase_json(workshop)})
    audit.record(actor, "workshop.start", workshop, title=workshop.title)
    db.session.commit()
    return payload


def close_workshop(actor, workshop: Workshop) -> dict:
    """Close the board for good (read-only). Broadcasts ``workshop:closed {seq}``."""
    _facilitator(actor, workshop)
    seq = _next_seq(workshop, refresh=True)
    if workshop.status is WorkshopStatus.CLOSED:
        db.session.rollback()
        return {"seq": seq - 1}
    if workshop.status is WorkshopStatus.CANCELLED:
        raise Locked(_("The workshop was cancelled."))
    workshop.status = WorkshopStatus.CLOSED
    workshop.closed_at = utcnow()
    payload = _record(actor, workshop, seq, "workshop:closed", {})
    audit.record(actor, "workshop.close", workshop, title=workshop.title)
    db.session.commit()
    return payload


def set_phase(actor, workshop: Workshop, index: Any) -> dict:
    """Open phase ``index`` of the agenda; its timer (``ends_at`` = now + its minutes) is
    the one every client shows. Broadcasts ``phase:changed {seq, phase}``."""
    _facilitator(actor, workshop)
    checks = Checks()
    index = checks.integer("index", index, minimum=0)
    checks.done()
    seq = _next_seq(workshop, refresh=True)
    _require_live(workshop)
    if index >= len(workshop.agenda):
        raise InvalidInput({"index": _("The agenda has no such phase.")})
    workshop.phase_index = index
    workshop.phase_ends_at = utcnow() + timedelta(minutes=workshop.agenda[index].minutes)
    payload = _record(actor, workshop, seq, "phase:changed", {"phase": phase_json(workshop)})
    db.session.commit()
    return payload


def lock_board(actor, workshop: Workshop, locked: Any) -> dict:
    """Lock (or unlock) the board for participants. Broadcasts ``board:locked {seq, locked}``."""
    _facilitator(actor, workshop)
    checks = Checks()
    locked = checks.boolean("locked", locked)
    checks.done()
    seq = _next_seq(workshop, refresh=True)
    _require_live(workshop)
    workshop.locked = locked
    payload = _record(actor, workshop, seq, "board:locked", {"locked": locked})
    db.session.commit()
    return payload


def spotlight_note(actor, workshop: Workshop, note_id: Any) -> dict:
    """Show one note to everyone (``None`` ends the spotlight). Broadcasts
    ``note:spotlighted {seq, note_id}``."""
    _facilitator(actor, workshop)
    checks = Checks()
    note_id = checks.integer("note_id", note_id, nullable=True)
    checks.done()
    seq = _next_seq(workshop, refresh=True)
    _require_live(workshop)
    if note_id is not None:
        _live_note(workshop, note_id)
    workshop.spotlight_note_id = note_id
    payload = _record(actor, workshop, seq, "note:spotlighted", {"note_id": note_id})
    db.session.commit()
    return payload


# --- notes ------------------------------------------------------------------------------------


def _note_replay(workshop: Workshop, note: BoardNote) -> dict:
    return {"seq": _created_seq(workshop.id, "note:created", "note", note.id), "note": note_json(note)}


def create_note(actor, workshop: Workshop, client_id, text, color=None, x=None, y=None, group_id=None) -> dict:
    """Add a sticky note (participants: in a ``brainstorm`` phase). A repeated ``client_id``
    returns the existing note with its original ``seq``. Broadcasts ``note:created``."""
    facilitator = _member(actor, workshop)
    checks = Checks()
    client_id = checks.client_id(client_id)
    text = checks.text("text", text, TEXT_MAX)
    color = DEFAULT_COLOR if color is None else checks.color(color)
    x = 0.0 if x is None else checks.coordinate("x", x, BOARD_WIDTH)
    y = 0.0 if y is None else checks.coordinate("y", y, BOARD_HEIGHT)
    group_id = checks.integer("group_id", group_id, nullable=True)
    checks.done()
    existing = _by_client_id(BoardNote, workshop.id, client_id)
    if existing is not None:  # a resend: the note was stored before
        return _note_replay(workshop, existing)
    _require_open(workshop, facilitator, BRAINSTORM)
    if group_id is not None:
        _live_group(workshop, group_id)
    now = utcnow()
    note = BoardNote(
        workshop_id=workshop.id,
        client_id=client_id,
        author=actor,
        text=text,
        color=color,
        x=x,
        y=y,
        group_id=group_id,
        version=1,
        vote_total=0,
        created_at=now,
        updated_at=now,
    )
    if not _insert(note, BoardNote, workshop.id, client_id):
        return _note_replay(workshop, _by_client_id(BoardNote, workshop.id, client_id))
    return _commit(actor, workshop, "note:created", {"note": note_json(note)}, BRAINSTORM, facilitator=facilitator)


NOTE_FIELDS = ("text", "color", "x", "y", "group_id")


def update_note(actor, workshop: Workshop, note_id, version, **changes) -> dict:
    """Change a note from ``version`` (its author or a facilitator; text and colour in a
    ``brainstorm`` phase, position and group in a ``cluster`` phase). A stale version raises
    ``Conflict`` with the current note. Broadcasts ``note:updated {seq, note}``."""
    facilitator = _member(actor, workshop)
    checks = Checks()
    note_id = checks.integer("note_id", note_id)
    version = checks.integer("version", version)
    values: dict[str, Any] = {}
    if "text" in changes:
        values["text"] = checks.text("text", changes["text"], TEXT_MAX)
    if "color" in changes:
        values["color"] = checks.color(changes["color"])
    if "x" in changes:
        values["x"] = checks.coordinate("x", changes["x"], BOARD_WIDTH)
    if "y" in changes:
        values["y"] = checks.coordinate("y", changes["y"], BOARD_HEIGHT)
    if "group_id" in changes:
        values["group_id"] = checks.integer("group_id", changes["group_id"], nullable=True)
    if not values and not checks.errors:
        checks.fail("text", _("Nothing to change."))
    checks.done()
    kinds = [BRAINSTORM] if {"text", "color"} & values.keys() else []
    kinds += [CLUSTER] if {"x", "y", "group_id"} & values.keys() else []
    for kind in kinds:
        _require_open(workshop, facilitator, kind)
    note = _live_note(workshop, note_id)
    _require_own(actor, facilitator, note.author_id)
    if note.version != version:
        raise Conflict(note=note_json(note))
    if values.get("group_id") is not None:
        _live_group(workshop, values["group_id"])
    _update_from_version(BoardNote, note, version, **values)
    seq = _next_seq(workshop)
    for kind in kinds:
        _require_open(workshop, facilitator, kind)
    payload = _record(actor, workshop, seq, "note:updated", {"note": note_json(note)})
    db.session.commit()
    return payload


def delete_note(actor, workshop: Workshop, note_id, version) -> dict:
    """Remove a note from ``version`` (its author or a facilitator; participants in a
    ``brainstorm`` phase); a spotlight on it ends. Broadcasts ``note:deleted {seq, note_id}``."""
    facilitator = _member(actor, workshop)
    checks = Checks()
    note_id = checks.integer("note_id", note_id)
    version = checks.integer("version", version)
    checks.done()
    _require_open(workshop, facilitator, BRAINSTORM)
    note = _live_note(workshop, note_id)
    _require_own(actor, facilitator, note.author_id)
    if note.version != version:
        raise Conflict(note=note_json(note))
    _update_from_version(BoardNote, note, version, deleted_at=utcnow())
    spotlight = Workshop.__table__.c.spotlight_note_id
    return _commit(
        actor,
        workshop,
        "note:deleted",
        {"note_id": note.id},
        BRAINSTORM,
        facilitator=facilitator,
        spotlight_note_id=sa.case((spotlight == note.id, None), else_=spotlight),
    )


# --- groups -----------------------------------------------------------------------------------


def _group_replay(workshop: Workshop, group: BoardGroup) -> dict:
    return {"seq": _created_seq(workshop.id, "group:created", "group", group.id), "group": group_json(group)}


def create_group(actor, workshop: Workshop, client_id, title, x=None, y=None) -> dict:
    """Add a group (cluster) of notes (participants: in a ``cluster`` phase). A repeated
    ``client_id`` returns the existing group. Broadcasts ``group:created {seq, group}``."""
    facilitator = _member(actor, workshop)
    checks = Checks()
    client_id = checks.client_id(client_id)
    title = checks.text("title", title, TEXT_MAX)
    x = 0.0 if x is None else checks.coordinate("x", x, BOARD_WIDTH)
    y = 0.0 if y is None else checks.coordinate("y", y, BOARD_HEIGHT)
    checks.done()
    existing = _by_client_id(BoardGroup, workshop.id, client_id)
    if existing is not None:
        return _group_replay(workshop, existing)
    _require_open(workshop, facilitator, CLUSTER)
    now = utcnow()
    group = BoardGroup(
        workshop_id=workshop.id,
        client_id=client_id,
        author_id=actor.id,
        title=title,
        x=x,
        y=y,
        version=1,
        created_at=now,
        updated_at=now,
    )
    if not _insert(group, BoardGroup, workshop.id, client_id):
        return _group_replay(workshop, _by_client_id(BoardGroup, workshop.id, client_id))
    return _commit(actor, workshop, "group:created", {"group": group_json(group)}, CLUSTER, facilitator=facilitator)


def update_group(actor, workshop: Workshop, group_id, version, **changes) -> dict:
    """Rename or move a group from ``version`` (its author or a facilitator; participants in
    a ``cluster`` phase). Broadcasts ``group:updated {seq, group}``."""
    facilitator = _member(actor, workshop)
    checks = Checks()
    group_id = checks.integer("group_id", group_id)
    version = checks.integer("version", version)
    values: dict[str, Any] = {}
    if "title" in changes:
        values["title"] = checks.text("title", changes["title"], TEXT_MAX)
    if "x" in changes:
        values["x"] = checks.coordinate("x", changes["x"], BOARD_WIDTH)
    if "y" in changes:
        values["y"] = checks.coordinate("y", changes["y"], BOARD_HEIGHT)
    if not values and not checks.errors:
        checks.fail("title", _("Nothing to change."))
    checks.done()
    _require_open(workshop, facilitator, CLUSTER)
    group = _live_group(workshop, group_id)
    _require_own(actor, facilitator, group.author_id)
    if group.version != version:
        raise Conflict(group=group_json(group))
    _update_from_version(BoardGroup, group, version, **values)
    return _commit(actor, workshop, "group:updated", {"group": group_json(group)}, CLUSTER, facilitator=facilitator)


def delete_group(actor, workshop: Workshop, group_id, version) -> dict:
    """Remove a group from ``version``; its notes stay on the board, ungrouped (their
    versions do not change: one event says it all). Broadcasts ``group:deleted``."""
    facilitator = _member(actor, workshop)
    checks = Checks()
    group_id = checks.integer("group_id", group_id)
    version = checks.integer("version", version)
    checks.done()
    _require_open(workshop, facilitator, CLUSTER)
    group = _live_group(workshop, group_id)
    _require_own(actor, facilitator, group.author_id)
    if group.version != version:
        raise Conflict(group=group_json(group))
    _update_from_version(BoardGroup, group, version, deleted_at=utcnow())
    db.session.execute(
        sa.update(BoardNote)
        .where(BoardNote.workshop_id == workshop.id, BoardNote.group_id == group.id)
        .values(group_id=None)
        .execution_options(synchronize_session=False)
    )
    return _commit(actor, workshop, "group:deleted", {"group_id": group.id}, CLUSTER, facilitator=facilitator)


# --- dot votes --------------------------------------------------------------------------------


def _vote_change(actor, workshop: Workshop, note_id, delta: int) -> dict:
    facilitator = _member(actor, workshop)
    checks = Checks()
    note_id = checks.integer("note_id", note_id)
    checks.done()
    _require_open(workshop, facilitator, VOTE)
    _live_note(workshop, note_id)
    if delta > 0 and votes_used(actor, workshop.id) >= workshop.vote_budget:
        raise BudgetExhausted(remaining=0)
    for attempt in (1, 2):  # SQLite: two first dots on one note at once; the second retries
        try:
            return _store_vote(actor, workshop, note_id, delta, facilitator)
        except IntegrityError:
            db.session.rollback()
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def _store_vote(actor, workshop: Workshop, note_id: int, delta: int, facilitator: bool) -> dict:
    note = _live_note(workshop, note_id, for_update=True)  # one vote change per note at a time
    vote = db.session.scalar(
        sa.select(BoardVote)
        .where(BoardVote.note_id == note.id, BoardVote.user_id == actor.id)
        .execution_options(populate_existing=True)
    )
    if delta > 0:
        if vote is None:
            db.session.add(BoardVote(workshop_id=workshop.id, note_id=note.id, user_id=actor.id, count=1))
        else:
            vote.count = BoardVote.count + 1
    else:
        if vote is None or vote.count < 1:
            raise InvalidInput({"note_id": _("You have no vote on this note.")})
        if vote.count == 1:
            db.session.delete(vote)
        else:
            vote.count = BoardVote.count - 1
    note.vote_total = BoardNote.vote_total + delta
    db.session.flush()
    db.session.refresh(note, ["vote_total"])
    seq = _next_seq(workshop)
    _require_open(workshop, facilitator, VOTE)
    used = votes_used(actor, workshop.id)
    if used > workshop.vote_budget:
        raise BudgetExhausted(remaining=0)
    payload = _record(actor, workshop, seq, "votes:changed", {"note_id": note.id, "total": note.vote_total})
    db.session.commit()
    return {**payload, "remaining": max(0, workshop.vote_budget - used)}


def cast_vote(actor, workshop: Workshop, note_id) -> dict:
    """Put one of the actor's dots on a note (participants: in a ``vote`` phase), within the
    workshop's budget (``budget_exhausted``). Answers ``remaining``; broadcasts
    ``votes:changed {seq, note_id, total}``."""
    return _vote_change(actor, workshop, note_id, +1)


def retract_vote(actor, workshop: Workshop, note_id) -> dict:
    """Take back one of the actor's dots from a note."""
    return _vote_change(actor, workshop, note_id, -1)


# --- chat -------------------------------------------------------------------------------------


def _chat_replay(workshop: Workshop, message: ChatMessage) -> dict:
    return {"seq": _created_seq(workshop.id, "chat:message", "message", message.id), "message": message_json(message)}


def send_chat(actor, workshop: Workshop, client_id, text) -> dict:
    """Post a chat message (any phase; not on a locked board for participants). A repeated
    ``client_id`` returns the existing message. Broadcasts ``chat:message {seq, message}``."""
    facilitator = _member(actor, workshop)
    checks = Checks()
    client_id = checks.client_id(client_id)
    text = checks.text("text", text, CHAT_MAX)
    checks.done()
    existing = _by_client_id(ChatMessage, workshop.id, client_id)
    if existing is not None:
        return _chat_replay(workshop, existing)
    _require_open(workshop, facilitator, *ANY_PHASE)
    message = ChatMessage(workshop_id=workshop.id, client_id=client_id, author=actor, text=text, created_at=utcnow())
    if not _insert(message, ChatMessage, workshop.id, client_id):
        return _chat_replay(workshop, _by_client_id(ChatMessage, workshop.id, client_id))
    data = {"message": message_json(message)}
    return _commit(actor, workshop, "chat:message", data, *ANY_PHASE, facilitator=facilitator)
