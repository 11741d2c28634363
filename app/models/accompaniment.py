"""Accompaniment (accompagnamento): a facilitator's coaching track for an organisation or an
idea, with sessions and a readiness checklist that gives a readiness score."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import UTCDateTime, children, utcnow
from app.models.city import City
from app.models.idea import Idea
from app.models.organisation import Organisation
from app.models.user import User


class ChecklistTemplateItem(db.Model):
    """The readiness items a city uses (statute, RUNTS registration, partnership, …)."""

    __tablename__ = "checklist_template_item"
    __table_args__ = (sa.UniqueConstraint("city_id", "key", name="uq_checklist_template_item_city_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    city_id: Mapped[int] = mapped_column(sa.ForeignKey("city.id"), index=True)
    key: Mapped[str] = mapped_column(sa.String(40))
    label: Mapped[str] = mapped_column(sa.String(200))
    weight: Mapped[int] = mapped_column(sa.Integer, default=1)
    position: Mapped[int] = mapped_column(sa.Integer, default=0)

    def can_edit(self, user) -> bool:
        """Staff of the city keep its checklist."""
        return user.is_staff_of(self.city_id)


class AccompanimentTrack(db.Model):
    __tablename__ = "accompaniment_track"
    __table_args__ = (
        sa.CheckConstraint(
            "(CASE WHEN organisation_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN idea_id IS NULL THEN 0 ELSE 1 END) >= 1",
            name="has_subject",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    city_id: Mapped[int] = mapped_column(sa.ForeignKey("city.id"), index=True)
    facilitator_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organisation.id"), index=True)
    idea_id: Mapped[int | None] = mapped_column(sa.ForeignKey("idea.id", ondelete="SET NULL"), index=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    city: Mapped[City] = relationship()
    facilitator: Mapped[User] = relationship()
    organisation: Mapped[Organisation | None] = relationship()
    idea: Mapped[Idea | None] = relationship()
    sessions: Mapped[list[AccompanimentSession]] = children("track", "AccompanimentSession.held_on")
    items: Mapped[list[ReadinessItem]] = children("track", "ReadinessItem.position")

    def can_edit(self, user) -> bool:
        """The facilitators of the track's city (the one who opened it among them): they
        record sessions, tick the checklist, rename and close the track."""
        return user.is_facilitator_of(self.city_id)

    def can_view(self, user) -> bool:
        """Facilitators and staff of the city, the organisation's members, the idea's author."""
        if self.can_edit(user) or user.is_staff_of(self.city_id):
            return True
        if self.idea is not None and user.is_self(self.idea.author_id):
            return True
        return self.organisation is not None and self.organisation.membership_of(user) is not None

    @property
    def readiness(self) -> int:
        """Readiness score in percent: weighted share of checklist items done."""
        total = sum(i.weight for i in self.items)
        return round(100 * sum(i.weight for i in self.items if i.done) / total) if total else 0


class AccompanimentSession(db.Model):
    __tablename__ = "accompaniment_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    track_id: Mapped[int] = mapped_column(sa.ForeignKey("accompaniment_track.id", ondelete="CASCADE"), index=True)
    held_on: Mapped[date] = mapped_column(sa.Date)
    topic: Mapped[str] = mapped_column(sa.String(200))
    notes: Mapped[str] = mapped_column(sa.Text, default="")  # limited Markdown as written
    notes_html: Mapped[str] = mapped_column(sa.Text, default="")  # sanitised rendering (app.text)
    participants: Mapped[str] = mapped_column(sa.String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    track: Mapped[AccompanimentTrack] = relationship(back_populates="sessions")


class ReadinessItem(db.Model):
    __tablename__ = "readiness_item"
    __table_args__ = (sa.UniqueConstraint("track_id", "key", name="uq_readiness_item_track_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    track_id: Mapped[int] = mapped_column(sa.ForeignKey("accompaniment_track.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(sa.String(40))
    label: Mapped[str] = mapped_column(sa.String(200))
    weight: Mapped[int] = mapped_column(sa.Integer, default=1)
    position: Mapped[int] = mapped_column(sa.Integer, default=0)
    done: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    note: Mapped[str] = mapped_column(sa.String(500), default="")

    track: Mapped[AccompanimentTrack] = relationship(back_populates="items")
