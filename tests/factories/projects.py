"""Funded projects, made the way the product makes them: a competitive call is ranked and
awarded (``app.projects.making`` runs inside the award), then reports are filed and
reviewed directly (the reports feature has its own tests of the forms and API)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import sqlalchemy as sa

from app.extensions import db
from app.models import (
    ApplicationIndicator,
    Project,
    ProjectReport,
    ReportKind,
    ReportStatus,
)
from app.models.base import utcnow
from app.rankings import services as ranking_services
from tests.factories.rankings import call_in_evaluation, scored


def funded_projects(city, *titles, indicators=None, requested="100000.00", **rules) -> list[Project]:
    """One project per title, from a competitive call of ``city`` ranked and awarded.
    ``indicators``: ``[(code, baseline, target)]`` every application commits to (the call
    lists the codes); ``rules`` go to the call (``results_share_pct``, ``min_achievement_pct``, …)."""
    titles = titles or ("Cortili aperti",)
    indicators = indicators if indicators is not None else [("EECO01", "0", "100")]
    rules.setdefault("budget", str(Decimal(requested) * len(titles)))
    rules.setdefault(
        "indicators", [{"code": c, "name": f"Indicatore {c}", "unit": "persone"} for c, _b, _t in indicators]
    )
    call = call_in_evaluation(city, **rules)
    applications = []
    for n, title in enumerate(titles):
        application = scored(call, [c.max_points - n for c in call.criteria], title=title, requested=requested)
        application.indicators = [
            ApplicationIndicator(code=c, name=f"Indicatore {c}", unit="persone", baseline=Decimal(b), target=Decimal(t))
            for c, b, t in indicators
        ]
        applications.append(application)
    db.session.commit()
    staff = call.created_by
    ranking_services.publish_ranking(staff, call, {"reason": "Determina dirigenziale n. 12"})
    ranking_services.award(staff, call, {})
    ids = [a.id for a in applications]
    projects = db.session.scalars(sa.select(Project).where(Project.application_id.in_(ids)).order_by(Project.id))
    return list(projects)


def funded_project(city, title="Cortili aperti", **kwargs) -> Project:
    return funded_projects(city, title, **kwargs)[0]


def indicator_report(project, code, value, *, measured_on=None, status=ReportStatus.APPROVED, reviewer=None):
    """A value of the project's indicator ``code``, approved unless told otherwise."""
    indicator = next(i for i in project.indicators if i.code == code)
    report = ProjectReport(
        project=project,
        kind=ReportKind.INDICATOR,
        indicator=indicator,
        value=Decimal(str(value)),
        measured_on=measured_on or date.today(),
        evidence="Registro presenze firmato",
        status=status,
    )
    db.session.add(report)
    _reviewed(report, status, reviewer or project.call.created_by)
    db.session.commit()
    return report


def expenditure_report(project, amount, *, line=0, status=ReportStatus.APPROVED, reviewer=None, quantity=None):
    """Spend on the project's budget line number ``line``, approved unless told otherwise."""
    report = ProjectReport(
        project=project,
        kind=ReportKind.EXPENDITURE,
        budget_line=project.budget_lines[line],
        amount=Decimal(str(amount)),
        quantity=None if quantity is None else Decimal(str(quantity)),
        spent_on=date.today(),
        description="Fattura n. 14/2026",
        status=status,
    )
    db.session.add(report)
    _reviewed(report, status, reviewer or project.call.created_by)
    if status is ReportStatus.APPROVED:
        project.spent += report.amount
    db.session.commit()
    return report


def _reviewed(report, status, reviewer):
    if status is not ReportStatus.SUBMITTED:
        report.reviewed_by_id, report.reviewed_at = reviewer.id, utcnow()
        report.review_reason = "" if status is ReportStatus.APPROVED else "Manca la fattura quietanzata."


__all__ = ["expenditure_report", "funded_project", "funded_projects", "indicator_report"]
