"""Taking part in a co-design call (art. 55 d.lgs. 117/2017) or a call for ideas: the
expressions of interest of third-sector bodies, admitted or refused by staff with a reason,
and the answers to a call for ideas (an idea of the platform), shortlisted by staff. The
co-design tables are workshops with ``Workshop.call_id`` set."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import UTCDateTime, enum_column, utcnow
from app.models.call import Call
from app.models.idea import Idea
from app.models.organisation import Organisation
from app.models.user import User


class InterestStatus(enum.Enum):
    PENDING = "pending"
    ADMITTED = "admitted"
    REFUSED = "refused"


class CallInterest(db.Model):
    """An organisation's expression of interest (manifestazione di interesse) in a co-design
    call: one per organisation per call."""

    __tablename__ = "call_interest"
    __table_args__ = (sa.UniqueConstraint("call_id", "organisation_id", name="uq_call_interest_call_organisation"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(sa.ForeignKey("call.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    submitted_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    runts_number: Mapped[str] = mapped_column(sa.String(40))
    statement: Mapped[str] = mapped_column(sa.Text)
    contact: Mapped[str] = mapped_column(sa.String(300))
    status: Mapped[InterestStatus] = mapped_column(enum_column(InterestStatus), default=InterestStatus.PENDING)
    reason: Mapped[str] = mapped_column(sa.Text, default="")
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    call: Mapped[Call] = relationship()
    organisation: Mapped[Organisation] = relationship()
    submitted_by: Mapped[User | None] = relationship(foreign_keys=[submitted_by_id])

    @property
    def admitted(self) -> bool:
        return self.status is InterestStatus.ADMITTED

    def can_see_details(self, user) -> bool:
        """The statement, contact and reason of a refusal: staff of the call's city and the
        organisation's members. Everyone sees which organisations were admitted."""
        return self.call.can_edit(user) or self.organisation.membership_of(user) is not None


class CallAnswer(db.Model):
    """An answer to a call for ideas: an idea of the platform and a short note, by a person
    (for an organisation they belong to, if they say so). One answer per idea per call."""

    __tablename__ = "call_answer"
    __table_args__ = (sa.UniqueConstraint("call_id", "idea_id", name="uq_call_answer_call_idea"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(sa.ForeignKey("call.id", ondelete="CASCADE"), index=True)
    idea_id: Mapped[int] = mapped_column(sa.ForeignKey("idea.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    organisation_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organisation.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(sa.Text, default="")
    shortlisted: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    reason: Mapped[str] = mapped_column(sa.Text, default="")
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    call: Mapped[Call] = relationship()
    idea: Mapped[Idea] = relationship()
    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    organisation: Mapped[Organisation | None] = relationship()
