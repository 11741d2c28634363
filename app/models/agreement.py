"""The agreement (convenzione) of a co-design call (art. 55 d.lgs. 117/2017): the project
agreed at the co-design tables, its budget and grant, the approved minutes it rests on, and
each admitted organisation's role, share and duties. Every partner's owner signs in the
platform, the city signs last: then the grant is set aside from the call's budget
(``app/calls/agreements.py``). One agreement per call."""

from __future__ import annotations

import enum
from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import UTCDateTime, enum_column, utcnow
from app.models.call import MONEY, Call, CallKind, CallStatus
from app.models.organisation import Organisation
from app.models.user import User
from app.models.workshop import Minutes

agreement_minutes = sa.Table(
    "agreement_minutes",
    db.metadata,
    sa.Column("agreement_id", sa.ForeignKey("agreement.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("minutes_id", sa.ForeignKey("minutes.id", ondelete="CASCADE"), primary_key=True),
)


class AgreementRole(enum.Enum):
    LEAD = "lead"  # capofila
    PARTNER = "partner"


class Agreement(db.Model):
    __tablename__ = "agreement"

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(sa.ForeignKey("call.id", ondelete="CASCADE"), unique=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    summary: Mapped[str] = mapped_column(sa.Text)
    total_budget: Mapped[Decimal] = mapped_column(MONEY)
    grant: Mapped[Decimal] = mapped_column(MONEY)
    recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    signed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))

    call: Mapped[Call] = relationship()
    minutes: Mapped[list[Minutes]] = relationship(secondary=agreement_minutes, order_by=Minutes.id)
    partners: Mapped[list[AgreementPartner]] = relationship(
        back_populates="agreement", cascade="all, delete-orphan", order_by="AgreementPartner.id"
    )
    signed_by: Mapped[User | None] = relationship(foreign_keys=[signed_by_id])

    @property
    def signed(self) -> bool:
        return self.signed_at is not None

    @property
    def partners_signed(self) -> bool:
        return all(p.signed for p in self.partners)

    def partner_of(self, organisation_id: int) -> AgreementPartner | None:
        return next((p for p in self.partners if p.organisation_id == organisation_id), None)

    def can_view(self, user) -> bool:
        """Everyone who sees the call sees its agreement (a public act of the city)."""
        return self.call.can_view(user)

    def can_sign(self, user) -> bool:
        """Who may come to sign at all: an owner of a partner organisation, staff of the call."""
        return self.call.can_edit(user) or any(p.organisation.can_act_for(user) for p in self.partners)

    def can_sign_for(self, user) -> list[AgreementPartner]:
        """The partners ``user`` may sign for now: those of which they are an owner, unsigned."""
        if self.signed or not user.is_authenticated:
            return []
        return [p for p in self.partners if not p.signed and p.organisation.can_act_for(user)]

    def can_sign_for_city(self, user) -> bool:
        """Staff of the call sign last, once every partner has signed."""
        return not self.signed and bool(self.partners) and self.partners_signed and self.call.can_edit(user)


def can_record_agreement(call: Call, user) -> bool:
    """Staff of the call's city record the agreement of a co-design call in co-design (or
    agreement, when the step was taken before)."""
    return (
        call.can_edit(user)
        and call.kind is CallKind.CODESIGN
        and call.status in (CallStatus.CODESIGN, CallStatus.AGREEMENT)
    )


class AgreementPartner(db.Model):
    __tablename__ = "agreement_partner"
    __table_args__ = (
        sa.UniqueConstraint("agreement_id", "organisation_id", name="uq_agreement_partner_agreement_organisation"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(sa.ForeignKey("agreement.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    role: Mapped[AgreementRole] = mapped_column(enum_column(AgreementRole), default=AgreementRole.PARTNER)
    share: Mapped[Decimal] = mapped_column(MONEY)
    duties: Mapped[str] = mapped_column(sa.Text)
    signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    signed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))

    agreement: Mapped[Agreement] = relationship(back_populates="partners")
    organisation: Mapped[Organisation] = relationship()
    signed_by: Mapped[User | None] = relationship(foreign_keys=[signed_by_id])

    @property
    def signed(self) -> bool:
        return self.signed_at is not None
