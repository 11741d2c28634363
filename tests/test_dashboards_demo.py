"""The demo dashboards show the published PON Metro figures exactly, and the API the same
numbers (issue 11, SPEC §3):

- 2014-2020, ESF action 3.3.1: 120 operations, 57 M€ committed, 32 M€ spent (April 2022);
- 2014-2020, ERDF action 4.2.1: 72 operations, 45 M€ committed, 18 M€ spent;
- 2021-2027 allocation: 334 M€ as published (246.6 M€ FSE+ and 87.8 M€ FESR, which add up to 334.4 M€).
"""

from __future__ import annotations

import pytest

from tests.tables import table

pytestmark = pytest.mark.usefixtures("in_english_request")

PUBLISHED = {
    "3.3.1": (120, "57000000.00", "32000000.00"),
    "4.2.1": (72, "45000000.00", "18000000.00"),
}


@pytest.fixture
def seeded(runner, db):
    result = runner.invoke(args=["demo", "seed"])
    assert result.exit_code == 0, result.output


def _by_period(body, period):
    return next(p for p in body["programmes"] if p["period"] == period)


def test_the_demo_dashboards_show_the_published_programme_figures(client, seeded):
    body = client.get("/api/v1/stats/programme").get_json()
    old = _by_period(body, "2014-2020")
    got = {a["code"]: (a["operations"], a["committed"], a["spent"]) for a in old["actions"]}
    assert {code: got[code] for code in PUBLISHED} == PUBLISHED
    new = _by_period(body, "2021-2027")
    assert {a["fund"]: a["amount"] for a in new["allocation"]} == {"FSE+": "246600000.00", "FESR": "87800000.00"}
    assert new["allocation_total"] == "334400000.00"
    one = client.get(f"/api/v1/stats/programme?programme={old['code']}&action=3.3.1").get_json()
    assert one["programmes"][0]["totals"]["operations"] == 120

    # The overview page shows the same figures.
    page = client.get("/dashboards").text
    n = [p["period"] for p in body["programmes"]].index("2014-2020") + 1
    _caption, rows = table(page, f"actions-{n}")
    shown = {r[0].split(" ")[0]: r[1:4] for r in rows[1:]}
    assert shown["3.3.1"] == ["120", "57.000.000,00 €", "32.000.000,00 €"]
    assert shown["4.2.1"] == ["72", "45.000.000,00 €", "18.000.000,00 €"]
    assert "334,4 M€" in page and "246,6 M€ FSE+" in page and "87,8 M€ FESR" in page
