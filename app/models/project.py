"""Funded projects (operazioni finanziate, SPEC §3.11–12): what an award, a rolling call's
decision or a signed art. 55 agreement becomes. A project keeps its own copy of the grant per
fund, the budget lines and the indicators it was funded on (so later changes of the
application change nothing), its milestones, the reports its organisation files (spend and
indicator values, each approved or sent back by staff) and its payment tranches. Projects of
the previous programme imported from the national monitoring have no call nor application.

``state`` is what staff set (active, suspended, closed); ``status`` is what a reader is
shown: an active project with a milestone past due and not reached is ``late``."""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from app import times
from app.extensions import db
from app.models.agreement import Agreement
from app.models.application import Application, BudgetCategory
from app.models.area import Area
from app.models.base import UTCDateTime, children, enum_column, link_table, utcnow
from app.models.call import MONEY, PERCENT, Call, CohesionFund
from app.models.city import City
from app.models.organisation import Organisation
from app.models.upload import StoredFile
from app.models.user import User

#: The CUP (Codice Unico di Progetto): 15 characters, letters and digits, the first a letter.
CUP_PATTERN = r"^[A-Z][0-9A-Z]{14}$"


class ProjectState(enum.Enum):
    ACTIVE = "active"
    SUSPENDED = "suspended"
    CLOSED = "closed"


class ProjectStatus(enum.Enum):
    """What a reader is shown (``Project.status``)."""

    ON_TRACK = "on_track"
    LATE = "late"  # an active project with a milestone past due and not reached
    SUSPENDED = "suspended"
    CLOSED = "closed"


class ReportKind(enum.Enum):
    EXPENDITURE = "expenditure"
    INDICATOR = "indicator"


class ReportStatus(enum.Enum):
    SUBMITTED = "submitted"
    APPROVED = "approved"
    SENT_BACK = "sent_back"


class TrancheKind(enum.Enum):
    ADVANCE = "advance"  # anticipo
    INTERMEDIATE = "intermediate"  # acconto
    BALANCE = "balance"  # saldo
    RESULTS = "results"  # quota a risultato (pay-on-impact)


class TrancheStatus(enum.Enum):
    PLANNED = "planned"
    PAID = "paid"


class PracticeStatus(enum.Enum):
    PROPOSED = "proposed"
    PUBLISHED = "published"
    DECLINED = "declined"


class Programme(db.Model):
    """A national programme the cities spend under (PON Metro 2014-2020, PN Metro plus
    2021-2027), with its allocation per fund; the authority keeps it."""

    __tablename__ = "programme"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(40), unique=True)  # CCI, e.g. 2014IT16M2OP004
    name: Mapped[str] = mapped_column(sa.String(200))
    period: Mapped[str] = mapped_column(sa.String(20))  # "2014-2020"
    current: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    #: ``{"FSE+": "246600000.00", "FESR": "87800000.00"}``: the allocation per fund.
    allocation: Mapped[dict] = mapped_column(sa.JSON, default=dict)

    actions: Mapped[list[ProgrammeAction]] = children("programme", "ProgrammeAction.code")


