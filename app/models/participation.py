"""Supports (+1), comments, reports and follows, on a need or an idea.

Each row names exactly one target through a nullable foreign key (``need_id`` or
``idea_id``; reports may also name a comment), so the database keeps referential integrity
and uniqueness ("one support per person per need") without a polymorphic id.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import UTCDateTime, utcnow
from app.models.idea import Idea
from app.models.need import ModeratedMixin, Need
from app.models.user import User

_ONE_TARGET = "(CASE WHEN need_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN idea_id IS NULL THEN 0 ELSE 1 END) = 1"


def _one_per_person(table: str) -> tuple:
    """A person's row names one need or one idea, once (``uq_<table>_user_need|idea``)."""
    return (
        sa.UniqueConstraint("user_id", "need_id", name=f"uq_{table}_user_need"),
        sa.UniqueConstraint("user_id", "idea_id", name=f"uq_{table}_user_idea"),
        sa.CheckConstraint(_ONE_TARGET, name="one_target"),
    )


class PersonOnTarget:
    """The columns a support and a follow share: who, on which need or idea, since when."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"), index=True)
    need_id: Mapped[int | None] = mapped_column(sa.ForeignKey("need.id", ondelete="CASCADE"), index=True)
    idea_id: Mapped[int | None] = mapped_column(sa.ForeignKey("idea.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Support(PersonOnTarget, db.Model):
    """A person's +1 on a need or an idea."""

    __tablename__ = "support"
    __table_args__ = _one_per_person("support")


class Follow(PersonOnTarget, db.Model):
    """A person following a need or an idea (notified of its changes)."""

    __tablename__ = "follow"
    __table_args__ = _one_per_person("follow")


class Comment(ModeratedMixin, db.Model):
    """A comment with at most one level of replies; deleting keeps a "removed" stub."""

    __tablename__ = "comment"
    __table_args__ = (
        sa.CheckConstraint(_ONE_TARGET, name="one_target"),
        sa.Index("ix_comment_need_created", "need_id", "created_at"),
        sa.Index("ix_comment_idea_created", "idea_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"), index=True)
    need_id: Mapped[int | None] = mapped_column(sa.ForeignKey("need.id", ondelete="CASCADE"))
    idea_id: Mapped[int | None] = mapped_column(sa.ForeignKey("idea.id", ondelete="CASCADE"))
    parent_id: Mapped[int | None] = mapped_column(sa.ForeignKey("comment.id", ondelete="CASCADE"), index=True)
    body: Mapped[str] = mapped_column(sa.Text)
    body_html: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    author: Mapped[User] = relationship()
    parent: Mapped[Comment | None] = relationship(remote_side="Comment.id", backref="replies")
    need: Mapped[Need | None] = relationship(viewonly=True)
    idea: Mapped[Idea | None] = relationship(viewonly=True)

    @property
    def target(self):
        """The need or idea the comment belongs to."""
        return self.need if self.need_id is not None else self.idea

    @property
    def city_id(self) -> int:
        """The city of its need or idea: its staff moderate the comment (``can_moderate``)."""
        return self.target.city_id

    def can_view(self, user) -> bool:
        """Whoever may see its need or idea finds it (a hidden one shows as a stub)."""
        return self.target.can_view(user)

    def can_read(self, user) -> bool:
        """Reads it in full: not removed, and when hidden its author or the city's staff."""
        if self.deleted_at is not None:
            return False
        return not self.hidden or user.is_self(self.author_id) or self.can_moderate(user)

    def can_delete(self, user) -> bool:
        """Its author removes it (removing twice changes nothing)."""
        return user.is_self(self.author_id)

    def can_edit(self, user) -> bool:
        """Its author, within ``COMMENT_EDIT_MINUTES`` of posting, while it is neither
        removed nor hidden."""
        window = timedelta(minutes=current_app.config["COMMENT_EDIT_MINUTES"])
        return (
            user.is_self(self.author_id)
            and self.deleted_at is None
            and not self.hidden
            and utcnow() - self.created_at <= window
        )


class Report(db.Model):
    """Someone signed in reports a need, idea or comment; three open reports hide it."""

    __tablename__ = "report"
    __table_args__ = (
        sa.UniqueConstraint("reporter_id", "need_id", name="uq_report_reporter_need"),
        sa.UniqueConstraint("reporter_id", "idea_id", name="uq_report_reporter_idea"),
        sa.UniqueConstraint("reporter_id", "comment_id", name="uq_report_reporter_comment"),
        sa.CheckConstraint(
            "(CASE WHEN need_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN idea_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN comment_id IS NULL THEN 0 ELSE 1 END) = 1",
            name="one_target",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reporter_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"), index=True)
    need_id: Mapped[int | None] = mapped_column(sa.ForeignKey("need.id", ondelete="CASCADE"), index=True)
    idea_id: Mapped[int | None] = mapped_column(sa.ForeignKey("idea.id", ondelete="CASCADE"), index=True)
    comment_id: Mapped[int | None] = mapped_column(sa.ForeignKey("comment.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(sa.String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    reporter: Mapped[User] = relationship()
