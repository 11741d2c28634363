"""A city's dashboard in headless Chromium on a 360 px phone (Italian): every chart is drawn
by the vendored Chart.js, nothing is wider than the phone (tables scroll inside their box),
no script is refused by the CSP, and the committed euros and the share spent change on the
open page when staff award a call (no reload)."""

from __future__ import annotations

import pytest
import requests
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from app.rankings import services as ranking_services
from tests import factories
from tests.e2e.conftest import browser  # noqa: F401 (the fixture)
from tests.e2e.pages import phone_page
from tests.factories.dashboards import imported_project, programmes
from tests.factories.rankings import call_in_evaluation, scored

pytestmark = [pytest.mark.e2e, pytest.mark.server]

WIDTH = 360
COMMITTED = "[data-dashboard-topic='programme:bari'] [data-dashboard-counter='committed']"


def _page(browser, server):  # noqa: F811
    # The chart library's errors count too (Bootstrap Italia's own style injection is known: docs/vendor.md).
    return phone_page(browser, server, WIDTH, tolerated=("/vendor/bootstrap-italia/",))


def _ranked_call(city, title):
    """A call with one scored application and its ranking published: awarding it is one step."""
    call = call_in_evaluation(city, title=title, budget="100000.00", funds=[{"fund": "FSE+", "ceiling": "100000.00"}])
    scored(call, (40, 20, 20), title=f"Progetto di {title}")
    ranking_services.publish_ranking(call.created_by, call, {"reason": "Determina n. 7"})
    return call


def test_the_city_dashboard_on_a_phone_draws_and_goes_live(browser, server, city):  # noqa: F811
    actions = programmes()
    imported_project(city, actions["current 3.3.1"], "50000", "10000")
    calls = [_ranked_call(city, "Cortili aperti"), _ranked_call(city, "Doposcuola")]
    token = factories.create_token(calls[0].created_by)
    page, problems = _page(browser, server)
    page.goto(f"{server.url}/dashboards/{city.slug}")
    page.wait_for_function("() => document.querySelectorAll('canvas[data-chart]').length > 0 && window.Chart")
    drawn = page.evaluate(
        "[...document.querySelectorAll('canvas[data-chart]')].map(c => Boolean(window.Chart.getChart(c)))"
    )
    assert drawn and all(drawn)
    assert page.locator(COMMITTED).inner_text() == "50.000,00\xa0€"
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
    page.evaluate("window.notReloaded = true")
    headers = {"Authorization": f"Bearer {token}"}
    # The page follows programme:bari once its socket is up; until then a push finds no one.
    for n, call in enumerate(calls, 1):
        answer = requests.post(
            f"{server.url}/api/v1/calls/{call.id}/transition", json={"to": "awarded"}, headers=headers, timeout=10
        )
        assert answer.status_code == 200, answer.text
        want = f"{50 + 100 * n}.000,00\xa0€"
        try:
            page.wait_for_function(
                "([sel, want]) => document.querySelector(sel).textContent === want", arg=[COMMITTED, want], timeout=4000
            )
            break
        except PlaywrightTimeout:
            continue
    assert page.locator(COMMITTED).inner_text() == want
    pct = page.locator("[data-dashboard-topic='programme:bari'] [data-dashboard-pct]").inner_text()
    assert pct == ("6,7 %" if n == 1 else "4 %")  # 10 000 of 150 000, or of 250 000
    assert page.evaluate("window.notReloaded") is True
    assert problems == []
