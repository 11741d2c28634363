"""The dashboards as a reader meets them: each chart has role="img", a label and, beside it,
a captioned table with the same numbers (headers with scope); tables scroll sideways on a
phone; the chart library is the vendored, pinned one and nothing comes from a CDN; names
typed by people (programmes, actions, areas, cities, indicators) stay text on every page, in
the tables and in the charts' data."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

from app.extensions import db
from app.models import CohesionFund, ProgrammeAction
from tests.factories.dashboards import imported_project, programmes
from tests.factories.needs import create_area, create_need
from tests.factories.projects import funded_projects
from tests.tables import table
from tests.xss import PAYLOADS, assert_no_xss

VENDOR = Path(__file__).resolve().parent.parent / "app" / "static" / "vendor"


class _Charts(HTMLParser):
    def __init__(self):
        super().__init__()
        self.charts, self.tables, self.scrolling = [], [], 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "canvas":
            self.charts.append(attrs)
        elif tag == "table":
            self.tables.append(attrs.get("id"))
        elif tag == "div" and "table-responsive" in (attrs.get("class") or ""):
            self.scrolling += 1


def _charts(html):
    parser = _Charts()
    parser.feed(html)
    return parser


@pytest.fixture
def world(city, other_city):
    actions = programmes()
    imported_project(city, actions["old 3.3.1"], "300000", "120000", area=create_area(city, "San Paolo"))
    imported_project(other_city, actions["old 4.2.1"], "400000", "100000")
    funded_projects(city, "Cortili aperti")
    return actions


@pytest.mark.parametrize("path", ["/dashboards", "/dashboards/bari", "/dashboards/compare"])
def test_every_chart_has_a_label_and_a_table_with_its_numbers(client, world, path):
    page = client.get(path).text
    found = _charts(page)
    assert found.charts and len(found.tables) >= len(found.charts)
    assert found.scrolling == len(found.tables)  # every table scrolls sideways on a phone
    for chart in found.charts:
        assert chart["role"] == "img" and chart["aria-label"].startswith("Grafico: ")
        data = json.loads(chart["data-chart"])
        if chart["id"].endswith("-table-chart") or chart["id"].startswith(
            ("funds-", "actions-", "cities-", "compare-")
        ):
            caption, rows = table(page, chart["id"].removesuffix("-chart"))
            names = [r[0] for r in rows[1:]]
            if chart["id"].startswith("actions-"):  # the axis says the code, the table the code and name
                names = [f"{n.split(' · ')[0]} ({n.rsplit('(', 1)[1]}" for n in names]
            assert caption and names == data["labels"]
    assert 'scope="col"' in page and 'scope="row"' in page
    assert "vendor/chart.js/dist/chart.umd.min.js" in page and "cdn" not in page.lower()


def test_the_overview_table_per_action_reads_as_the_chart(client, world):
    page = client.get("/dashboards").text
    caption, rows = table(page, "actions-2")
    assert caption == "PON Metro 2014-2020: per azione"
    assert rows == [
        ["Azione", "Operazioni", "Impegnato", "Speso", "Speso sull'impegnato"],
        ["3.3.1 · Servizi in aree degradate (FSE+)", "1", "300.000,00 €", "120.000,00 €", "40 %"],
        ["4.2.1 · Recupero di immobili inutilizzati (FESR)", "1", "400.000,00 €", "100.000,00 €", "25 %"],
    ]
    chart = next(c for c in _charts(page).charts if c["id"] == "actions-2-chart")
    assert json.loads(chart["data-chart"])["series"] == [
        {"name": "Impegnato", "values": ["300000.00", "400000.00"]},
        {"name": "Speso", "values": ["120000.00", "100000.00"]},
    ]


def test_chart_js_is_vendored_and_pinned():
    assert (VENDOR / "chart.js" / "dist" / "chart.umd.min.js").stat().st_size > 100_000
    assert (VENDOR / "chart.js" / "LICENSE.md").exists()
    line = next(x for x in (VENDOR / "VERSIONS.txt").read_text().splitlines() if x.startswith("chart.js "))
    assert line.split()[1:3] == ["4.5.1", "MIT"]


def test_names_people_typed_stay_text_on_every_dashboard(client, city, other_city):
    actions = programmes()
    programme = actions["current 3.3.1"].programme
    programme.name = PAYLOADS[0][:200]
    other_city.name = PAYLOADS[1][:120]
    project = funded_projects(city, "Cortili aperti")[0]
    project.indicators[0].name = PAYLOADS[2][:200]
    for n, payload in enumerate(PAYLOADS):
        action = ProgrammeAction(programme=programme, code=f"9.{n}", name=payload, fund=CohesionFund.FESR)
        db.session.add(action)
        area = create_area(city, payload[:120])
        area.population = 1000
        imported_project(city, action, "1000", area=area)
        create_need(city, area=area)
    db.session.commit()
    for path in ("/dashboards", "/dashboards/bari", "/dashboards/bari?by=quarter", "/dashboards/compare"):
        page = client.get(path).text
        assert_no_xss(page)
        for chart in _charts(page).charts:
            json.loads(chart["data-chart"])  # still data
    page = client.get("/dashboards").text
    labels = json.loads(next(c for c in _charts(page).charts if c["id"] == "actions-1-chart")["data-chart"])["labels"]
    assert "9.0 (FESR)" in labels  # the chart's axis names the action by its code
    _caption, rows = table(page, "actions-1")
    assert f"9.0 · {PAYLOADS[0]} (FESR)" in [r[0] for r in rows]  # the name as typed, as text
