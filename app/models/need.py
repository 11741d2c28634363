"""Needs (bisogni) posted by residents for a place, and their public status history."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, WriteOnlyMapped, mapped_column, relationship

from app.extensions import db
from app.models.area import Area
from app.models.base import UTCDateTime, enum_column, utcnow
from app.models.city import City
from app.models.upload import Photo
from app.models.user import User


class NeedCategory(enum.Enum):
    HOUSING = "housing"
    WORK = "work"
    YOUNG_PEOPLE = "young_people"
    ELDERLY = "elderly"
    FAMILIES = "families"
    CULTURE = "culture"
    EDUCATION = "education"
    HEALTH = "health"
    ENVIRONMENT = "environment"
    PUBLIC_SPACE = "public_space"
    MOBILITY = "mobility"
    SAFETY = "safety"
    DIGITAL = "digital"
    OTHER = "other"


class NeedStatus(enum.Enum):
    OPEN = "open"
    UNDER_REVIEW = "under_review"
    BEING_ADDRESSED = "being_addressed"
    ADDRESSED = "addressed"
    DECLINED = "declined"


class ModeratedMixin:
    """Reports hide an item pending review; staff hide or restore it with a reason."""

    report_count: Mapped[int] = mapped_column(sa.Integer, default=0)
    hidden: Mapped[bool] = mapped_column(sa.Boolean, default=False, index=True)
    hidden_reason: Mapped[str | None] = mapped_column(sa.String(500))
    hidden_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    # Who may do what on a need or an idea (``author_id`` and ``city_id`` of the item).
    def can_moderate(self, user) -> bool:
        """Staff of the item's city (and administrators) hide and restore it."""
        return user.is_staff_of(self.city_id)

    def can_view(self, user) -> bool:
        """Everyone sees a visible item; a hidden one its author and the city's staff."""
        return not self.hidden or user.is_self(self.author_id) or self.can_moderate(user)

    def can_report(self, user) -> bool:
        """Anyone signed in reports what others wrote."""
        return user.is_authenticated and not user.is_self(self.author_id)


class Need(ModeratedMixin, db.Model):
    __tablename__ = "need"
    __table_args__ = (
        sa.Index("ix_need_city_created", "city_id", "created_at"),
        sa.Index("ix_need_city_supports", "city_id", "support_count"),
        sa.Index("ix_need_city_comments", "city_id", "comment_count"),
        sa.Index("ix_need_city_status", "city_id", "status"),
        sa.Index("ix_need_public_point", "lat_public", "lng_public"),
        # The map of one city: needs of the city inside the visible box.
        sa.Index("ix_need_city_point", "city_id", "lat_public", "lng_public"),
        # Counting a city's visible needs (the lists' totals) from the index alone.
        sa.Index("ix_need_city_hidden", "city_id", "hidden"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    city_id: Mapped[int] = mapped_column(sa.ForeignKey("city.id"))
    area_id: Mapped[int | None] = mapped_column(sa.ForeignKey("area.id", ondelete="SET NULL"), index=True)
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"), index=True)
    title: Mapped[str] = mapped_column(sa.String(140))
    body: Mapped[str] = mapped_column(sa.Text)  # limited Markdown as written
    body_html: Mapped[str] = mapped_column(sa.Text)  # sanitised rendering
    category: Mapped[NeedCategory] = mapped_column(enum_column(NeedCategory), index=True)
    status: Mapped[NeedStatus] = mapped_column(enum_column(NeedStatus), default=NeedStatus.OPEN)
    # Exact point: staff only. Public point: coarsened to about 100 m.
    lat: Mapped[float | None] = mapped_column(sa.Float)
    lng: Mapped[float | None] = mapped_column(sa.Float)
    lat_public: Mapped[float | None] = mapped_column(sa.Float)
    lng_public: Mapped[float | None] = mapped_column(sa.Float)
    photo_id: Mapped[int | None] = mapped_column(sa.ForeignKey("photo.id", ondelete="SET NULL"))
    support_count: Mapped[int] = mapped_column(sa.Integer, default=0)
    comment_count: Mapped[int] = mapped_column(sa.Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    city: Mapped[City] = relationship()
    area: Mapped[Area | None] = relationship()
    author: Mapped[User] = relationship()
    photo: Mapped[Photo | None] = relationship()
    history: WriteOnlyMapped[NeedStatusChange] = relationship(
        back_populates="need",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="NeedStatusChange.created_at",
    )

    def can_edit(self, user) -> bool:
        """The author while nobody has answered yet (open, not hidden); the city's staff always."""
        if user.is_staff_of(self.city_id):
            return True
        return user.is_self(self.author_id) and self.status is NeedStatus.OPEN and not self.hidden

    def can_answer(self, user) -> bool:
        """Staff of the need's city (and administrators) answer it and change its status."""
        return user.is_staff_of(self.city_id)

    def sees_exact_point(self, user) -> bool:
        """The exact point is for the staff of the need's city; others see it coarsened."""
        return user.is_staff_of(self.city_id)


class NeedStatusChange(db.Model):
    """A public, dated answer of staff that may move the need to another status."""

    __tablename__ = "need_status_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(sa.ForeignKey("need.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    from_status: Mapped[NeedStatus | None] = mapped_column(enum_column(NeedStatus, name="from_status"))
    to_status: Mapped[NeedStatus] = mapped_column(enum_column(NeedStatus, name="to_status"))
    text: Mapped[str] = mapped_column(sa.Text, default="")  # the answer / reason
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    need: Mapped[Need] = relationship(back_populates="history")
    actor: Mapped[User | None] = relationship()
