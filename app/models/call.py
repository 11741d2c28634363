"""Funding calls (avvisi pubblici): their rules, funds, areas, criteria, cost options and
impact indicators, the versions published with a reason, and consultation comments.
Required attachments, documents and FAQ are in ``app.models.call_documents``."""

from __future__ import annotations

import enum
from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.area import Area
from app.models.base import UTCDateTime, children, enum_column, utcnow
from app.models.call_documents import CallAttachment, CallDocument, CallFaq
from app.models.city import City
from app.models.idea import Idea
from app.models.user import User

MONEY = sa.Numeric(14, 2)
PERCENT = sa.Numeric(5, 2)


class CallKind(enum.Enum):
    COMPETITIVE = "competitive"  # bando con graduatoria
    ROLLING = "rolling"  # avviso a sportello
    CODESIGN = "codesign"  # co-progettazione, art. 55 d.lgs. 117/2017
    IDEAS = "ideas"  # call for ideas


class CallStatus(enum.Enum):
    DRAFT = "draft"
    CONSULTATION = "consultation"
    OPEN = "open"
    CLOSED = "closed"
    EVALUATION = "evaluation"
    RANKING_PUBLISHED = "ranking_published"
    AWARDED = "awarded"
    EXHAUSTED = "exhausted"  # rolling: the budget is used
    ADMISSION = "admission"  # art. 55: expressions of interest are admitted
    CODESIGN = "codesign"  # art. 55: the co-design tables sit
    AGREEMENT = "agreement"  # art. 55: the agreement is signed
    SHORTLISTED = "shortlisted"  # call for ideas: ideas shortlisted


class CohesionFund(enum.Enum):
    FSE_PLUS = "FSE+"
    FESR = "FESR"


class ProfitRole(enum.Enum):
    """What profit businesses may be in a call: applicants, partners only, or nothing."""

    APPLICANT = "applicant"
    PARTNER = "partner"
    NONE = "none"


class CommentSection(enum.Enum):
    TEXT = "text"
    ELIGIBILITY = "eligibility"
    BUDGET = "budget"
    CRITERIA = "criteria"
    TIMING = "timing"


