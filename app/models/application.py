"""Applications to funding calls (domande di contributo): an organisation's proposal with
its partners, budget lines, impact indicators and attachments. A draft is edited by the
members of the applying organisation and of its co-applicants, and saved as they type;
``revision`` counts the saves, so two people editing at once never overwrite each other
silently. Submitting freezes it and gives it the call's next protocol number."""

from __future__ import annotations

import enum
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.area import Area
from app.models.base import UTCDateTime, children, enum_column, link_table, utcnow
from app.models.call import MONEY, Call, CallStatus, CallUnitCost, CohesionFund
from app.models.call_documents import CallAttachment
from app.models.idea import Idea
from app.models.need import Need
from app.models.organisation import ContributionKind, Organisation
from app.models.upload import StoredFile
from app.models.user import User

if TYPE_CHECKING:
    from app.models.evaluation import Evaluation


class ApplicationStatus(enum.Enum):
    DRAFT = "draft"
    SUBMITTED = "submitted"  # frozen, with a protocol number; admissibility not yet decided
    WITHDRAWN = "withdrawn"
    ADMISSIBLE = "admissible"
    INADMISSIBLE = "inadmissible"
    FUNDED = "funded"
    PARTLY_FUNDED = "partly_funded"
    RESERVE = "reserve"
    NOT_FUNDED = "not_funded"  # below a threshold, or a rolling call's budget ran out
    RENOUNCED = "renounced"
    REVOKED = "revoked"


class BudgetCategory(enum.Enum):
    STAFF = "staff"
    SERVICES = "services"
    GOODS = "goods"
    WORKS = "works"
    TRAVEL = "travel"
    INDIRECT = "indirect"  # computed from the call's flat rate, never typed
    OTHER = "other"


class ApplicantRole(enum.Enum):
    CO_APPLICANT = "co_applicant"  # its members edit the application too
    SUPPORTER = "supporter"


class PartnerAnswer(enum.Enum):
    INVITED = "invited"
    ACCEPTED = "accepted"
    DECLINED = "declined"


application_idea = link_table("application_idea", "application", "idea")

application_need = link_table("application_need", "application", "need")