class ProgrammeAction(db.Model):
    """An action of a programme (e.g. 3.3.1, new services in degraded areas), paid by one fund."""

    __tablename__ = "programme_action"
    __table_args__ = (sa.UniqueConstraint("programme_id", "code", name="uq_programme_action_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(sa.ForeignKey("programme.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(sa.String(40))
    name: Mapped[str] = mapped_column(sa.String(300))
    fund: Mapped[CohesionFund] = mapped_column(enum_column(CohesionFund, length=8))

    programme: Mapped[Programme] = relationship(back_populates="actions")


class Project(db.Model):
    __tablename__ = "project"
    __table_args__ = (
        sa.CheckConstraint("starts_on IS NULL OR ends_on IS NULL OR starts_on <= ends_on", name="dates_in_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    city_id: Mapped[int] = mapped_column(sa.ForeignKey("city.id"), index=True)
    call_id: Mapped[int | None] = mapped_column(sa.ForeignKey("call.id"), index=True)
    application_id: Mapped[int | None] = mapped_column(sa.ForeignKey("application.id"), unique=True)
    agreement_id: Mapped[int | None] = mapped_column(sa.ForeignKey("agreement.id"), unique=True)
    organisation_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organisation.id"), index=True)
    #: The beneficiary's name as the monitoring records it (imported projects have no organisation here).
    beneficiary: Mapped[str] = mapped_column(sa.String(200), default="")
    action_id: Mapped[int | None] = mapped_column(sa.ForeignKey("programme_action.id"), index=True)
    area_id: Mapped[int | None] = mapped_column(sa.ForeignKey("area.id"))
    title: Mapped[str] = mapped_column(sa.String(200))
    summary: Mapped[str] = mapped_column(sa.Text, default="")
    cup: Mapped[str | None] = mapped_column(sa.String(15), unique=True)
    #: The whole grant (the sum of ``funds``).
    grant: Mapped[Decimal] = mapped_column(MONEY)
    starts_on: Mapped[date | None] = mapped_column(sa.Date)
    ends_on: Mapped[date | None] = mapped_column(sa.Date)
    state: Mapped[ProjectState] = mapped_column(enum_column(ProjectState), default=ProjectState.ACTIVE, index=True)
    state_reason: Mapped[str] = mapped_column(sa.Text, default="")
    #: Approved expenditure so far (kept in step with the approved reports, for the dashboards).
    spent: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0"), server_default="0")
    #: Money paid out in tranches so far.
    paid: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0"), server_default="0")
    #: Tranche shares in percent, copied from the call when the project is made.
    advance_pct: Mapped[Decimal] = mapped_column(PERCENT, default=Decimal("0"))
    intermediate_pct: Mapped[Decimal] = mapped_column(PERCENT, default=Decimal("0"))
    results_share_pct: Mapped[Decimal] = mapped_column(PERCENT, default=Decimal("0"))
    min_achievement_pct: Mapped[Decimal] = mapped_column(PERCENT, default=Decimal("0"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    city: Mapped[City] = relationship()
    call: Mapped[Call | None] = relationship()
    application: Mapped[Application | None] = relationship()
    agreement: Mapped[Agreement | None] = relationship()
    organisation: Mapped[Organisation | None] = relationship()
    action: Mapped[ProgrammeAction | None] = relationship()
    area: Mapped[Area | None] = relationship()
    funds: Mapped[list[ProjectFund]] = children("project", "ProjectFund.id")
    budget_lines: Mapped[list[ProjectBudgetLine]] = children("project", "ProjectBudgetLine.position")
    milestones: Mapped[list[Milestone]] = children("project", "Milestone.position")
    indicators: Mapped[list[ProjectIndicator]] = children("project", "ProjectIndicator.id")
    reports: Mapped[list[ProjectReport]] = children("project", "ProjectReport.id")
    tranches: Mapped[list[Tranche]] = children("project", "Tranche.position")

    @property
    def local_code(self) -> str:
        """COD_LOCALE_PROGETTO: the city's code for the operation."""
        return f"CANTIERE-{self.city.slug.upper()}-{self.id:05d}"

    def late_milestones(self, today: date | None = None) -> list[Milestone]:
        today = today or times.now_local().date()  # the city's day, as the SQL of ``projects.queries``
        return [m for m in self.milestones if m.reached_on is None and m.due_on < today]

    @property
    def status(self) -> ProjectStatus:
        if self.state is ProjectState.SUSPENDED:
            return ProjectStatus.SUSPENDED
        if self.state is ProjectState.CLOSED:
            return ProjectStatus.CLOSED
        return ProjectStatus.LATE if self.late_milestones() else ProjectStatus.ON_TRACK

    # Permissions (obj.can_<verb>(user); built on the User role helpers and the calls')
    def can_view(self, user) -> bool:
        """Funded projects are public acts: everyone reads them."""
        return True

    def can_manage(self, user) -> bool:
        """Staff of the city (of the call's departments when it came from a call) set the CUP,
        dates, milestones and state, review reports and pay tranches."""
        if self.call is not None:
            return self.call.can_edit(user)
        return user.is_staff_of(self.city_id)

    def is_beneficiary(self, user) -> bool:
        """A member of the project's organisation."""
        return self.organisation is not None and self.organisation.membership_of(user) is not None

    def can_report(self, user) -> bool:
        """Members of the project's organisation report spend and results while it is not closed."""
        return self.is_beneficiary(user) and self.state is not ProjectState.CLOSED

    def can_propose_practice(self, user) -> bool:
        """A closed project is proposed as a good practice by its organisation or the city's staff."""
        return self.state is ProjectState.CLOSED and (self.is_beneficiary(user) or user.is_staff_of(self.city_id))

    def __repr__(self) -> str:
        return f"<Project {self.id} {self.state.value}>"


class ProjectFund(db.Model):
    """The grant paid by one fund."""

    __tablename__ = "project_fund"
    __table_args__ = (sa.UniqueConstraint("project_id", "fund", name="uq_project_fund_fund"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(sa.ForeignKey("project.id", ondelete="CASCADE"), index=True)
    fund: Mapped[CohesionFund] = mapped_column(enum_column(CohesionFund, length=8))
    amount: Mapped[Decimal] = mapped_column(MONEY)

    project: Mapped[Project] = relationship(back_populates="funds")


class ProjectBudgetLine(db.Model):
    """A budget line the project was funded on; a simplified-cost line keeps its unit and
    rate, and its spend is reported as a quantity (amount = quantity × rate)."""

    __tablename__ = "project_budget_line"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(sa.ForeignKey("project.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(sa.Integer, default=0)
    category: Mapped[BudgetCategory] = mapped_column(enum_column(BudgetCategory))
    fund: Mapped[CohesionFund] = mapped_column(enum_column(CohesionFund, length=8))
    description: Mapped[str] = mapped_column(sa.String(500), default="")
    amount: Mapped[Decimal] = mapped_column(MONEY)
    unit: Mapped[str | None] = mapped_column(sa.String(40))
    rate: Mapped[Decimal | None] = mapped_column(MONEY)

    project: Mapped[Project] = relationship(back_populates="budget_lines")

    @property
    def simplified(self) -> bool:
        return self.rate is not None


class Milestone(db.Model):
    __tablename__ = "milestone"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(sa.ForeignKey("project.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(sa.Integer, default=0)
    name: Mapped[str] = mapped_column(sa.String(200))
    due_on: Mapped[date] = mapped_column(sa.Date)
    reached_on: Mapped[date | None] = mapped_column(sa.Date)
    #: When the organisation was last reminded that this milestone's report is due.
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    project: Mapped[Project] = relationship(back_populates="milestones")


class ProjectIndicator(db.Model):
    """An indicator the project is measured on: baseline and target from the application,
    ``weight`` from the call (none: the plain mean). An indicator that should fall has a
    target below its baseline."""

    __tablename__ = "project_indicator"
    __table_args__ = (sa.UniqueConstraint("project_id", "code", name="uq_project_indicator_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(sa.ForeignKey("project.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(sa.String(40))
    name: Mapped[str] = mapped_column(sa.String(200), default="")
    unit: Mapped[str] = mapped_column(sa.String(40), default="")
    baseline: Mapped[Decimal] = mapped_column(sa.Numeric(14, 2), default=Decimal("0"))
    target: Mapped[Decimal] = mapped_column(sa.Numeric(14, 2))
    weight: Mapped[Decimal | None] = mapped_column(sa.Numeric(7, 2))

    project: Mapped[Project] = relationship(back_populates="indicators")


project_report_file = link_table("project_report_file", "project_report", "stored_file")


class ProjectReport(db.Model):
    """A report the organisation files: spend on a budget line (``expenditure``) or a value
    of an indicator (``indicator``), with its documents or evidence; staff approve it or send
    it back with a reason. Only approved reports count."""

    __tablename__ = "project_report"
    __table_args__ = (
        sa.CheckConstraint(
            "(kind = 'expenditure' AND budget_line_id IS NOT NULL AND amount IS NOT NULL)"
            " OR (kind = 'indicator' AND indicator_id IS NOT NULL AND value IS NOT NULL)",
            name="kind_fields",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(sa.ForeignKey("project.id", ondelete="CASCADE"), index=True)
    kind: Mapped[ReportKind] = mapped_column(enum_column(ReportKind, length=16))
    status: Mapped[ReportStatus] = mapped_column(
        enum_column(ReportStatus, length=16), default=ReportStatus.SUBMITTED, index=True
    )
    # expenditure
    budget_line_id: Mapped[int | None] = mapped_column(sa.ForeignKey("project_budget_line.id", ondelete="CASCADE"))
    amount: Mapped[Decimal | None] = mapped_column(MONEY)
    quantity: Mapped[Decimal | None] = mapped_column(sa.Numeric(12, 2))
    spent_on: Mapped[date | None] = mapped_column(sa.Date)
    description: Mapped[str] = mapped_column(sa.Text, default="")
    # indicator
    indicator_id: Mapped[int | None] = mapped_column(sa.ForeignKey("project_indicator.id", ondelete="CASCADE"))
    value: Mapped[Decimal | None] = mapped_column(sa.Numeric(14, 2))
    measured_on: Mapped[date | None] = mapped_column(sa.Date)
    evidence: Mapped[str] = mapped_column(sa.Text, default="")
    # who and when
    submitted_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    reviewed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    review_reason: Mapped[str] = mapped_column(sa.Text, default="")

    project: Mapped[Project] = relationship(back_populates="reports")
    budget_line: Mapped[ProjectBudgetLine | None] = relationship()
    indicator: Mapped[ProjectIndicator | None] = relationship()
    files: Mapped[list[StoredFile]] = relationship(secondary=project_report_file, order_by=StoredFile.id)
    submitted_by: Mapped[User | None] = relationship(foreign_keys=[submitted_by_id])
    reviewed_by: Mapped[User | None] = relationship(foreign_keys=[reviewed_by_id])

    def can_view(self, user) -> bool:
        """Approved reports are public with the project; the others for its organisation and staff."""
        return (
            self.status is ReportStatus.APPROVED or self.project.is_beneficiary(user) or self.project.can_manage(user)
        )

    def can_review(self, user) -> bool:
        """Staff of the project review; never a member of the organisation that filed it."""
        return self.project.can_manage(user) and not self.project.is_beneficiary(user)


class Tranche(db.Model):
    """A payment: its share of the grant; ``amount`` and, for the results-based tranche, the
    ``computation`` are frozen when it is paid."""

    __tablename__ = "tranche"
    __table_args__ = (sa.UniqueConstraint("project_id", "kind", name="uq_tranche_project_kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(sa.ForeignKey("project.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(sa.Integer, default=0)
    kind: Mapped[TrancheKind] = mapped_column(enum_column(TrancheKind, length=16))
    share_pct: Mapped[Decimal] = mapped_column(PERCENT)
    status: Mapped[TrancheStatus] = mapped_column(enum_column(TrancheStatus, length=16), default=TrancheStatus.PLANNED)
    amount: Mapped[Decimal | None] = mapped_column(MONEY)
    computation: Mapped[dict | None] = mapped_column(sa.JSON)
    paid_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    paid_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))

    project: Mapped[Project] = relationship(back_populates="tranches")


class GoodPractice(db.Model):
    """A closed project proposed as a good practice, with its lessons learned; the authority
    publishes it (readable by every city) or declines it with a reason."""

    __tablename__ = "good_practice"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(sa.ForeignKey("project.id", ondelete="CASCADE"), unique=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    lessons: Mapped[str] = mapped_column(sa.Text)
    status: Mapped[PracticeStatus] = mapped_column(
        enum_column(PracticeStatus, length=16), default=PracticeStatus.PROPOSED, index=True
    )
    proposed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    proposed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    curated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    curated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    curation_reason: Mapped[str] = mapped_column(sa.Text, default="")

    project: Mapped[Project] = relationship(backref=backref("good_practice", uselist=False))
    proposed_by: Mapped[User | None] = relationship(foreign_keys=[proposed_by_id])

    def can_view(self, user) -> bool:
        """Published: everyone, in every city; otherwise the project's organisation, the
        city's staff and the authority."""
        return (
            self.status is PracticeStatus.PUBLISHED
            or user.is_authority
            or self.project.is_beneficiary(user)
            or user.is_staff_of(self.project.city_id)
        )

    def can_curate(self, user) -> bool:
        """Only the programme's authority publishes or declines a proposed practice."""
        return user.is_authority
