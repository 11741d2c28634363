"""Reading the live board: the ``state`` a joining client gets and the events a client that
missed some asks for (``workshop:sync``). Nothing here writes."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from app.errors import NotFound
from app.extensions import db
from app.models import User
from app.models.board import BoardEvent, BoardNote, BoardVote, ChatMessage
from app.models.workshop import Workshop
from app.workshops import presence
from app.workshops.board_payload import (
    BOARD_HEIGHT,
    BOARD_WIDTH,
    NOTE_COLORS,
    Checks,
    agenda_json,
    group_json,
    message_json,
    note_fields,
    phase_json,
)
from app.workshops.queries import board_groups, in_groups

#: ``workshop:sync`` answers with the whole state when the client is further behind.
SYNC_MAX_EVENTS = 500
#: Chat messages a joining client receives in its state.
STATE_MESSAGES = 100


def current_seq(workshop_id: int) -> int:
    return db.session.scalar(sa.select(Workshop.seq).where(Workshop.id == workshop_id)) or 0


def votes_used(user, workshop_id: int) -> int:
    """Dots ``user`` has on notes still on the board (votes on removed notes come back)."""
    used = db.session.scalar(
        sa.select(sa.func.coalesce(sa.func.sum(BoardVote.count), 0))
        .join(BoardNote, BoardNote.id == BoardVote.note_id)
        .where(BoardVote.workshop_id == workshop_id, BoardVote.user_id == user.id, BoardNote.deleted_at.is_(None))
    )
    return int(used or 0)


def _note_rows(workshop_id: int) -> list[dict]:
    """The notes on the board, read as plain rows (a board of a thousand notes is sent to
    every joining client: no ORM objects needed)."""
    removed = _("Removed account")
    rows = db.session.execute(
        sa.select(*BoardNote.__table__.c, User.name.label("author_name"), User.deleted_at.label("author_gone"))
        .join(User, User.id == BoardNote.author_id)
        .where(BoardNote.workshop_id == workshop_id, BoardNote.deleted_at.is_(None))
        .order_by(BoardNote.id)
    ).all()
    return [
        (
            row.vote_total,
            note_fields(row, {"id": row.author_id, "name": removed if row.author_gone else row.author_name}),
        )
        for row in rows
    ]


def _snapshot(user, workshop_id: int) -> dict:
    notes = _note_rows(workshop_id)
    groups = board_groups(workshop_id)
    my_votes = db.session.execute(
        sa.select(BoardVote.note_id, BoardVote.count)
        .join(BoardNote, BoardNote.id == BoardVote.note_id)
        .where(
            BoardVote.workshop_id == workshop_id,
            BoardVote.user_id == user.id,
            BoardVote.count > 0,
            BoardNote.deleted_at.is_(None),
        )
    ).all()
    messages = db.session.scalars(
        sa.select(ChatMessage)
        .where(ChatMessage.workshop_id == workshop_id)
        .order_by(ChatMessage.id.desc())
        .limit(STATE_MESSAGES)
        .options(selectinload(ChatMessage.author))
    ).all()
    orphans = in_groups((g.id for g in groups), notes, lambda row: row[1]["group_id"]).get(None, [])
    for _total, note in orphans:
        note["group_id"] = None  # ungrouped, or moved into a group removed at the same moment
    return {
        "notes": [note for _total, note in notes],
        "groups": [group_json(g) for g in groups],
        "votes": {str(note["id"]): total for total, note in notes if total},
        "my_votes": {str(note_id): count for note_id, count in my_votes},
        "messages": [message_json(m) for m in reversed(messages)],
    }


def _reload(workshop: Workshop) -> Workshop:
    found = db.session.scalar(
        sa.select(Workshop).where(Workshop.id == workshop.id).execution_options(populate_existing=True)
    )
    if found is None:
        raise NotFound(_("This workshop does not exist."))
    return found


def board_state(user, workshop: Workshop) -> dict:
    """The whole board as ``user`` sees it (the ``state`` of ``workshop:join``), with the
    ``seq`` of exactly the board sent: the events after it are the ones the client has not
    seen. PostgreSQL reads it all from one snapshot (REPEATABLE READ); SQLite reads it
    between two readings of ``seq`` that agree (no other change happened meanwhile)."""
    user_id = user.id
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.commit()  # nothing to store: a fresh transaction, on one snapshot
        db.session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        attempts = 1
    else:
        attempts = 5
    for _attempt in range(attempts):
        workshop = _reload(workshop)
        seq = workshop.seq
        snapshot = _snapshot(user, workshop.id)
        if attempts == 1 or current_seq(workshop.id) == seq:
            break
    return {
        "workshop": {
            "id": workshop.id,
            "title": workshop.title,
            "status": workshop.status.value,
            "locked": workshop.locked,
            "spotlight_note_id": workshop.spotlight_note_id,
        },
        "phase": phase_json(workshop),
        "agenda": agenda_json(workshop),
        "seq": seq,
        **snapshot,
        "vote_budget": workshop.vote_budget,
        "participants": presence.participants(workshop.id),
        "me": {"user_id": user_id, "name": user.display_name, "facilitator": workshop.can_manage(user)},
        "board": {"width": BOARD_WIDTH, "height": BOARD_HEIGHT, "colors": list(NOTE_COLORS)},
    }


def events_since(workshop: Workshop, since_seq) -> tuple[int, list[dict]] | None:
    """The changes after ``since_seq``, in order, as ``(seq, [{seq, name, data}])``; None
    when the client is too far behind (or ahead, or events are missing): it then gets the
    whole state."""
    checks = Checks()
    since_seq = checks.integer("since_seq", since_seq, minimum=0)
    checks.done()
    current = current_seq(workshop.id)
    if since_seq > current or current - since_seq > SYNC_MAX_EVENTS:
        return None
    rows = db.session.execute(
        sa.select(BoardEvent.seq, BoardEvent.name, BoardEvent.payload)
        .where(BoardEvent.workshop_id == workshop.id, BoardEvent.seq > since_seq, BoardEvent.seq <= current)
        .order_by(BoardEvent.seq)
    ).all()
    if len(rows) != current - since_seq:
        return None
    return current, [{"seq": seq, "name": name, "data": payload} for seq, name, payload in rows]
