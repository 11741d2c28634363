"""Organisations (third sector, schools, universities, museums, …), their members, and the
partner networks (reti partenariali) they form around ideas."""

from __future__ import annotations

import enum
from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.area import Area
from app.models.base import UTCDateTime, enum_column, link_table, utcnow
from app.models.city import City
from app.models.idea import Idea
from app.models.user import User


class LegalForm(enum.Enum):
    APS = "aps"  # associazione di promozione sociale
    ODV = "odv"  # organizzazione di volontariato
    SOCIAL_COOPERATIVE = "social_cooperative"  # cooperativa sociale
    SOCIAL_ENTERPRISE = "social_enterprise"  # impresa sociale
    FOUNDATION = "foundation"  # fondazione
    ASSOCIATION = "association"  # associazione
    SCHOOL = "school"
    UNIVERSITY = "university"
    MUSEUM = "museum"
    THEATRE = "theatre"
    LIBRARY = "library"
    BUSINESS = "business"
    PUBLIC_BODY = "public_body"
    OTHER = "other"


#: Forms that are third-sector entities by nature (Codice del Terzo settore, d.lgs. 117/2017);
#: associations and foundations are ETS when registered in RUNTS.
THIRD_SECTOR_FORMS = frozenset(
    {LegalForm.APS, LegalForm.ODV, LegalForm.SOCIAL_COOPERATIVE, LegalForm.SOCIAL_ENTERPRISE}
)
THIRD_SECTOR_IF_RUNTS = frozenset({LegalForm.ASSOCIATION, LegalForm.FOUNDATION})


class MemberRole(enum.Enum):
    OWNER = "owner"
    MEMBER = "member"


class MemberStatus(enum.Enum):
    INVITED = "invited"
    ACTIVE = "active"


organisation_area = link_table("organisation_area", "organisation", "area")


