"""Reading funded projects: one select behind the HTML list and the API (filters city, fund,
action code, status, where ``late`` is derived in SQL as the model derives it), each
indicator's latest approved value, and the one dict the API answers for a project."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from flask import url_for
from sqlalchemy.orm import selectinload

from app import times
from app.extensions import db
from app.models import (
    CohesionFund,
    Milestone,
    ProgrammeAction,
    Project,
    ProjectFund,
    ProjectReport,
    ProjectState,
    ProjectStatus,
    ReportKind,
    ReportStatus,
)


def today() -> date:
    return times.now_local().date()


def _late(day: date):
    """EXISTS a milestone of the project past due and not reached."""
    return (
        sa.select(Milestone.id)
        .where(Milestone.project_id == Project.id, Milestone.reached_on.is_(None), Milestone.due_on < day)
        .exists()
    )


def status_clause(status: ProjectStatus, day: date | None = None):
    """The SQL of ``Project.status == status`` (``late``: active with a milestone past due)."""
    day = day or today()
    if status is ProjectStatus.SUSPENDED:
        return Project.state == ProjectState.SUSPENDED
    if status is ProjectStatus.CLOSED:
        return Project.state == ProjectState.CLOSED
    late = _late(day)
    return sa.and_(Project.state == ProjectState.ACTIVE, late if status is ProjectStatus.LATE else ~late)


def projects_select(
    *,
    city_id: int | None = None,
    fund: CohesionFund | None = None,
    action: str | None = None,
    status: ProjectStatus | None = None,
):
    """Projects, newest first, with what their cards and the API show loaded in a few queries."""
    query = sa.select(Project).options(
        selectinload(Project.city),
        selectinload(Project.organisation),
        selectinload(Project.action),
        selectinload(Project.funds),
        selectinload(Project.milestones),
        selectinload(Project.indicators),
        selectinload(Project.tranches),
    )
    if city_id is not None:
        query = query.where(Project.city_id == city_id)
    if fund is not None:
        query = query.where(
            sa.select(ProjectFund.id).where(ProjectFund.project_id == Project.id, ProjectFund.fund == fund).exists()
        )
    if action:
        query = query.where(Project.action_id.in_(sa.select(ProgrammeAction.id).where(ProgrammeAction.code == action)))
    if status is not None:
        query = query.where(status_clause(status))
    return query.order_by(Project.id.desc())


def action_codes() -> list[str]:
    """The action codes projects are funded under, for the list's filter."""
    return list(
        db.session.scalars(
            sa.select(ProgrammeAction.code).join(Project, Project.action_id == ProgrammeAction.id).distinct()
        )
    )


def latest_values(projects: list[Project]) -> dict[int, ProjectReport]:
    """Per indicator id, its latest approved value (by ``measured_on``, then the later report)."""
    ids = [p.id for p in projects]
    if not ids:
        return {}
    reports = db.session.scalars(
        sa.select(ProjectReport)
        .where(
            ProjectReport.project_id.in_(ids),
            ProjectReport.kind == ReportKind.INDICATOR,
            ProjectReport.status == ReportStatus.APPROVED,
        )
        .order_by(ProjectReport.measured_on, ProjectReport.id)
    )
    return {r.indicator_id: r for r in reports}


def indicator_results(projects: list[Project]) -> dict[int, list[dict]]:
    """Per project id, each of its indicators with its latest approved value and when it was
    measured (``None`` while none is approved): ``[{indicator, value, measured_on}]``."""
    latest = latest_values(projects)
    return {
        p.id: [
            {
                "indicator": i,
                "value": latest[i.id].value if i.id in latest else None,
                "measured_on": latest[i.id].measured_on if i.id in latest else None,
            }
            for i in p.indicators
        ]
        for p in projects
    }


def _money(value) -> str | None:
    return None if value is None else f"{value:.2f}"


def _number(value) -> str | None:
    return None if value is None else f"{value:f}"


def milestone_json(milestone: Milestone, day: date) -> dict:
    return {
        "id": milestone.id,
        "name": milestone.name,
        "due_on": milestone.due_on.isoformat(),
        "reached_on": milestone.reached_on.isoformat() if milestone.reached_on else None,
        "late": milestone.reached_on is None and milestone.due_on < day,
    }


def project_json(project: Project, latest: dict[int, ProjectReport]) -> dict:
    """The API's project (``ProjectOut``): identity, grant per fund, dates, status,
    milestones, spend, indicators with their latest approved value, tranches."""
    day = today()
    return {
        "id": project.id,
        "title": project.title,
        "summary": project.summary,
        "city": project.city.slug,
        "organization": (
            {"id": project.organisation.id, "name": project.organisation.name}
            if project.organisation
            else {"id": None, "name": project.beneficiary}
        ),
        "call": project.call_id,
        "application": project.application_id,
        "agreement": project.agreement_id,
        "action": project.action.code if project.action else None,
        "cup": project.cup,
        "local_code": project.local_code,
        "grant": _money(project.grant),
        "funds": [{"fund": f.fund.value, "amount": _money(f.amount)} for f in project.funds],
        "starts_on": project.starts_on.isoformat() if project.starts_on else None,
        "ends_on": project.ends_on.isoformat() if project.ends_on else None,
        "status": project.status.value,
        "state_reason": project.state_reason,
        "closed_at": project.closed_at.isoformat() if project.closed_at else None,
        "milestones": [milestone_json(m, day) for m in project.milestones],
        "spent": _money(project.spent),
        "paid": _money(project.paid),
        "indicators": [
            {
                "code": i.code,
                "name": i.name,
                "unit": i.unit,
                "baseline": _number(i.baseline),
                "target": _number(i.target),
                "latest_value": _number(latest[i.id].value) if i.id in latest else None,
                "measured_on": latest[i.id].measured_on.isoformat() if i.id in latest else None,
            }
            for i in project.indicators
        ],
        "tranches": [
            {
                "kind": t.kind.value,
                "share_pct": _money(t.share_pct),
                "status": t.status.value,
                "amount": _money(t.amount),
            }
            for t in project.tranches
        ],
        "url": url_for("projects.show", project_id=project.id, _external=True),
    }
