"""A small programme for the dashboards: the 2014-2020 programme with operations imported
from the national monitoring (no call, no organisation here), and the current 2021-2027
programme with its allocation, whose actions the platform's awards go to."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from app.extensions import db
from app.models import CohesionFund, Programme, ProgrammeAction, Project, ProjectFund

OLD, CURRENT = "2014IT16M2OP004", "2021IT16FFPR003"


def programmes() -> dict[str, ProgrammeAction]:
    """Both programmes, each with 3.3.1 (FSE+) and 4.2.1 (FESR); the actions by
    ``"old 3.3.1"``, ``"current 4.2.1"``…"""
    old = Programme(code=OLD, name="PON Metro", period="2014-2020", current=False, allocation={})
    current = Programme(
        code=CURRENT,
        name="PN Metro plus",
        period="2021-2027",
        current=True,
        allocation={"FSE+": "246600000.00", "FESR": "87800000.00"},
    )
    actions = {}
    for label, programme in (("old", old), ("current", current)):
        for code, name, fund in (
            ("3.3.1", "Servizi in aree degradate", CohesionFund.FSE_PLUS),
            ("4.2.1", "Recupero di immobili inutilizzati", CohesionFund.FESR),
        ):
            actions[f"{label} {code}"] = ProgrammeAction(programme=programme, code=code, name=name, fund=fund)
    db.session.add_all([old, current])
    db.session.commit()
    return actions


def imported_project(city, action, grant, spent="0", *, area=None, made=None, title="Operazione importata") -> Project:
    """An operation of the monitoring: its grant from the action's fund, what it spent."""
    project = Project(
        city_id=city.id,
        action=action,
        area=area,
        title=title,
        beneficiary="Comune",
        grant=Decimal(grant),
        spent=Decimal(spent),
        funds=[ProjectFund(fund=action.fund if action else CohesionFund.FSE_PLUS, amount=Decimal(grant))],
        created_at=made or datetime(2019, 3, 1, tzinfo=UTC),
    )
    db.session.add(project)
    db.session.commit()
    return project


__all__ = ["CURRENT", "OLD", "imported_project", "programmes"]
