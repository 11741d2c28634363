"""Paying a project's tranches: the facts the computation reads (``facts_of``, the one read
of the database for it), the schedule every door shows, and ``pay_tranche``, the only
write. The arithmetic is ``app.projects.tranches``."""

from __future__ import annotations

from decimal import Decimal

import sqlalchemy as sa
from flask_babel import gettext as _

from app import audit
from app.calls.services import _save
from app.errors import Conflict, NotFound, PermissionDenied
from app.evaluations.services import _lock as lock_row
from app.extensions import db
from app.models import Project, ProjectReport, ReportKind, ReportStatus, Tranche, TrancheStatus
from app.models.base import utcnow
from app.models.project import ProjectState
from app.projects import tranches
from app.projects.schemas_tranches import PayTrancheInput
from app.schemas import load


def facts_of(project: Project) -> tranches.Facts:
    """The project as the computation reads it: grant, spend, state, indicators, the
    approved indicator reports and the tranche rows."""
    reports = db.session.scalars(
        sa.select(ProjectReport).where(
            ProjectReport.project_id == project.id,
            ProjectReport.kind == ReportKind.INDICATOR,
            ProjectReport.status == ReportStatus.APPROVED,
        )
    ).all()
    codes = {i.id: i.code for i in project.indicators}
    return tranches.Facts(
        grant=project.grant,
        spent=project.spent or Decimal("0"),
        min_achievement_pct=project.min_achievement_pct or Decimal("0"),
        ends_on=project.ends_on,
        closed=project.state is ProjectState.CLOSED,
        suspended=project.state is ProjectState.SUSPENDED,
        indicators=tuple(
            tranches.Indicator(
                code=i.code, name=i.name, unit=i.unit, baseline=i.baseline, target=i.target, weight=i.weight
            )
            for i in project.indicators
        ),
        readings=tuple(
            tranches.Reading(code=codes[r.indicator_id], value=r.value, measured_on=r.measured_on, id=r.id)
            for r in reports
            if r.indicator_id in codes and r.measured_on is not None
        ),
        tranches=tuple(
            tranches.Planned(
                kind=t.kind.value,
                share_pct=t.share_pct,
                id=t.id,
                position=t.position,
                paid=t.status is TrancheStatus.PAID,
                amount=t.amount,
                computation=t.computation,
            )
            for t in project.tranches
        ),
    )


def schedule_of(project: Project) -> list[dict]:
    """Every tranche of the project with its amount, whether it is due, and its steps;
    ``paid_at`` from the row."""
    rows = tranches.schedule(facts_of(project))
    paid_at = {t.id: t.paid_at for t in project.tranches}
    for row in rows:
        row["paid_at"] = paid_at.get(row["id"])
    return rows


def _lock(project: Project) -> None:
    """Hold the project's row until the transaction ends and read it and its tranches
    afresh, so two staff paying at once pay a tranche once."""
    lock_row(project)
    for tranche in project.tranches:
        db.session.refresh(tranche)


def pay_tranche(actor, project: Project, tranche: Tranche, data: dict) -> Tranche:
    """Staff of the project pay a tranche: the next unpaid one, when it is due. Its amount
    and computation are frozen on the row and added to what the project was paid.
    ``data.amount``, when given, is the amount the payer saw: a different one now (a report
    approved meanwhile) is a ``Conflict`` with the current amount, and nothing is paid."""
    if not project.can_manage(actor):
        raise PermissionDenied()
    if tranche.project_id != project.id:
        raise NotFound()
    fields = load(PayTrancheInput, data)

    def write():
        _lock(project)
        rows = tranches.schedule(facts_of(project))
        row = next(r for r in rows if r["id"] == tranche.id)
        if row["paid"]:
            raise Conflict(_("This tranche is already paid."))
        if not row["payable"]:
            earlier = next((r for r in rows if not r["paid"]), row)
            if earlier is not row:
                raise Conflict(_("Pay the earlier tranches first."), next=earlier["kind"])
            raise Conflict(_("This tranche is not due yet."), steps=row["steps"])
        amount = Decimal(row["amount"])
        if fields["amount"] is not None and fields["amount"] != amount:
            raise Conflict(_("The amount changed meanwhile: check it again."), current=row["amount"])
        tranche.amount, tranche.computation = amount, tranches.frozen(row)
        tranche.status, tranche.paid_at, tranche.paid_by_id = TrancheStatus.PAID, utcnow(), actor.id
        project.paid = (project.paid or Decimal("0")) + amount
        audit.record(
            actor,
            "project.tranche_paid",
            project,
            city=project.city_id,
            tranche=tranche.id,
            kind=tranche.kind.value,
            amount=row["amount"],
            factor=(row["results"] or {}).get("factor"),
        )
        return tranche

    return _save(write)
