"""Co-design workshops (laboratori di co-progettazione): schedule, agenda, registrations,
minutes. The live board's objects are in ``board.py``."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.area import Area
from app.models.base import UTCDateTime, children, enum_column, link_table, utcnow
from app.models.city import City
from app.models.idea import Idea
from app.models.need import Need
from app.models.user import User


class WorkshopMode(enum.Enum):
    IN_PERSON = "in_person"
    ONLINE = "online"
    HYBRID = "hybrid"


class WorkshopStatus(enum.Enum):
    SCHEDULED = "scheduled"  # board read-only until started
    LIVE = "live"
    CLOSED = "closed"  # board read-only for good
    CANCELLED = "cancelled"


class PhaseKind(enum.Enum):
    BRAINSTORM = "brainstorm"  # participants add notes
    CLUSTER = "cluster"  # groups and moving notes
    VOTE = "vote"  # dot votes
    DISCUSS = "discuss"  # only chat


class RegistrationStatus(enum.Enum):
    INVITED = "invited"  # invite-only workshop: invited, not yet accepted
    REGISTERED = "registered"
    WAITLISTED = "waitlisted"
    CANCELLED = "cancelled"


workshop_need = link_table("workshop_need", "workshop", "need")

workshop_idea = link_table("workshop_idea", "workshop", "idea")

workshop_facilitator = link_table("workshop_facilitator", "workshop", "user")


class Workshop(db.Model):
    __tablename__ = "workshop"
    __table_args__ = (
        sa.CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        sa.CheckConstraint("capacity > 0", name="capacity_positive"),
        sa.CheckConstraint("vote_budget >= 0", name="vote_budget_not_negative"),
        sa.Index("ix_workshop_city_starts", "city_id", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    city_id: Mapped[int] = mapped_column(sa.ForeignKey("city.id"))
    area_id: Mapped[int | None] = mapped_column(sa.ForeignKey("area.id", ondelete="SET NULL"), index=True)
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"))
    title: Mapped[str] = mapped_column(sa.String(140))
    goal: Mapped[str] = mapped_column(sa.Text, default="")
    mode: Mapped[WorkshopMode] = mapped_column(enum_column(WorkshopMode))
    place: Mapped[str] = mapped_column(sa.String(300), default="")  # address, for in person / hybrid
    link: Mapped[str] = mapped_column(sa.String(500), default="")  # video room, for online / hybrid
    space_id: Mapped[int | None] = mapped_column(sa.ForeignKey("space.id", ondelete="SET NULL"), index=True)
    #: The co-design call (art. 55) this workshop is a table of, if any.
    call_id: Mapped[int | None] = mapped_column(sa.ForeignKey("call.id", ondelete="SET NULL"), index=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    capacity: Mapped[int] = mapped_column(sa.Integer)
    public: Mapped[bool] = mapped_column(sa.Boolean, default=True)
    vote_budget: Mapped[int] = mapped_column(sa.Integer, default=5)
    status: Mapped[WorkshopStatus] = mapped_column(enum_column(WorkshopStatus), default=WorkshopStatus.SCHEDULED)
    # Live board state
    locked: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    phase_index: Mapped[int | None] = mapped_column(sa.Integer)  # None: no agenda or not started
    phase_ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    spotlight_note_id: Mapped[int | None] = mapped_column(sa.Integer)
    #: The last event sequence number given out on this workshop's board (never reused).
    seq: Mapped[int] = mapped_column(sa.Integer, default=0)
    registered_count: Mapped[int] = mapped_column(sa.Integer, default=0)
    waitlist_count: Mapped[int] = mapped_column(sa.Integer, default=0)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    city: Mapped[City] = relationship()
    area: Mapped[Area | None] = relationship()
    created_by: Mapped[User] = relationship(foreign_keys=[created_by_id])
    facilitators: Mapped[list[User]] = relationship(secondary=workshop_facilitator)
    needs: Mapped[list[Need]] = relationship(secondary=workshop_need, backref="workshops")
    ideas: Mapped[list[Idea]] = relationship(secondary=workshop_idea, backref="workshops")
    agenda: Mapped[list[AgendaPhase]] = children("workshop", "AgendaPhase.position")

    # Who may do what (``docs/workshops.md``). Built on the role helpers of ``User``, which
    # answer False for visitors (``Anonymous``): no signed-in check is needed here.

    def facilitates(self, user) -> bool:
        """The creator or a listed co-facilitator of this workshop."""
        if user.id is None:
            return False
        return user.is_self(self.created_by_id) or any(f.id == user.id for f in self.facilitators)

    def can_manage(self, user) -> bool:
        """Its facilitators, staff of its city and admins: they edit it, run its board
        (start, phases, lock, close), invite, check attendance, turn the board into ideas
        and write and approve the minutes."""
        return user.is_staff_of(self.city_id) or self.facilitates(user)

    def registration_of(self, user) -> Registration | None:
        """``user``'s registration (any status), or None."""
        if user.id is None:
            return None
        return db.session.scalar(
            sa.select(Registration).where(Registration.workshop_id == self.id, Registration.user_id == user.id)
        )

    def has_participant(self, user) -> bool:
        """A person with a confirmed place (``registered``; not waitlisted, invited or cancelled)."""
        registration = self.registration_of(user)
        return registration is not None and registration.status is RegistrationStatus.REGISTERED

    def can_view(self, user) -> bool:
        """Public workshops: everyone. Invite-only ones: its managers and the people invited,
        registered or waitlisted."""
        return self.public or self.can_manage(user) or self.registration_of(user) is not None

    def can_join_board(self, user) -> bool:
        """The live board (pages and socket room): its managers and registered participants."""
        return self.can_manage(user) or self.has_participant(user)

    def can_see_link(self, user) -> bool:
        """The online room's link: its managers and registered participants."""
        return self.can_join_board(user)

    def can_read_minutes(self, user) -> bool:
        """Approved minutes: whoever sees the workshop. The draft: its managers (who write
        and approve it once the workshop is closed)."""
        if not self.can_view(user):
            return False
        approved = db.session.scalar(sa.select(Minutes.approved_at).where(Minutes.workshop_id == self.id))
        return approved is not None or self.can_manage(user)


