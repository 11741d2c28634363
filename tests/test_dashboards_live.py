"""The dashboards live (shared/REALTIME.md): ``programme`` and ``programme:<city>`` push
``counter:changed`` for ``committed`` and ``spent`` (the current programme's totals, decimal
strings) once an award or an approved expenditure has committed; nothing from a rolled-back
change, an indicator report, or another city's topic."""

from __future__ import annotations

from decimal import Decimal

import pytest

from app.extensions import db
from app.models import ReportKind, ReportStatus
from app.projects import hooks
from tests.factories.dashboards import programmes
from tests.factories.projects import expenditure_report, funded_projects, indicator_report


def _watch(live, *topics):
    watcher = live()
    for topic in topics:
        assert watcher.emit("subscribe", {"topic": topic})["ok"], topic
    return watcher


@pytest.mark.parametrize(
    ("topic", "code"), [("programme:atlantide", "not_found"), ("call", "not_found"), ("programme:", "not_found")]
)
def test_only_the_programme_and_its_cities_are_topics(live, city, topic, code):
    watcher = live()
    assert watcher.emit("subscribe", {"topic": "programme"})["ok"]
    assert watcher.emit("subscribe", {"topic": "programme:bari"})["ok"]
    answer = watcher.emit("subscribe", {"topic": topic})
    assert not answer["ok"] and answer["error"]["code"] == code


def test_an_award_pushes_the_committed_euros_once(live, city, other_city):
    programmes()
    watcher = _watch(live, "programme", "programme:bari")
    elsewhere = _watch(live, "programme:napoli")
    funded_projects(city, "Cortili aperti", "Doposcuola")  # one award of two projects
    got = watcher.wait_for("counter:changed", count=4)
    assert sorted((e["topic"], e["name"], e["value"]) for e in got) == [
        ("programme", "committed", "200000.00"),
        ("programme", "spent", "0.00"),
        ("programme:bari", "committed", "200000.00"),
        ("programme:bari", "spent", "0.00"),
    ]
    watcher.settle()
    assert len(watcher.events("counter:changed")) == 4  # once per transaction, not per project
    elsewhere.settle()
    assert elsewhere.events("counter:changed") == []


def _approve(staff, report):
    """What the review of a report does (the reports feature): approve, count the spend,
    run the hooks, commit once."""
    report.status = ReportStatus.APPROVED
    if report.kind is ReportKind.EXPENDITURE:
        report.project.spent += report.amount
    hooks.run(hooks.REPORT_APPROVED, staff, report)
    db.session.commit()


def test_an_approved_expenditure_pushes_the_spent_euros(live, city):
    programmes()
    project = funded_projects(city, "Cortili aperti")[0]
    staff = project.call.created_by
    watcher = _watch(live, "programme:bari")
    _approve(staff, expenditure_report(project, "25000.50", status=ReportStatus.SUBMITTED))
    got = {e["name"]: e["value"] for e in watcher.wait_for("counter:changed", count=2)}
    assert got == {"committed": "100000.00", "spent": "25000.50"}
    watcher.clear()
    _approve(staff, indicator_report(project, "EECO01", 40, status=ReportStatus.SUBMITTED))
    watcher.settle()
    assert watcher.events("counter:changed") == []  # results change no euros


def test_a_rolled_back_approval_pushes_nothing(live, city):
    programmes()
    project = funded_projects(city, "Cortili aperti")[0]
    report = expenditure_report(project, "1000", status=ReportStatus.SUBMITTED)
    watcher = _watch(live, "programme")
    project.spent += Decimal("1000")
    hooks.run(hooks.REPORT_APPROVED, project.call.created_by, report)
    db.session.rollback()
    db.session.commit()  # a later, empty commit does not push the forgotten change
    watcher.settle()
    assert watcher.events("counter:changed") == []


def test_without_a_current_programme_an_award_pushes_nothing(live, city):
    watcher = _watch(live, "programme", "programme:bari")
    funded_projects(city, "Cortili aperti")
    watcher.settle()
    assert watcher.events("counter:changed") == []