class CommentOutcome(enum.Enum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    ANSWERED = "answered"
    NOT_TAKEN = "not_taken"


call_idea = sa.Table(
    "call_idea",
    db.metadata,
    sa.Column("call_id", sa.ForeignKey("call.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("idea_id", sa.ForeignKey("idea.id", ondelete="CASCADE"), primary_key=True),
)


class Call(db.Model):
    """A call for applications. Amounts in euros, shares in percent. ``version`` is 0 while a
    draft; publishing makes version 1 and every later change with a reason the next one."""

    __tablename__ = "call"
    __table_args__ = (
        sa.CheckConstraint("min_grant <= max_grant", name="grant_bounds"),
        sa.CheckConstraint("min_duration_months <= max_duration_months", name="duration_bounds"),
        sa.CheckConstraint("version >= 0", name="version_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    city_id: Mapped[int] = mapped_column(sa.ForeignKey("city.id"), index=True)
    kind: Mapped[CallKind] = mapped_column(enum_column(CallKind))
    status: Mapped[CallStatus] = mapped_column(enum_column(CallStatus), default=CallStatus.DRAFT, index=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    summary: Mapped[str] = mapped_column(sa.Text, default="")
    body: Mapped[str] = mapped_column(sa.Text, default="")
    department: Mapped[str] = mapped_column(sa.String(120))
    co_departments: Mapped[list] = mapped_column(sa.JSON, default=list)
    action_code: Mapped[str] = mapped_column(sa.String(40))
    budget: Mapped[Decimal] = mapped_column(MONEY)
    min_grant: Mapped[Decimal] = mapped_column(MONEY)
    max_grant: Mapped[Decimal] = mapped_column(MONEY)
    cofinancing_pct: Mapped[Decimal] = mapped_column(PERCENT, default=Decimal("0"))
    applicant_forms: Mapped[list] = mapped_column(sa.JSON, default=list)
    profit_role: Mapped[ProfitRole] = mapped_column(enum_column(ProfitRole), default=ProfitRole.PARTNER)
    min_partners: Mapped[int] = mapped_column(sa.Integer, default=0)
    requires_runts: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    min_duration_months: Mapped[int] = mapped_column(sa.Integer)
    max_duration_months: Mapped[int] = mapped_column(sa.Integer)
    opens_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    min_score: Mapped[Decimal] = mapped_column(sa.Numeric(7, 2), default=Decimal("0"))
    indirect_flat_rate_pct: Mapped[Decimal | None] = mapped_column(PERCENT)
    #: Payment tranches in percent of the grant: advance, intermediate, results-based; the
    #: balance is what is left (``app/projects/tranches.py``).
    advance_pct: Mapped[Decimal] = mapped_column(PERCENT, default=Decimal("30"), server_default="30")
    intermediate_pct: Mapped[Decimal] = mapped_column(PERCENT, default=Decimal("40"), server_default="40")
    results_share_pct: Mapped[Decimal | None] = mapped_column(PERCENT)
    min_achievement_pct: Mapped[Decimal | None] = mapped_column(PERCENT)
    evaluators_per_application: Mapped[int] = mapped_column(sa.Integer, default=1)
    #: Days after the ranking's publication in which an applicant may ask for a review.
    review_days: Mapped[int] = mapped_column(sa.Integer, default=10, server_default="10")
    partial_last_award: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    #: Money awarded or set aside so far (rolling calls decide as applications arrive).
    committed: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0"))
    #: The last protocol number given to a submitted application (incremented in the
    #: submitting transaction, so numbers never repeat nor skip).
    protocol_seq: Mapped[int] = mapped_column(sa.Integer, default=0, server_default="0")
    version: Mapped[int] = mapped_column(sa.Integer, default=0)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    city: Mapped[City] = relationship()
    created_by: Mapped[User | None] = relationship()
    funds: Mapped[list[CallFund]] = children("call", "CallFund.id")
    areas: Mapped[list[CallArea]] = children("call", "CallArea.id")
    criteria: Mapped[list[CallCriterion]] = children("call", "CallCriterion.position")
    unit_costs: Mapped[list[CallUnitCost]] = children("call", "CallUnitCost.id")
    indicators: Mapped[list[CallIndicator]] = children("call", "CallIndicator.id")
    ideas: Mapped[list[Idea]] = relationship(secondary=call_idea, order_by="Idea.id")
    attachments: Mapped[list[CallAttachment]] = children("call", "CallAttachment.position")
    documents: Mapped[list[CallDocument]] = children("call", "CallDocument.id")
    faqs: Mapped[list[CallFaq]] = children("call", "CallFaq.id")

    # Derived values
    @property
    def budget_left(self) -> Decimal:
        return self.budget - self.committed

    @property
    def is_public(self) -> bool:
        return self.status is not CallStatus.DRAFT

    # Permissions (obj.can_<verb>(user); built on the User role helpers)
    def can_view(self, user) -> bool:
        """Public once it leaves draft; a draft only for staff of its city."""
        return self.is_public or user.is_staff_of(self.city_id)

    def can_edit(self, user) -> bool:
        """Staff of the call's city change its rules and move it through its lifecycle: the
        whole city's staff, or staff of the owning department or of a co-owning one."""
        if not user.is_staff_of(self.city_id):
            return False
        departments = user.departments_in(self.city_id)
        return departments is None or bool(departments & {self.department, *(self.co_departments or [])})

    def can_read_consultation_report(self, user) -> bool:
        """Staff of the call's city at any time; everyone once the call has left consultation."""
        return user.is_staff_of(self.city_id) or self.status not in (CallStatus.DRAFT, CallStatus.CONSULTATION)

    def can_comment(self, user) -> bool:
        """Any signed-in person, while the call is in public consultation."""
        return user.is_authenticated and self.status is CallStatus.CONSULTATION

    # Co-design (art. 55) and calls for ideas: who may take part, and when (app/calls/participation.py)
    def can_express_interest(self, user) -> bool:
        """Signed-in people, for an organisation they act for, while a co-design call is open."""
        return user.is_authenticated and self.kind is CallKind.CODESIGN and self.status is CallStatus.OPEN

    def can_decide_interests(self, user) -> bool:
        """Staff admit or refuse expressions of interest while the call is open or in admission."""
        return (
            self.can_edit(user)
            and self.kind is CallKind.CODESIGN
            and self.status in (CallStatus.OPEN, CallStatus.ADMISSION)
        )

    def can_schedule_table(self, user) -> bool:
        """Staff schedule the co-design tables during admission and co-design."""
        return (
            self.can_edit(user)
            and self.kind is CallKind.CODESIGN
            and self.status in (CallStatus.ADMISSION, CallStatus.CODESIGN)
        )

    def can_answer(self, user) -> bool:
        """Signed-in people answer an open call for ideas with an idea."""
        return user.is_authenticated and self.kind is CallKind.IDEAS and self.status is CallStatus.OPEN

    def can_shortlist(self, user) -> bool:
        """Staff shortlist the answers once the call for ideas is closed."""
        return self.can_edit(user) and self.kind is CallKind.IDEAS and self.status is CallStatus.CLOSED

    def __repr__(self) -> str:
        return f"<Call {self.id} {self.kind.value} {self.status.value}>"


class CallFund(db.Model):
    __tablename__ = "call_fund"
    __table_args__ = (sa.UniqueConstraint("call_id", "fund", name="uq_call_fund_call_fund"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(sa.ForeignKey("call.id", ondelete="CASCADE"), index=True)
    fund: Mapped[CohesionFund] = mapped_column(enum_column(CohesionFund, length=8))
    ceiling: Mapped[Decimal] = mapped_column(MONEY)

    call: Mapped[Call] = relationship(back_populates="funds")


class CallArea(db.Model):
    """An eligible target area; ``intensity_pct`` overrides the area's own funding intensity."""

    __tablename__ = "call_area"
    __table_args__ = (sa.UniqueConstraint("call_id", "area_id", name="uq_call_area_call_area"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(sa.ForeignKey("call.id", ondelete="CASCADE"), index=True)
    area_id: Mapped[int] = mapped_column(sa.ForeignKey("area.id"), index=True)
    intensity_pct: Mapped[Decimal | None] = mapped_column(PERCENT)

    call: Mapped[Call] = relationship(back_populates="areas")
    area: Mapped[Area] = relationship()

    @property
    def intensity(self) -> Decimal:
        return self.intensity_pct if self.intensity_pct is not None else self.area.funding_intensity


class CallCriterion(db.Model):
    """An evaluation criterion; ``position`` is also the order of tie-breaks."""

    __tablename__ = "call_criterion"

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(sa.ForeignKey("call.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(sa.Integer, default=0)
    name: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    max_points: Mapped[Decimal] = mapped_column(sa.Numeric(7, 2))
    threshold: Mapped[Decimal] = mapped_column(sa.Numeric(7, 2), default=Decimal("0"))

    call: Mapped[Call] = relationship(back_populates="criteria")


class CallUnitCost(db.Model):
    """A simplified cost option: a unit cost (e.g. "ora di tutoraggio", 38.00 €/ora)."""

    __tablename__ = "call_unit_cost"

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(sa.ForeignKey("call.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    unit: Mapped[str] = mapped_column(sa.String(40))
    rate: Mapped[Decimal] = mapped_column(MONEY)

    call: Mapped[Call] = relationship(back_populates="unit_costs")


class CallIndicator(db.Model):
    """An impact indicator applicants commit to (code unique within the call)."""

    __tablename__ = "call_indicator"
    __table_args__ = (sa.UniqueConstraint("call_id", "code", name="uq_call_indicator_call_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(sa.ForeignKey("call.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(sa.String(40))
    name: Mapped[str] = mapped_column(sa.String(200))
    unit: Mapped[str] = mapped_column(sa.String(40))
    #: The indicator's weight in the results-based tranche (none on every indicator: the mean).
    weight: Mapped[Decimal | None] = mapped_column(sa.Numeric(7, 2))

    call: Mapped[Call] = relationship(back_populates="indicators")


class CallVersion(db.Model):
    """A published state of the call's text and rules, kept whole so two can be compared."""

    __tablename__ = "call_version"
    __table_args__ = (sa.UniqueConstraint("call_id", "number", name="uq_call_version_call_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(sa.ForeignKey("call.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(sa.Integer)
    reason: Mapped[str] = mapped_column(sa.Text, default="")
    snapshot: Mapped[dict] = mapped_column(sa.JSON)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    call: Mapped[Call] = relationship()


class CallComment(db.Model):
    """A consultation comment on one section of a call, with the staff's reply."""

    __tablename__ = "call_comment"

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(sa.ForeignKey("call.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    section: Mapped[CommentSection] = mapped_column(enum_column(CommentSection, length=16))
    body: Mapped[str] = mapped_column(sa.Text)
    version: Mapped[int] = mapped_column(sa.Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    reply: Mapped[str] = mapped_column(sa.Text, default="")
    outcome: Mapped[CommentOutcome] = mapped_column(enum_column(CommentOutcome), default=CommentOutcome.PENDING)
    replied_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    replied_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    call: Mapped[Call] = relationship()
    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
