"""Spaces where activities happen (often buildings recovered with FESR money) and their
bookings by time slot."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.area import Area
from app.models.base import UTCDateTime, enum_column, utcnow
from app.models.city import City
from app.models.organisation import MemberRole, Membership, MemberStatus, Organisation
from app.models.user import User


class SpaceKind(enum.Enum):
    PHYSICAL = "physical"
    VIRTUAL = "virtual"


class Fund(enum.Enum):
    FSE_PLUS = "fse_plus"
    FESR = "fesr"


class Space(db.Model):
    __tablename__ = "space"

    id: Mapped[int] = mapped_column(primary_key=True)
    city_id: Mapped[int] = mapped_column(sa.ForeignKey("city.id"), index=True)
    area_id: Mapped[int | None] = mapped_column(sa.ForeignKey("area.id", ondelete="SET NULL"), index=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    kind: Mapped[SpaceKind] = mapped_column(enum_column(SpaceKind), default=SpaceKind.PHYSICAL)
    address: Mapped[str] = mapped_column(sa.String(300), default="")
    link: Mapped[str] = mapped_column(sa.String(500), default="")  # virtual rooms
    lat: Mapped[float | None] = mapped_column(sa.Float)
    lng: Mapped[float | None] = mapped_column(sa.Float)
    capacity: Mapped[int] = mapped_column(sa.Integer, default=0)
    accessible: Mapped[bool] = mapped_column(sa.Boolean, default=False)  # step-free access
    accessibility_notes: Mapped[str] = mapped_column(sa.String(500), default="")
    facilities: Mapped[list] = mapped_column(sa.JSON, default=list)  # e.g. ["wifi", "proiettore"]
    availability: Mapped[str] = mapped_column(sa.String(300), default="")  # e.g. "lun-ven 9-20"
    recovered_with: Mapped[Fund | None] = mapped_column(enum_column(Fund))  # e.g. FESR
    owner_organisation_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organisation.id"), index=True)
    owned_by_city: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    city: Mapped[City] = relationship()
    area: Mapped[Area | None] = relationship()
    owner_organisation: Mapped[Organisation | None] = relationship()

    @classmethod
    def can_create_in(cls, city: City | int, user) -> bool:
        """Who registers a space of ``city``: its staff, and owners of an organisation of it."""
        if user.is_staff_of(city):
            return True
        if not getattr(user, "is_authenticated", False):
            return False
        city_id = city.id if isinstance(city, City) else city
        owned = (
            sa.select(Membership.id)
            .join(Organisation, Organisation.id == Membership.organisation_id)
            .where(
                Organisation.city_id == city_id,
                Membership.user_id == user.id,
                Membership.status == MemberStatus.ACTIVE,
                Membership.role == MemberRole.OWNER,
            )
        )
        return db.session.scalar(owned.limit(1)) is not None

    def can_edit(self, user) -> bool:
        """Staff of the space's city and owners of the owning organisation."""
        organisation = self.owner_organisation
        return user.is_staff_of(self.city_id) or (organisation is not None and organisation.is_owner(user))

    def can_book(self, user) -> bool:
        """Staff and facilitators of the space's city, members of the owning organisation."""
        organisation = self.owner_organisation
        return user.runs_activities_in(self.city_id) or (
            organisation is not None and organisation.membership_of(user) is not None
        )


class Booking(db.Model):
    """A time slot of a space; confirmed bookings of one space never overlap (the service
    checks under a lock of the space row)."""

    __tablename__ = "booking"
    __table_args__ = (
        sa.CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        sa.Index("ix_booking_space_time", "space_id", "starts_at", "ends_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    space_id: Mapped[int] = mapped_column(sa.ForeignKey("space.id", ondelete="CASCADE"))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    purpose: Mapped[str] = mapped_column(sa.String(300), default="")
    workshop_id: Mapped[int | None] = mapped_column(sa.ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    booked_by_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"))
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    space: Mapped[Space] = relationship()
    booked_by: Mapped[User] = relationship()

    def can_manage(self, user) -> bool:
        """Whoever made the booking, and those who manage the space."""
        return user.is_self(self.booked_by_id) or self.space.can_edit(user)

    def can_cancel(self, user) -> bool:
        """Those who manage the booking, while it stands."""
        return self.cancelled_at is None and self.can_manage(user)
