"""The programme's figures, as the API and the pages show them: operations, committed and
spent euros and the share spent, per programme, fund, action and city, with hand-computed
numbers; the filters; the same numbers on the pages as in ``GET /api/v1/stats/programme``."""

from __future__ import annotations

import pytest

from tests.factories.dashboards import CURRENT, OLD, imported_project, programmes
from tests.factories.projects import expenditure_report, funded_projects


@pytest.fixture
def world(city, other_city):
    """Bari: two old 3.3.1 operations (300 000 € and 200 000 €, spent 120 000 € and 80 000 €)
    and two current ones awarded on the platform (100 000 € each, 25 000 € spent on the first);
    Napoli: one old 4.2.1 operation (400 000 €, spent 100 000 €)."""
    actions = programmes()
    imported_project(city, actions["old 3.3.1"], "300000", "120000")
    imported_project(city, actions["old 3.3.1"], "200000", "80000")
    imported_project(other_city, actions["old 4.2.1"], "400000", "100000")
    first, _second = funded_projects(city, "Cortili aperti", "Doposcuola")
    expenditure_report(first, "25000")
    return actions


def _programme(body, code):
    return next(p for p in body["programmes"] if p["code"] == code)


def _row(rows, key, value):
    return next(r for r in rows if r[key] == value)


def test_the_api_answers_per_programme_fund_action_and_city(client, world):
    body = client.get("/api/v1/stats/programme").get_json()
    assert [p["code"] for p in body["programmes"]] == [CURRENT, OLD]  # the current one first
    old = _programme(body, OLD)
    assert old["totals"] == {"operations": 3, "committed": "900000.00", "spent": "300000.00", "spent_pct": "33.3"}
    assert _row(old["actions"], "code", "3.3.1") == {
        "code": "3.3.1",
        "name": "Servizi in aree degradate",
        "fund": "FSE+",
        "operations": 2,
        "committed": "500000.00",
        "spent": "200000.00",
        "spent_pct": "40.0",
    }
    assert _row(old["actions"], "code", "4.2.1")["spent_pct"] == "25.0"
    assert [(f["fund"], f["operations"], f["committed"]) for f in old["funds"]] == [
        ("FESR", 1, "400000.00"),
        ("FSE+", 2, "500000.00"),
    ]
    assert [(c["city"], c["committed"], c["spent"]) for c in old["cities"]] == [
        ("bari", "500000.00", "200000.00"),
        ("napoli", "400000.00", "100000.00"),
    ]
    current = _programme(body, CURRENT)
    assert current["allocation"] == [
        {"fund": "FESR", "amount": "87800000.00"},
        {"fund": "FSE+", "amount": "246600000.00"},
    ]
    assert current["allocation_total"] == "334400000.00"
    assert current["totals"] == {"operations": 2, "committed": "200000.00", "spent": "25000.00", "spent_pct": "12.5"}
    # every city side by side, with zeros where nothing is funded yet
    assert [(c["city"], c["operations"], c["committed"]) for c in current["cities"]] == [
        ("bari", 2, "200000.00"),
        ("napoli", 0, "0.00"),
    ]
    # an action with no operation yet is listed with zeros
    assert _row(current["actions"], "code", "4.2.1") == {
        "code": "4.2.1",
        "name": "Recupero di immobili inutilizzati",
        "fund": "FESR",
        "operations": 0,
        "committed": "0.00",
        "spent": "0.00",
        "spent_pct": None,
    }


def test_filters_select_the_city_the_fund_the_action_and_the_programme(client, world):
    def totals(query):
        return {p["code"]: p["totals"] for p in client.get(f"/api/v1/stats/programme?{query}").get_json()["programmes"]}

    assert totals("city=napoli") == {
        CURRENT: {"operations": 0, "committed": "0.00", "spent": "0.00", "spent_pct": None},
        OLD: {"operations": 1, "committed": "400000.00", "spent": "100000.00", "spent_pct": "25.0"},
    }
    assert totals("fund=FSE%2B")[OLD]["committed"] == "500000.00"
    assert totals("action=4.2.1&programme=" + OLD) == {
        OLD: {"operations": 1, "committed": "400000.00", "spent": "100000.00", "spent_pct": "25.0"}
    }
    assert totals(f"programme={CURRENT}&city=bari")[CURRENT]["committed"] == "200000.00"


@pytest.mark.parametrize(
    ("query", "field"),
    [("city=atlantide", "city"), ("fund=FSE", "fund"), ("programme=nessuno", "programme"), ("action=9.9.9", "action")],
)
def test_an_unknown_filter_is_a_422_naming_the_field(client, world, query, field):
    response = client.get(f"/api/v1/stats/programme?{query}")
    assert response.status_code == 422
    assert field in response.get_json()["error"]["fields"]


def test_the_pages_show_the_numbers_of_the_api(client, world):
    overview = client.get("/dashboards")
    assert overview.status_code == 200
    for text in ("900.000,00", "300.000,00", "33,3 %", "334,4 M€", "246,6 M€ FSE+", "87,8 M€ FESR", "12,5 %"):
        assert text in overview.text
    city_page = client.get("/dashboards/napoli")
    assert city_page.status_code == 200 and "400.000,00" in city_page.text and "25 %" in city_page.text
    compare = client.get("/dashboards/compare")
    assert compare.status_code == 200 and "Napoli" in compare.text


def test_pages_with_filters_that_are_not_choices_show_everything(client, world):
    page = client.get("/dashboards?fund=FSE&by=decade&programme=" + "x" * 100)
    assert page.status_code == 200 and "900.000,00" in page.text
    assert client.get("/dashboards/atlantide").status_code == 404
