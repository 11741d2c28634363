"""The live board's changes by its members (``shared/REALTIME.md``, ``docs/board.md``): one
function per change, the only place that writes notes, groups, dot votes and chat. Each
follows the steps of ``board_rules.py``: check, write, number, log, commit, broadcast.
The facilitator's controls are in ``board_controls.py``; reading the board in
``board_read.py``.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from app.errors import BudgetExhausted, Conflict, InvalidInput
from app.extensions import db
from app.models.base import utcnow
from app.models.board import BoardGroup, BoardNote, BoardVote, ChatMessage
from app.models.workshop import Workshop
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
)
from app.workshops.board_read import votes_used
from app.workshops.board_rules import (
    ANY_PHASE,
    BRAINSTORM,
    CLUSTER,
    VOTE,
    by_client_id,
    commit_change,
    created_seq,
    insert_once,
    live_group,
    live_note,
    member,
    next_seq,
    record,
    require_open,
    require_own,
    update_from_version,
)

# --- what notes and groups share -------------------------------------------------------------

_LIVE = {"note": (live_note, note_json), "group": (live_group, group_json)}


def _own_at_version(actor, facilitator: bool, item, version: int, key: str, as_json):
    """``item`` (a live note or group) when the actor may change it and ``version`` is its
    current one; a stale version raises ``Conflict`` with the item as it is, under ``key``."""
    require_own(actor, facilitator, item.author_id)
    if item.version != version:
        raise Conflict(**{key: as_json(item)})
    return item


def _position(checks: Checks, changes: dict) -> dict[str, Any]:
    """The ``x`` and ``y`` among ``changes``, checked against the board's size."""
    limits = {"x": BOARD_WIDTH, "y": BOARD_HEIGHT}
    return {name: checks.coordinate(name, changes[name], limits[name]) for name in limits if name in changes}


def _remove(actor, workshop: Workshop, key: str, item_id, version, phase: str):
    """The common start of removing a note or a group (``key``): check the id and version,
    the phase, who removes it and its version; mark it deleted. Answers (facilitator, item)."""
    facilitator = member(actor, workshop)
    checks = Checks()
    item_id = checks.integer(f"{key}_id", item_id)
    version = checks.integer("version", version)
    checks.done()
    require_open(workshop, facilitator, phase)
    load, as_json = _LIVE[key]
    item = _own_at_version(actor, facilitator, load(workshop, item_id), version, key, as_json)
    update_from_version(type(item), item, version, deleted_at=utcnow())
    return facilitator, item


# --- notes ------------------------------------------------------------------------------------


def _note_replay(workshop: Workshop, note: BoardNote) -> dict:
    return {"seq": created_seq(workshop.id, "note:created", "note", note.id), "note": note_json(note)}


def create_note(actor, workshop: Workshop, client_id, text, color=None, x=None, y=None, group_id=None) -> dict:
    """Add a sticky note (participants: in a ``brainstorm`` phase). A repeated ``client_id``
    returns the existing note with its original ``seq``. Broadcasts ``note:created``."""
    facilitator = member(actor, workshop)
    checks = Checks()
    client_id = checks.client_id(client_id)
    text = checks.text("text", text, TEXT_MAX)
    color = DEFAULT_COLOR if color is None else checks.color(color)
    x = 0.0 if x is None else checks.coordinate("x", x, BOARD_WIDTH)
    y = 0.0 if y is None else checks.coordinate("y", y, BOARD_HEIGHT)
    group_id = checks.integer("group_id", group_id, nullable=True)
    checks.done()
    existing = by_client_id(BoardNote, workshop.id, client_id)
    if existing is not None:  # a resend: the note was stored before
        return _note_replay(workshop, existing)
    require_open(workshop, facilitator, BRAINSTORM)
    if group_id is not None:
        live_group(workshop, group_id)
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
    if not insert_once(note, BoardNote, workshop.id, client_id):
        return _note_replay(workshop, by_client_id(BoardNote, workshop.id, client_id))
    return commit_change(
        actor, workshop, "note:created", {"note": note_json(note)}, BRAINSTORM, facilitator=facilitator
    )


NOTE_FIELDS = ("text", "color", "x", "y", "group_id")


def update_note(actor, workshop: Workshop, note_id, version, **changes) -> dict:
    """Change a note from ``version`` (its author or a facilitator; text and colour in a
    ``brainstorm`` phase, position and group in a ``cluster`` phase). A stale version raises
    ``Conflict`` with the current note. Broadcasts ``note:updated {seq, note}``."""
    facilitator = member(actor, workshop)
    checks = Checks()
    note_id = checks.integer("note_id", note_id)
    version = checks.integer("version", version)
    values: dict[str, Any] = {}
    if "text" in changes:
        values["text"] = checks.text("text", changes["text"], TEXT_MAX)
    if "color" in changes:
        values["color"] = checks.color(changes["color"])
    values.update(_position(checks, changes))
    if "group_id" in changes:
        values["group_id"] = checks.integer("group_id", changes["group_id"], nullable=True)
    if not values and not checks.errors:
        checks.fail("text", _("Nothing to change."))
    checks.done()
    kinds = [BRAINSTORM] if {"text", "color"} & values.keys() else []
    kinds += [CLUSTER] if {"x", "y", "group_id"} & values.keys() else []
    for kind in kinds:
        require_open(workshop, facilitator, kind)
    note = _own_at_version(actor, facilitator, live_note(workshop, note_id), version, "note", note_json)
    if values.get("group_id") is not None:
        live_group(workshop, values["group_id"])
    update_from_version(BoardNote, note, version, **values)
    seq = next_seq(workshop)
    for kind in kinds:
        require_open(workshop, facilitator, kind)
    payload = record(actor, workshop, seq, "note:updated", {"note": note_json(note)})
    db.session.commit()
    return payload


