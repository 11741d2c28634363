"""Reading a workshop's board after (or outside) the live room: the groups and the notes by
group, one read behind the minutes, the outcomes page, the board's list view and the live
state (``board_read.py``). Nothing here writes."""

from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from app.models.board import BoardGroup, BoardNote

NotesByGroup = dict[int | None, list[BoardNote]]


def board_groups(workshop_id: int) -> list[BoardGroup]:
    """The groups on the board (not removed), oldest first."""
    return db.session.scalars(
        sa.select(BoardGroup)
        .where(BoardGroup.workshop_id == workshop_id, BoardGroup.deleted_at.is_(None))
        .order_by(BoardGroup.id)
        .execution_options(populate_existing=True)
    ).all()


def board_notes(workshop_id: int, *, by_votes: bool = True, group_id: int | None = None) -> list[BoardNote]:
    """The notes on the board (not removed): most voted first, or in the order written;
    only those of ``group_id`` when given."""
    query = sa.select(BoardNote).where(BoardNote.workshop_id == workshop_id, BoardNote.deleted_at.is_(None))
    if group_id is not None:
        query = query.where(BoardNote.group_id == group_id)
    order = (BoardNote.vote_total.desc(), BoardNote.id) if by_votes else (BoardNote.id,)
    return db.session.scalars(query.order_by(*order)).all()


def in_groups(group_ids, notes, group_of=lambda note: note.group_id) -> dict:
    """``notes`` by group id; a note of a group that is gone counts as ungrouped (``None``)."""
    live = set(group_ids)
    out: dict = {}
    for note in notes:
        group_id = group_of(note)
        out.setdefault(group_id if group_id in live else None, []).append(note)
    return out


def notes_by_group(workshop_id: int, *, by_votes: bool = True) -> tuple[list[BoardGroup], NotesByGroup]:
    """The groups, and the notes of each (``None``: the notes in no group, or in a group
    that was removed)."""
    groups = board_groups(workshop_id)
    return groups, in_groups((g.id for g in groups), board_notes(workshop_id, by_votes=by_votes))