class Organisation(db.Model):
    __tablename__ = "organisation"
    __table_args__ = (
        sa.UniqueConstraint("city_id", "tax_code", name="uq_organisation_city_tax_code"),
        sa.Index("ix_organisation_city_form", "city_id", "legal_form"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    city_id: Mapped[int] = mapped_column(sa.ForeignKey("city.id"))
    name: Mapped[str] = mapped_column(sa.String(200))
    legal_form: Mapped[LegalForm] = mapped_column(enum_column(LegalForm))
    tax_code: Mapped[str] = mapped_column(sa.String(16))  # codice fiscale (11 digits) or partita IVA
    runts_number: Mapped[str | None] = mapped_column(sa.String(40))
    description: Mapped[str] = mapped_column(sa.Text, default="")  # limited Markdown as written
    description_html: Mapped[str] = mapped_column(sa.Text, default="")  # sanitised rendering (app.text)
    website: Mapped[str] = mapped_column(sa.String(300), default="")
    email: Mapped[str] = mapped_column(sa.String(254), default="")
    phone: Mapped[str] = mapped_column(sa.String(40), default="")
    #: Fields of activity (e.g. "inclusione sociale", "cultura"), a small list of slugs.
    fields: Mapped[list] = mapped_column(sa.JSON, default=list)
    verified: Mapped[bool] = mapped_column(sa.Boolean, default=False, index=True)
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    verified_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    city: Mapped[City] = relationship()
    areas: Mapped[list[Area]] = relationship(secondary=organisation_area)
    members: Mapped[list[Membership]] = relationship(back_populates="organisation", cascade="all, delete-orphan")

    @property
    def third_sector(self) -> bool:
        """Third-sector status follows from legal form and RUNTS registration (SPEC §3.5)."""
        return self.legal_form in THIRD_SECTOR_FORMS or (
            self.legal_form in THIRD_SECTOR_IF_RUNTS and bool(self.runts_number)
        )

    def membership_of(self, user) -> Membership | None:
        """The active membership of ``user`` in this organisation, if any."""
        if user is None or not getattr(user, "is_authenticated", False):
            return None
        for membership in self.members:
            if membership.user_id == user.id and membership.status is MemberStatus.ACTIVE:
                return membership
        return None

    def is_owner(self, user) -> bool:
        membership = self.membership_of(user)
        return membership is not None and membership.role is MemberRole.OWNER

    # Who may do what (``user`` may be ``current_user``: a visitor answers False).
    def can_edit(self, user) -> bool:
        """Active members keep the profile; administrators may too."""
        return self.membership_of(user) is not None or user.is_admin

    def can_manage_members(self, user) -> bool:
        """Owners invite, promote and remove members (administrators may too)."""
        return self.is_owner(user) or user.is_admin

    def can_act_for(self, user) -> bool:
        """Owners commit the organisation: lead a partnership, answer a partner invitation."""
        return self.is_owner(user)

    def can_verify(self, user) -> bool:
        """Staff of the organisation's city (and administrators) verify it."""
        return user.is_staff_of(self.city_id)


class Membership(db.Model):
    __tablename__ = "membership"
    __table_args__ = (
        sa.UniqueConstraint("organisation_id", "user_id", name="uq_membership_organisation_user"),
        sa.UniqueConstraint("organisation_id", "invited_email", name="uq_membership_organisation_invited_email"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"), index=True)  # None until accepted
    invited_email: Mapped[str | None] = mapped_column(sa.String(254))
    role: Mapped[MemberRole] = mapped_column(enum_column(MemberRole), default=MemberRole.MEMBER)
    status: Mapped[MemberStatus] = mapped_column(enum_column(MemberStatus), default=MemberStatus.ACTIVE)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    organisation: Mapped[Organisation] = relationship(back_populates="members")
    user: Mapped[User | None] = relationship()

    def is_invitation_for(self, user) -> bool:
        """A pending invitation addressed to ``user``'s email."""
        email = (getattr(user, "email", None) or "").strip().lower()
        return self.status is MemberStatus.INVITED and bool(email) and self.invited_email == email

    def can_answer(self, user) -> bool:
        """Only the invited person accepts or declines an invitation."""
        return user.is_authenticated and self.is_invitation_for(user)

    def can_remove(self, user) -> bool:
        """Those who manage the members remove anyone; a member may leave."""
        return self.organisation.can_manage_members(user) or user.is_self(self.user_id)


class PartnerRole(enum.Enum):
    LEAD = "lead"
    CO_APPLICANT = "co_applicant"
    SUPPORTER = "supporter"


class PartnerStatus(enum.Enum):
    INVITED = "invited"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"  # the lead withdrew the invitation


class ContributionKind(enum.Enum):
    SPACE = "space"
    VOLUNTEERS = "volunteers"
    EXPERTISE = "expertise"
    EQUIPMENT = "equipment"
    MONEY = "money"


class Partnership(db.Model):
    """The partner network around one idea, led by one organisation."""

    __tablename__ = "partnership"

    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int] = mapped_column(sa.ForeignKey("idea.id", ondelete="CASCADE"), unique=True)
    lead_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id"), index=True)
    city_id: Mapped[int] = mapped_column(sa.ForeignKey("city.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    idea: Mapped[Idea] = relationship()
    lead: Mapped[Organisation] = relationship()
    partners: Mapped[list[Partner]] = relationship(back_populates="partnership", cascade="all, delete-orphan")

    def can_lead(self, user) -> bool:
        """The lead's owners invite and withdraw partners and see every invitation."""
        return self.lead.can_act_for(user)

    def can_invite(self, user) -> bool:
        return self.can_lead(user)

    def can_view(self, user) -> bool:
        """The partnership of a hidden idea is seen only by the lead's owners."""
        return not self.idea.hidden or self.can_lead(user)


class Partner(db.Model):
    """An organisation in a partnership; appears once per partnership."""

    __tablename__ = "partner"
    __table_args__ = (
        sa.UniqueConstraint("partnership_id", "organisation_id", name="uq_partner_partnership_organisation"),
        sa.CheckConstraint("contribution_value >= 0", name="value_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int] = mapped_column(sa.ForeignKey("partnership.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id"), index=True)
    role: Mapped[PartnerRole] = mapped_column(enum_column(PartnerRole))
    status: Mapped[PartnerStatus] = mapped_column(enum_column(PartnerStatus), default=PartnerStatus.INVITED)
    contribution_kind: Mapped[ContributionKind | None] = mapped_column(enum_column(ContributionKind))
    contribution_value: Mapped[Decimal] = mapped_column(sa.Numeric(12, 2), default=Decimal("0"))
    contribution_note: Mapped[str] = mapped_column(sa.String(500), default="")
    invited_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    partnership: Mapped[Partnership] = relationship(back_populates="partners")
    organisation: Mapped[Organisation] = relationship()

    @property
    def withdrawable(self) -> bool:
        """Not the lead, and still invited or accepted."""
        return self.role is not PartnerRole.LEAD and self.status in (PartnerStatus.INVITED, PartnerStatus.ACCEPTED)

    def can_withdraw(self, user) -> bool:
        """The lead's owners withdraw an invitation or a partner."""
        return self.partnership.can_lead(user)

    def can_answer(self, user) -> bool:
        """The invited organisation's owners accept or decline."""
        return self.organisation.can_act_for(user)
