"""The rules every change of the live board follows (``shared/REALTIME.md``,
``docs/board.md``): who may act and when, the sequence numbers and the event log. The
changes themselves are in ``board.py`` (notes, groups, votes, chat) and
``board_controls.py`` (the facilitator's controls).

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

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.attributes import set_committed_value

from app import realtime
from app.errors import Conflict, Locked, NotFound, PermissionDenied, Unauthenticated
from app.extensions import db
from app.models.base import utcnow
from app.models.board import BoardEvent, BoardGroup, BoardNote
from app.models.workshop import PhaseKind, Workshop, WorkshopStatus
from app.workshops.board_payload import group_json, note_json

BRAINSTORM, CLUSTER, VOTE, DISCUSS = PhaseKind.BRAINSTORM, PhaseKind.CLUSTER, PhaseKind.VOTE, PhaseKind.DISCUSS
ANY_PHASE = (BRAINSTORM, CLUSTER, VOTE, DISCUSS)


# --- who may act, and when -------------------------------------------------------------------


def not_a_member() -> PermissionDenied:
    """The refusal for someone who may not take part in the board."""
    return PermissionDenied(_("Only the workshop's facilitators and registered participants take part in its board."))


def member(actor, workshop: Workshop) -> bool:
    """Raise unless ``actor`` may take part in the board (``Workshop.can_join_board``);
    True for its facilitators (the workshop's facilitators, staff of its city and admins)."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise Unauthenticated()
    if workshop.can_manage(actor):
        return True
    if workshop.can_join_board(actor):
        return False
    raise not_a_member()


def require_facilitator(actor, workshop: Workshop) -> None:
    if not member(actor, workshop):
        raise PermissionDenied(_("Only the workshop's facilitators can do this."))


def require_live(workshop: Workshop) -> None:
    if workshop.status is not WorkshopStatus.LIVE:
        if workshop.status is WorkshopStatus.SCHEDULED:
            raise Locked(_("The workshop has not started yet: the board is read-only."))
        raise Locked(_("The workshop is over: the board is read-only."))


def current_kind(workshop: Workshop) -> PhaseKind | None:
    index = workshop.phase_index
    if index is None or not 0 <= index < len(workshop.agenda):
        return None
    return workshop.agenda[index].kind


def require_open(workshop: Workshop, facilitator: bool, *kinds: PhaseKind) -> None:
    """The board takes changes, and (for participants) it is not locked and the current
    phase allows one of ``kinds`` (no agenda: everything is allowed)."""
    require_live(workshop)
    if facilitator:
        return
    if workshop.locked:
        raise Locked(_("The facilitator has locked the board."))
    kind = current_kind(workshop)
    if kind is not None and kind not in kinds:
        raise Locked(_("The current phase does not allow this."))


def require_own(actor, facilitator: bool, author_id: int | None) -> None:
    if not facilitator and author_id != actor.id:
        raise PermissionDenied(_("You can change only what you wrote."))


# --- the sequence and the event log ----------------------------------------------------------


def next_seq(workshop: Workshop, *, refresh: bool = False, **values) -> int:
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


def record(actor, workshop: Workshop, seq: int, name: str, data: dict) -> dict:
    """Store the event and queue its broadcast for after the commit; returns the payload."""
    payload = {"seq": seq, **data}
    db.session.add(BoardEvent(workshop_id=workshop.id, seq=seq, name=name, payload=payload, actor_id=actor.id))
    realtime.emit_after_commit(name, payload, realtime.workshop_room(workshop.id))
    return payload


def commit_change(
    actor, workshop: Workshop, name: str, data: dict, *kinds: PhaseKind, facilitator: bool, **values
) -> dict:
    """Number the change, check the rules again under the lock, store the event, commit."""
    seq = next_seq(workshop, **values)
    require_open(workshop, facilitator, *kinds)
    payload = record(actor, workshop, seq, name, data)
    db.session.commit()
    return payload


def created_seq(workshop_id: int, name: str, key: str, object_id: int) -> int:
    """The ``seq`` of the event that created an object (for repeated creates)."""
    seq = db.session.scalar(
        sa.select(BoardEvent.seq).where(
            BoardEvent.workshop_id == workshop_id,
            BoardEvent.name == name,
            BoardEvent.payload[(key, "id")].as_integer() == object_id,
        )
    )
    return seq or 0


def by_client_id(model, workshop_id: int, client_id: str):
    return db.session.scalar(
        sa.select(model)
        .where(model.workshop_id == workshop_id, model.client_id == client_id)
        .execution_options(populate_existing=True)
    )


def insert_once(obj, model, workshop_id: int, client_id: str) -> bool:
    """Add ``obj``; False when its ``client_id`` was taken meanwhile (rolled back)."""
    db.session.add(obj)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        if by_client_id(model, workshop_id, client_id) is None:
            raise
        return False
    return True


def live_note(workshop: Workshop, note_id: int, *, for_update: bool = False) -> BoardNote:
    query = (
        sa.select(BoardNote)
        .where(BoardNote.id == note_id, BoardNote.workshop_id == workshop.id, BoardNote.deleted_at.is_(None))
        .execution_options(populate_existing=True)
    )
    note = db.session.scalar(query.with_for_update() if for_update else query)
    if note is None:
        raise NotFound(_("This note does not exist (any more)."))
    return note


def live_group(workshop: Workshop, group_id: int) -> BoardGroup:
    group = db.session.scalar(
        sa.select(BoardGroup)
        .where(BoardGroup.id == group_id, BoardGroup.workshop_id == workshop.id, BoardGroup.deleted_at.is_(None))
        .execution_options(populate_existing=True)
    )
    if group is None:
        raise NotFound(_("This group does not exist (any more)."))
    return group


def update_from_version(model, obj, version: int, **values) -> None:
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
