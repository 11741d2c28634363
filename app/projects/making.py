"""Projects made from what funds them: a funded application (the step to ``awarded``, a
scorrimento, a rolling call's decision) or a signed art. 55 agreement. Runs inside the
deciding transaction (registered on ``app.rankings.awards.GRANTED`` and
``app.calls.agreements.SIGNED``), so a grant never exists without its project. Making is
idempotent: an application or agreement has at most one project."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from app import audit, times
from app.calls import agreements
from app.extensions import db
from app.models import (
    Agreement,
    AgreementRole,
    Application,
    BudgetCategory,
    Call,
    CohesionFund,
    Milestone,
    Programme,
    ProgrammeAction,
    Project,
    ProjectBudgetLine,
    ProjectFund,
    ProjectIndicator,
    Tranche,
    TrancheKind,
)
from app.projects import hooks
from app.rankings import awards
from app.rankings.compute import CENT, split_by_fund

ZERO = Decimal("0")

#: The milestones every project starts with, at these fractions of its duration (staff
#: change them with the project's dates); each one is also when a report is due.
DEFAULT_MILESTONES = (
    (_l("Start of activities"), 0),
    (_l("Interim report"), Decimal("0.5")),
    (_l("Final report"), 1),
)

#: Who pays first: the order in which tranches are listed and paid.
TRANCHE_ORDER = (TrancheKind.ADVANCE, TrancheKind.INTERMEDIATE, TrancheKind.BALANCE, TrancheKind.RESULTS)


def project_of_application(application: Application) -> Project | None:
    return db.session.scalar(sa.select(Project).where(Project.application_id == application.id))


def project_of_agreement(agreement: Agreement) -> Project | None:
    return db.session.scalar(sa.select(Project).where(Project.agreement_id == agreement.id))


def action_for(call: Call, fund: CohesionFund | None) -> ProgrammeAction | None:
    """The action of the current programme the call names (``action_code`` may name two,
    ``"3.3.1 / 4.2.1"``: the one paid by ``fund`` is taken)."""
    codes = [c.strip() for c in (call.action_code or "").split("/") if c.strip()]
    if not codes:
        return None
    actions = db.session.scalars(
        sa.select(ProgrammeAction)
        .join(Programme)
        .where(Programme.current.is_(True), ProgrammeAction.code.in_(codes))
        .order_by(ProgrammeAction.code)
    ).all()
    return next((a for a in actions if a.fund is fund), actions[0] if actions else None)


def _grant_by_fund(application: Application, grant: Decimal) -> dict[CohesionFund, Decimal]:
    """The grant split by fund in the proportion of the budget lines; cents left by rounding
    go to the biggest part, so the parts add up to the grant exactly."""
    parts = {CohesionFund(f): v for f, v in split_by_fund(application, grant).items() if v > ZERO}
    if not parts:
        fund = application.call.funds[0].fund if application.call.funds else CohesionFund.FSE_PLUS
        return {fund: grant}
    biggest = max(parts, key=parts.get)
    parts[biggest] += grant - sum(parts.values(), ZERO)
    return parts


def _schedule(project: Project, months: int) -> None:
    start = times.now_local().date()
    project.starts_on, project.ends_on = start, times.add_months(start, max(months, 1))
    days = (project.ends_on - project.starts_on).days
    project.milestones = [
        Milestone(position=n, name=str(name), due_on=start + timedelta(days=int(days * Decimal(share))))
        for n, (name, share) in enumerate(DEFAULT_MILESTONES)
    ]


def _tranches(project: Project, call: Call | None) -> None:
    """The call's tranche shares, copied: the balance is what the others leave."""
    advance = call.advance_pct if call else ZERO
    intermediate = call.intermediate_pct if call else ZERO
    results = (call.results_share_pct or ZERO) if call else ZERO
    project.advance_pct, project.intermediate_pct = advance, intermediate
    project.results_share_pct, project.min_achievement_pct = (
        results,
        (call.min_achievement_pct or ZERO) if call else ZERO,
    )
    shares = {
        TrancheKind.ADVANCE: advance,
        TrancheKind.INTERMEDIATE: intermediate,
        TrancheKind.BALANCE: Decimal("100") - advance - intermediate - results,
        TrancheKind.RESULTS: results,
    }
    project.tranches = [
        Tranche(position=n, kind=kind, share_pct=shares[kind])
        for n, kind in enumerate(TRANCHE_ORDER)
        if shares[kind] > ZERO
    ]