def delete_note(actor, workshop: Workshop, note_id, version) -> dict:
    """Remove a note from ``version`` (its author or a facilitator; participants in a
    ``brainstorm`` phase); a spotlight on it ends. Broadcasts ``note:deleted {seq, note_id}``."""
    facilitator, note = _remove(actor, workshop, "note", note_id, version, BRAINSTORM)
    spotlight = Workshop.__table__.c.spotlight_note_id
    return commit_change(
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
    return {"seq": created_seq(workshop.id, "group:created", "group", group.id), "group": group_json(group)}


def create_group(actor, workshop: Workshop, client_id, title, x=None, y=None) -> dict:
    """Add a group (cluster) of notes (participants: in a ``cluster`` phase). A repeated
    ``client_id`` returns the existing group. Broadcasts ``group:created {seq, group}``."""
    facilitator = member(actor, workshop)
    checks = Checks()
    client_id = checks.client_id(client_id)
    title = checks.text("title", title, TEXT_MAX)
    x = 0.0 if x is None else checks.coordinate("x", x, BOARD_WIDTH)
    y = 0.0 if y is None else checks.coordinate("y", y, BOARD_HEIGHT)
    checks.done()
    existing = by_client_id(BoardGroup, workshop.id, client_id)
    if existing is not None:
        return _group_replay(workshop, existing)
    require_open(workshop, facilitator, CLUSTER)
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
    if not insert_once(group, BoardGroup, workshop.id, client_id):
        return _group_replay(workshop, by_client_id(BoardGroup, workshop.id, client_id))
    return commit_change(
        actor, workshop, "group:created", {"group": group_json(group)}, CLUSTER, facilitator=facilitator
    )


def update_group(actor, workshop: Workshop, group_id, version, **changes) -> dict:
    """Rename or move a group from ``version`` (its author or a facilitator; participants in
    a ``cluster`` phase). Broadcasts ``group:updated {seq, group}``."""
    facilitator = member(actor, workshop)
    checks = Checks()
    group_id = checks.integer("group_id", group_id)
    version = checks.integer("version", version)
    values: dict[str, Any] = {}
    if "title" in changes:
        values["title"] = checks.text("title", changes["title"], TEXT_MAX)
    values.update(_position(checks, changes))
    if not values and not checks.errors:
        checks.fail("title", _("Nothing to change."))
    checks.done()
    require_open(workshop, facilitator, CLUSTER)
    group = _own_at_version(actor, facilitator, live_group(workshop, group_id), version, "group", group_json)
    update_from_version(BoardGroup, group, version, **values)
    return commit_change(
        actor, workshop, "group:updated", {"group": group_json(group)}, CLUSTER, facilitator=facilitator
    )


def delete_group(actor, workshop: Workshop, group_id, version) -> dict:
    """Remove a group from ``version``; its notes stay on the board, ungrouped (their
    versions do not change: one event says it all). Broadcasts ``group:deleted``."""
    facilitator, group = _remove(actor, workshop, "group", group_id, version, CLUSTER)
    db.session.execute(
        sa.update(BoardNote)
        .where(BoardNote.workshop_id == workshop.id, BoardNote.group_id == group.id)
        .values(group_id=None)
        .execution_options(synchronize_session=False)
    )
    return commit_change(actor, workshop, "group:deleted", {"group_id": group.id}, CLUSTER, facilitator=facilitator)


# --- dot votes --------------------------------------------------------------------------------


def _vote_change(actor, workshop: Workshop, note_id, delta: int) -> dict:
    facilitator = member(actor, workshop)
    checks = Checks()
    note_id = checks.integer("note_id", note_id)
    checks.done()
    require_open(workshop, facilitator, VOTE)
    live_note(workshop, note_id)
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
    note = live_note(workshop, note_id, for_update=True)  # one vote change per note at a time
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
    seq = next_seq(workshop)
    require_open(workshop, facilitator, VOTE)
    used = votes_used(actor, workshop.id)
    if used > workshop.vote_budget:
        raise BudgetExhausted(remaining=0)
    payload = record(actor, workshop, seq, "votes:changed", {"note_id": note.id, "total": note.vote_total})
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
    return {"seq": created_seq(workshop.id, "chat:message", "message", message.id), "message": message_json(message)}


def send_chat(actor, workshop: Workshop, client_id, text) -> dict:
    """Post a chat message (any phase; not on a locked board for participants). A repeated
    ``client_id`` returns the existing message. Broadcasts ``chat:message {seq, message}``."""
    facilitator = member(actor, workshop)
    checks = Checks()
    client_id = checks.client_id(client_id)
    text = checks.text("text", text, CHAT_MAX)
    checks.done()
    existing = by_client_id(ChatMessage, workshop.id, client_id)
    if existing is not None:
        return _chat_replay(workshop, existing)
    require_open(workshop, facilitator, *ANY_PHASE)
    message = ChatMessage(workshop_id=workshop.id, client_id=client_id, author=actor, text=text, created_at=utcnow())
    if not insert_once(message, ChatMessage, workshop.id, client_id):
        return _chat_replay(workshop, by_client_id(ChatMessage, workshop.id, client_id))
    data = {"message": message_json(message)}
    return commit_change(actor, workshop, "chat:message", data, *ANY_PHASE, facilitator=facilitator)
