"""The live board of a workshop (``shared/REALTIME.md``): notes, groups, dot votes, chat, and
the per-workshop event log that numbers every change (``seq``) for catch-up."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import UTCDateTime, utcnow
from app.models.user import User


class BoardGroup(db.Model):
    __tablename__ = "board_group"
    __table_args__ = (sa.UniqueConstraint("workshop_id", "client_id", name="uq_board_group_workshop_client"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(sa.ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    client_id: Mapped[str] = mapped_column(sa.String(64))
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    title: Mapped[str] = mapped_column(sa.String(500))
    x: Mapped[float] = mapped_column(sa.Float, default=0)
    y: Mapped[float] = mapped_column(sa.Float, default=0)
    version: Mapped[int] = mapped_column(sa.Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: The idea this group was turned into after the workshop, if any.
    idea_id: Mapped[int | None] = mapped_column(sa.ForeignKey("idea.id", ondelete="SET NULL"))


class BoardNote(db.Model):
    __tablename__ = "board_note"
    __table_args__ = (
        sa.UniqueConstraint("workshop_id", "client_id", name="uq_board_note_workshop_client"),
        sa.Index("ix_board_note_workshop_group", "workshop_id", "group_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(sa.ForeignKey("workshop.id", ondelete="CASCADE"))
    client_id: Mapped[str] = mapped_column(sa.String(64))
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"), index=True)
    text: Mapped[str] = mapped_column(sa.String(500))
    color: Mapped[str] = mapped_column(sa.String(20), default="yellow")
    x: Mapped[float] = mapped_column(sa.Float, default=0)
    y: Mapped[float] = mapped_column(sa.Float, default=0)
    group_id: Mapped[int | None] = mapped_column(sa.ForeignKey("board_group.id", ondelete="SET NULL"))
    version: Mapped[int] = mapped_column(sa.Integer, default=1)
    vote_total: Mapped[int] = mapped_column(sa.Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: The idea this note was turned into after the workshop, if any.
    idea_id: Mapped[int | None] = mapped_column(sa.ForeignKey("idea.id", ondelete="SET NULL"))

    author: Mapped[User] = relationship()


class BoardVote(db.Model):
    """One row per person and note; ``count`` dots (within the workshop's vote budget)."""

    __tablename__ = "board_vote"
    __table_args__ = (
        sa.UniqueConstraint("note_id", "user_id", name="uq_board_vote_note_user"),
        sa.CheckConstraint("count >= 0", name="count_not_negative"),
        sa.Index("ix_board_vote_workshop_user", "workshop_id", "user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(sa.ForeignKey("workshop.id", ondelete="CASCADE"))
    note_id: Mapped[int] = mapped_column(sa.ForeignKey("board_note.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"))
    count: Mapped[int] = mapped_column(sa.Integer, default=0)


class ChatMessage(db.Model):
    __tablename__ = "chat_message"
    __table_args__ = (
        sa.UniqueConstraint("workshop_id", "client_id", name="uq_chat_message_workshop_client"),
        sa.Index("ix_chat_message_workshop_created", "workshop_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(sa.ForeignKey("workshop.id", ondelete="CASCADE"))
    client_id: Mapped[str] = mapped_column(sa.String(64))
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"))
    text: Mapped[str] = mapped_column(sa.String(1000))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    author: Mapped[User] = relationship()


class BoardEvent(db.Model):
    """Every acknowledged change of a board, numbered: ``workshop:sync`` replays these."""

    __tablename__ = "board_event"
    __table_args__ = (sa.UniqueConstraint("workshop_id", "seq", name="uq_board_event_workshop_seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(sa.ForeignKey("workshop.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(sa.Integer)
    name: Mapped[str] = mapped_column(sa.String(40))  # the broadcast event, e.g. "note:created"
    payload: Mapped[dict] = mapped_column(sa.JSON)  # the broadcast payload, seq included
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
