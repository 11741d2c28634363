"""A city's dashboard: over time (per year and quarter, by award date and by the date spend
was approved), per target area, indicator results against targets (the latest approved value
of each project, by measurement date), and participation per 1 000 residents by area on the
comparison page. Hand-computed numbers throughout."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from app.dashboards import participation, stats
from app.extensions import db
from app.models import ReportStatus, WorkshopStatus
from tests.factories import create_user
from tests.factories.dashboards import CURRENT, imported_project, programmes
from tests.factories.ideas import create_idea
from tests.factories.needs import create_area, create_need
from tests.factories.projects import expenditure_report, funded_projects, indicator_report
from tests.factories.workshops import create_workshop, register
from tests.tables import table


def _at(y, m, d):
    return datetime(y, m, d, 12, tzinfo=UTC)


@pytest.fixture
def actions(city):
    return programmes()


@pytest.fixture
def timeline(city, actions):
    """Imported: 300 000 € (Feb 2019), 200 000 € (Nov 2019), 50 000 € (May 2020); awarded on
    the platform: two of 100 000 € (July 2025), spend approved 25 000 € (Aug 2025) and
    10 000 € (Feb 2026), 5 000 € only submitted."""
    imported_project(city, actions["old 3.3.1"], "300000", made=_at(2019, 2, 10))
    imported_project(city, actions["old 3.3.1"], "200000", made=_at(2019, 11, 5))
    imported_project(city, actions["old 4.2.1"], "50000", made=_at(2020, 5, 1))
    first, second = funded_projects(city, "Cortili aperti", "Doposcuola")
    first.created_at = second.created_at = _at(2025, 7, 1)
    expenditure_report(first, "25000").reviewed_at = _at(2025, 8, 20)
    expenditure_report(second, "10000").reviewed_at = _at(2026, 2, 3)
    expenditure_report(first, "5000", status=ReportStatus.SUBMITTED)
    db.session.commit()
    return first, second


def _periods(rows):
    return [(r["period"], r["operations"], r["committed"], r["spent"]) for r in rows]


def test_over_time_per_year_and_per_quarter(client, city, timeline):
    filters = stats.Filters(city=city)
    assert _periods(stats.over_time(filters)) == [
        ("2019", 2, Decimal("500000.00"), Decimal("0.00")),
        ("2020", 1, Decimal("50000.00"), Decimal("0.00")),
        ("2025", 2, Decimal("200000.00"), Decimal("25000.00")),
        ("2026", 0, Decimal("0.00"), Decimal("10000.00")),
    ]
    assert _periods(stats.over_time(filters, "quarter")) == [
        ("2019-Q1", 1, Decimal("300000.00"), Decimal("0.00")),
        ("2019-Q4", 1, Decimal("200000.00"), Decimal("0.00")),
        ("2020-Q2", 1, Decimal("50000.00"), Decimal("0.00")),
        ("2025-Q3", 2, Decimal("200000.00"), Decimal("25000.00")),
        ("2026-Q1", 0, Decimal("0.00"), Decimal("10000.00")),
    ]
    assert [r["period"] for r in stats.over_time(stats.Filters(city=city, programme=CURRENT))] == ["2025", "2026"]
    page = client.get(f"/dashboards/{city.slug}?by=quarter").text
    caption, rows = table(page, "over-time-table")
    assert caption == "Bari: per trimestre"
    assert rows[0] == ["Periodo", "Operazioni", "Impegnato", "Speso"]
    assert rows[-1] == ["2026-Q1", "0", "0,00 €", "10.000,00 €"]


def test_per_target_area(client, city, actions):
    san_paolo = create_area(city, "San Paolo")
    imported_project(city, actions["old 3.3.1"], "300000", "120000", area=san_paolo)
    imported_project(city, actions["old 3.3.1"], "100000", "10000")
    rows = stats.by_area(stats.Filters(city=city))
    assert [(r["area"].name if r["area"] else None, r["operations"], r["committed"], r["spent_pct"]) for r in rows] == [
        ("San Paolo", 1, Decimal("300000.00"), Decimal("40.0")),
        (None, 1, Decimal("100000.00"), Decimal("10.0")),
    ]
    page = client.get(f"/dashboards/{city.slug}").text
    assert '<th scope="row">San Paolo</th>' in page and "Nessuna area target" in page


def test_results_against_targets_sum_the_latest_approved_values(client, city, actions):
    first, second = funded_projects(
        city, "Cortili aperti", "Doposcuola", indicators=[("EECO01", "0", "100"), ("EECO05", "10", "40")]
    )
    indicator_report(first, "EECO01", 50, measured_on=date(2026, 6, 1))
    indicator_report(first, "EECO01", 30, measured_on=date(2026, 3, 1))  # filed late: an earlier measurement
    indicator_report(first, "EECO01", 90, measured_on=date(2026, 9, 1), status=ReportStatus.SUBMITTED)
    indicator_report(first, "EECO01", 95, measured_on=date(2026, 9, 2), status=ReportStatus.SENT_BACK)
    indicator_report(first, "EECO05", 25)
    indicator_report(second, "EECO05", 40)
    results = {r["code"]: r for r in stats.indicator_results(stats.Filters(city=city, programme=CURRENT))}
    assert {k: results["EECO01"][k] for k in ("projects", "reported", "baseline", "value", "target", "target_pct")} == {
        "projects": 2,
        "reported": 1,  # the second project never reported it
        "baseline": Decimal("0.00"),
        "value": Decimal("50.00"),
        "target": Decimal("200.00"),
        "target_pct": Decimal("25.0"),
    }
    assert (results["EECO05"]["value"], results["EECO05"]["target"], results["EECO05"]["target_pct"]) == (
        Decimal("65.00"),
        Decimal("80.00"),
        Decimal("81.3"),
    )
    page = client.get(f"/dashboards/{city.slug}").text
    assert "EECO05 · Indicatore EECO05 (persone)" in page and "81,3 %" in page


def test_participation_per_thousand_residents_by_area(client, city, other_city):
    city.population = 316000
    san_paolo = create_area(city, "San Paolo")
    san_paolo.population = 27850
    create_area(city, "Japigia")  # population unknown
    for _n in range(3):
        create_need(city, area=san_paolo)
    create_need(city, area=san_paolo, hidden=True)  # not counted
    create_need(city)
    create_need(city)
    create_idea(city, area=san_paolo)
    create_idea(city, area=san_paolo)
    workshop = create_workshop(city=city, area=san_paolo, status=WorkshopStatus.CLOSED)
    for n, attended in enumerate((True, True, True, False, None)):
        register(workshop, create_user(city=city, name=f"Partecipante {n}"), attended=attended)
    db.session.commit()
    bari, napoli = participation.participation([city, other_city])
    assert (bari["needs"], bari["needs_per_1000"], bari["ideas_per_1000"], bari["participants_per_1000"]) == (
        5,
        Decimal("0.02"),  # 5 × 1000 / 316 000 = 0.0158
        Decimal("0.01"),  # 2 × 1000 / 316 000 = 0.0063
        Decimal("0.01"),  # 3 × 1000 / 316 000 = 0.0095
    )
    japigia, area = bari["areas"]
    assert (area["needs"], area["needs_per_1000"], area["ideas_per_1000"], area["participants_per_1000"]) == (
        3,
        Decimal("0.11"),  # 3 × 1000 / 27 850 = 0.1077
        Decimal("0.07"),  # 2 × 1000 / 27 850 = 0.0718
        Decimal("0.11"),
    )
    assert japigia["needs_per_1000"] is None and napoli["needs_per_1000"] is None
    page = client.get("/dashboards/compare").text
    assert "316.000" in page and "27.850" in page and "0,11" in page