class Application(db.Model):
    __tablename__ = "application"
    __table_args__ = (sa.UniqueConstraint("call_id", "protocol_number", name="uq_application_call_protocol"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(sa.ForeignKey("call.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    status: Mapped[ApplicationStatus] = mapped_column(
        enum_column(ApplicationStatus), default=ApplicationStatus.DRAFT, index=True
    )
    title: Mapped[str] = mapped_column(sa.String(200))
    summary: Mapped[str] = mapped_column(sa.Text, default="")
    area_id: Mapped[int | None] = mapped_column(sa.ForeignKey("area.id"))
    duration_months: Mapped[int | None] = mapped_column(sa.Integer)
    requested_grant: Mapped[Decimal | None] = mapped_column(MONEY)
    cofinancing: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0"))
    #: ``{truthful, no_double_funding, privacy, …}``: booleans the applicant declares.
    declarations: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    #: The version of the call the application is made under (recorded again on submit).
    call_version: Mapped[int] = mapped_column(sa.Integer)
    #: One more at every save: a save naming an older revision is refused (409), not lost.
    revision: Mapped[int] = mapped_column(sa.Integer, default=1)
    protocol_number: Mapped[int | None] = mapped_column(sa.Integer)
    protocol: Mapped[str | None] = mapped_column(sa.String(20))
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Staff's reason when declaring it admissible or not, and when.
    admissibility_reason: Mapped[str] = mapped_column(sa.Text, default="")
    admissibility_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: The score the ranking uses (consensus, or the mean of submitted evaluations).
    score: Mapped[Decimal | None] = mapped_column(sa.Numeric(7, 2))
    #: ``{criterion_id: points}`` behind ``score`` (the evaluations fill it): the ranking
    #: checks each criterion's threshold and breaks ties on it.
    criterion_scores: Mapped[dict | None] = mapped_column(sa.JSON)
    granted: Mapped[Decimal | None] = mapped_column(MONEY)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    call: Mapped[Call] = relationship()
    organisation: Mapped[Organisation] = relationship()
    created_by: Mapped[User | None] = relationship()
    area: Mapped[Area | None] = relationship()
    ideas: Mapped[list[Idea]] = relationship(secondary=application_idea, order_by="Idea.id")
    needs: Mapped[list[Need]] = relationship(secondary=application_need, order_by="Need.id")
    partners: Mapped[list[ApplicationPartner]] = children("application", "ApplicationPartner.id")
    budget_lines: Mapped[list[BudgetLine]] = children("application", "BudgetLine.position")
    indicators: Mapped[list[ApplicationIndicator]] = children("application", "ApplicationIndicator.id")
    attachments: Mapped[list[ApplicationAttachment]] = children("application", "ApplicationAttachment.id")
    #: Assignments to evaluators (``app.models.evaluation``), every status.
    evaluations: Mapped[list[Evaluation]] = children("application", "Evaluation.id")

    @property
    def is_draft(self) -> bool:
        return self.status is ApplicationStatus.DRAFT

    def editors(self) -> list[Organisation]:
        """The applying organisation and its co-applicants that accepted."""
        return [self.organisation] + [
            p.organisation
            for p in self.partners
            if p.role is ApplicantRole.CO_APPLICANT and p.status is PartnerAnswer.ACCEPTED
        ]

    # Permissions (obj.can_<verb>(user); built on the User role helpers and the organisations')
    def is_applicant(self, user) -> bool:
        """A member of the applying organisation or of an accepted co-applicant."""
        return any(org.membership_of(user) is not None for org in self.editors())

    def can_view(self, user) -> bool:
        """The applicants, staff of the call's city (once submitted), and evaluators assigned
        to it (``app.evaluations`` adds them through ``is_assigned``)."""
        if self.is_applicant(user):
            return True
        if not self.is_draft and user.is_staff_of(self.call.city_id):
            return True
        return self.is_assigned(user)

    def is_assigned(self, user) -> bool:
        """An evaluator with an active assignment to it (not ended by a conflict, not replaced)."""
        return any(e.is_active and user.is_self(e.evaluator_id) for e in self.evaluations)

    def can_edit(self, user) -> bool:
        return self.is_draft and self.is_applicant(user)

    def can_submit(self, user) -> bool:
        return self.is_draft and self.organisation.can_act_for(user)

    @property
    def call_takes_applications(self) -> bool:
        """The call is open and before its closing time (server time; a rolling call may
        have none): submitting and withdrawing are possible only then."""
        call = self.call
        return call.status is CallStatus.OPEN and (call.closes_at is None or utcnow() < call.closes_at)

    def can_withdraw(self, user) -> bool:
        """The owners withdraw a submitted application before the deadline."""
        return (
            self.status is ApplicationStatus.SUBMITTED
            and self.organisation.can_act_for(user)
            and self.call_takes_applications
        )

    def can_read_receipt(self, user) -> bool:
        """The applicants and staff of the call's city, once it has a protocol number."""
        return self.protocol is not None and (self.is_applicant(user) or user.is_staff_of(self.call.city_id))

    def can_decide(self, user) -> bool:
        """Staff of the call's city decide admissibility and assign evaluators."""
        return not self.is_draft and self.call.can_edit(user)

    # Rankings and awards (app/rankings)
    @property
    def is_funded(self) -> bool:
        return self.status in (ApplicationStatus.FUNDED, ApplicationStatus.PARTLY_FUNDED)

    def can_renounce(self, user) -> bool:
        """Who acts for the applying organisation renounces a grant it was given."""
        return self.is_funded and self.organisation.can_act_for(user)

    def can_revoke(self, user) -> bool:
        """Staff of the call's city revoke a grant (with a reason)."""
        return self.is_funded and self.call.can_edit(user)

    def can_request_review(self, user) -> bool:
        """The applicants of a ranked application (the service checks the days allowed)."""
        ranked = self.is_funded or self.status in (ApplicationStatus.RESERVE, ApplicationStatus.NOT_FUNDED)
        return ranked and self.is_applicant(user)

    def __repr__(self) -> str:
        return f"<Application {self.id} {self.status.value} {self.protocol or ''}>"


class ApplicationPartner(db.Model):
    """An organisation in the application's partnership; it accepts in the platform."""

    __tablename__ = "application_partner"
    __table_args__ = (sa.UniqueConstraint("application_id", "organisation_id", name="uq_application_partner"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(sa.ForeignKey("application.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id"), index=True)
    role: Mapped[ApplicantRole] = mapped_column(enum_column(ApplicantRole))
    status: Mapped[PartnerAnswer] = mapped_column(enum_column(PartnerAnswer), default=PartnerAnswer.INVITED)
    contribution_kind: Mapped[ContributionKind | None] = mapped_column(enum_column(ContributionKind))
    contribution_value: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0"))
    contribution_note: Mapped[str] = mapped_column(sa.String(500), default="", server_default="")
    invited_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    application: Mapped[Application] = relationship(back_populates="partners")
    organisation: Mapped[Organisation] = relationship()

    def can_answer(self, user) -> bool:
        return self.status is PartnerAnswer.INVITED and self.organisation.can_act_for(user)


class BudgetLine(db.Model):
    """A line of the budget, paid by one fund: an amount, or a quantity of a call's unit cost
    (amount = quantity × rate, computed); the flat-rate indirect line is computed too."""

    __tablename__ = "budget_line"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(sa.ForeignKey("application.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(sa.Integer, default=0)
    category: Mapped[BudgetCategory] = mapped_column(enum_column(BudgetCategory))
    fund: Mapped[CohesionFund] = mapped_column(enum_column(CohesionFund, length=8))
    description: Mapped[str] = mapped_column(sa.String(500), default="")
    amount: Mapped[Decimal] = mapped_column(MONEY)
    unit_cost_id: Mapped[int | None] = mapped_column(sa.ForeignKey("call_unit_cost.id", ondelete="SET NULL"))
    quantity: Mapped[Decimal | None] = mapped_column(sa.Numeric(12, 2))
    computed: Mapped[bool] = mapped_column(sa.Boolean, default=False)

    application: Mapped[Application] = relationship(back_populates="budget_lines")
    unit_cost: Mapped[CallUnitCost | None] = relationship()


class ApplicationIndicator(db.Model):
    """An impact indicator the applicant commits to, with its baseline and target."""

    __tablename__ = "application_indicator"
    __table_args__ = (sa.UniqueConstraint("application_id", "code", name="uq_application_indicator_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(sa.ForeignKey("application.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(sa.String(40))
    name: Mapped[str] = mapped_column(sa.String(200), default="")
    unit: Mapped[str] = mapped_column(sa.String(40), default="")
    baseline: Mapped[Decimal] = mapped_column(sa.Numeric(14, 2), default=Decimal("0"))
    target: Mapped[Decimal] = mapped_column(sa.Numeric(14, 2))

    application: Mapped[Application] = relationship(back_populates="indicators")


class ApplicationAttachment(db.Model):
    """A PDF attached to the application, answering one of the call's required attachments
    (or not: an optional annex). Served only to those who may read the application."""

    __tablename__ = "application_attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(sa.ForeignKey("application.id", ondelete="CASCADE"), index=True)
    requirement_id: Mapped[int | None] = mapped_column(sa.ForeignKey("call_attachment.id", ondelete="SET NULL"))
    file_id: Mapped[int] = mapped_column(sa.ForeignKey("stored_file.id"))
    title: Mapped[str] = mapped_column(sa.String(200))
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    application: Mapped[Application] = relationship(back_populates="attachments")
    requirement: Mapped[CallAttachment | None] = relationship()
    file: Mapped[StoredFile] = relationship()