def from_application(actor, application: Application) -> Project:
    """The project of a funded application (made once; later calls return it)."""
    project = project_of_application(application)
    if project is not None:
        return project
    call, grant = application.call, application.granted or ZERO
    weights = {i.code: i.weight for i in call.indicators}
    by_fund = _grant_by_fund(application, grant)
    project = Project(
        city_id=call.city_id,
        call=call,
        application=application,
        organisation=application.organisation,
        beneficiary=application.organisation.name,
        action=action_for(call, max(by_fund, key=by_fund.get)),
        area_id=application.area_id,
        title=application.title,
        summary=application.summary,
        grant=grant,
        funds=[ProjectFund(fund=f, amount=a) for f, a in sorted(by_fund.items(), key=lambda kv: kv[0].value)],
        budget_lines=[
            ProjectBudgetLine(
                position=line.position,
                category=line.category,
                fund=line.fund,
                description=line.description or (line.unit_cost.name if line.unit_cost else ""),
                amount=line.amount,
                unit=line.unit_cost.unit if line.unit_cost else None,
                rate=line.unit_cost.rate if line.unit_cost else None,
            )
            for line in application.budget_lines
        ],
        indicators=[
            ProjectIndicator(
                code=i.code, name=i.name, unit=i.unit, baseline=i.baseline, target=i.target, weight=weights.get(i.code)
            )
            for i in application.indicators
        ],
    )
    _schedule(project, application.duration_months or call.min_duration_months)
    _tranches(project, call)
    db.session.add(project)
    audit.record(actor, "project.created", project, city=call.city_id, application=application.id, grant=f"{grant:.2f}")
    hooks.run(hooks.PROJECT_CREATED, actor, project)
    return project


def from_agreement(actor, agreement: Agreement) -> Project:
    """The project of a signed co-design agreement: the lead partner carries it."""
    project = project_of_agreement(agreement)
    if project is not None:
        return project
    call = agreement.call
    lead = next((p for p in agreement.partners if p.role is AgreementRole.LEAD), agreement.partners[0])
    fund = call.funds[0].fund if call.funds else CohesionFund.FSE_PLUS
    project = Project(
        city_id=call.city_id,
        call=call,
        agreement=agreement,
        organisation=lead.organisation,
        beneficiary=lead.organisation.name,
        action=action_for(call, fund),
        title=agreement.title,
        summary=agreement.summary,
        grant=agreement.grant,
        funds=[ProjectFund(fund=fund, amount=agreement.grant)],
        budget_lines=[
            ProjectBudgetLine(
                position=n,
                category=BudgetCategory.OTHER,
                fund=fund,
                description=f"{p.organisation.name}: {p.duties}"[:500],
                amount=p.share.quantize(CENT),
            )
            for n, p in enumerate(agreement.partners)
        ],
        indicators=[
            ProjectIndicator(code=i.code, name=i.name, unit=i.unit, target=ZERO, weight=i.weight)
            for i in call.indicators
        ],
    )
    _schedule(project, call.max_duration_months)
    _tranches(project, call)
    db.session.add(project)
    audit.record(
        actor, "project.created", project, city=call.city_id, agreement=agreement.id, grant=f"{agreement.grant:.2f}"
    )
    hooks.run(hooks.PROJECT_CREATED, actor, project)
    return project


def _on_granted(actor, applications: list[Application]) -> None:
    for application in applications:
        from_application(actor, application)


awards.GRANTED.append(_on_granted)
agreements.SIGNED.append(from_agreement)