class AgendaPhase(db.Model):
    __tablename__ = "agenda_phase"
    __table_args__ = (
        sa.UniqueConstraint("workshop_id", "position", name="uq_agenda_phase_workshop_position"),
        sa.CheckConstraint("minutes > 0", name="minutes_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(sa.ForeignKey("workshop.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(sa.Integer)
    name: Mapped[str] = mapped_column(sa.String(80))
    kind: Mapped[PhaseKind] = mapped_column(enum_column(PhaseKind))
    minutes: Mapped[int] = mapped_column(sa.Integer)

    workshop: Mapped[Workshop] = relationship(back_populates="agenda")


class Registration(db.Model):
    """A person's place in a workshop; the waitlist is ordered by ``created_at``, ``id``."""

    __tablename__ = "registration"
    __table_args__ = (
        sa.UniqueConstraint("workshop_id", "user_id", name="uq_registration_workshop_user"),
        sa.Index("ix_registration_workshop_status", "workshop_id", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(sa.ForeignKey("workshop.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"), index=True)
    status: Mapped[RegistrationStatus] = mapped_column(enum_column(RegistrationStatus))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    attended: Mapped[bool | None] = mapped_column(sa.Boolean)  # checked by the facilitator

    workshop: Mapped[Workshop] = relationship()
    user: Mapped[User] = relationship()


class Minutes(db.Model):
    """The verbale: a draft the facilitator edits, frozen (``snapshot``) when approved."""

    __tablename__ = "minutes"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(sa.ForeignKey("workshop.id", ondelete="CASCADE"), unique=True)
    decisions: Mapped[str] = mapped_column(sa.Text, default="")
    notes: Mapped[str] = mapped_column(sa.Text, default="")
    #: Everything the minutes show, captured at approval (attendees, agenda, notes by group,
    #: votes, ideas produced), so that later edits of the board or ideas change nothing.
    snapshot: Mapped[dict | None] = mapped_column(sa.JSON)
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    approved_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    workshop: Mapped[Workshop] = relationship()
    approved_by: Mapped[User | None] = relationship()

    @property
    def approved(self) -> bool:
        return self.approved_at is not None

    def can_read(self, user) -> bool:
        """Approved: whoever sees the workshop; a draft: the workshop's managers once it is closed."""
        return self.workshop.can_read_minutes(user)

    def can_edit(self, user) -> bool:
        """Change or approve: the workshop's managers, while the minutes are a draft."""
        return not self.approved and self.workshop.can_manage(user)
