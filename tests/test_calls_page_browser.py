"""The public call page and the list in headless Chromium on a phone (375 px, Italian): the
budget left of an open rolling call changes on the open page when staff change the budget
(no reload), with a polite notice of the new version; the map of the eligible areas is drawn
coloured by intensity and each area opens its popup by keyboard; nothing is wider than the
phone; the list's filters work by keyboard; no script is refused by the CSP."""

from __future__ import annotations

import pytest
import requests
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from app.extensions import db
from app.models import CallStatus
from tests import factories
from tests.e2e.conftest import browser  # noqa: F401 (the fixture)
from tests.e2e.pages import phone_page
from tests.factories.calls import create_call, staff_of
from tests.factories.needs import create_area

pytestmark = [pytest.mark.e2e, pytest.mark.server]

WIDTH = 375


def _page(browser, server):  # noqa: F811
    # Only our own page's errors (tiles are fetched from the map server, not here).
    return phone_page(browser, server, WIDTH)


def _rolling_call(city):
    staff = staff_of(city)
    japigia = create_area(city, "Japigia", intensity=80)
    san_paolo = create_area(city, "San Paolo", lat=41.14, lng=16.82, intensity=100)
    call = create_call(
        city,
        staff,
        kind="rolling",
        title="Sportello «Botteghe di comunità» – contributi per presidi sociali di quartiere",
        closes_at=None,
        areas=[{"area": japigia.id}, {"area": san_paolo.id}],
    )
    call.status, call.version = CallStatus.OPEN, 1
    db.session.commit()
    return call, staff


def test_the_budget_left_changes_on_the_open_page(browser, server, city):  # noqa: F811
    call, staff = _rolling_call(city)
    token = factories.create_token(staff)
    page, problems = _page(browser, server)
    page.goto(f"{server.url}/calls/{call.id}")
    left = page.locator("[data-call-budget-left]")
    assert left.inner_text() == "600.000,00\xa0€"
    page.evaluate("window.notReloaded = true")
    headers = {"Authorization": f"Bearer {token}"}
    # The page follows call:<id> once its socket is up; until then a push finds no one.
    for attempt in range(1, 6):
        amount = 700000 + attempt * 1000
        body = {"budget": f"{amount}.00", "funds": [{"fund": "FSE+", "ceiling": f"{amount}.00"}], "reason": "Risorse"}
        answer = requests.patch(f"{server.url}/api/v1/calls/{call.id}", json=body, headers=headers, timeout=10)
        assert answer.status_code == 200, answer.text
        expected = f"{amount // 1000}.000,00\xa0€"
        try:
            page.wait_for_function(
                "want => document.querySelector('[data-call-budget-left]').textContent === want",
                arg=expected,
                timeout=3000,
            )
            break
        except PlaywrightTimeout:  # not subscribed yet: try again
            continue
    assert left.inner_text() == expected
    notice = page.locator("[data-call-notice]")
    assert notice.get_attribute("aria-live") == "polite"
    assert f"Il bando è stato aggiornato (versione {answer.json()['version']})" in notice.inner_text()
    assert "ricarica la pagina" in notice.inner_text()
    assert page.evaluate("window.notReloaded") is True
    step = requests.post(
        f"{server.url}/api/v1/calls/{call.id}/transition", json={"to": "closed"}, headers=headers, timeout=10
    )
    assert step.status_code == 200, step.text
    badge = page.locator("[data-call-status]")
    page.wait_for_function("() => document.querySelector('[data-call-status]').dataset.callStatus === 'closed'")
    assert badge.inner_text() == "Chiuso"
    assert page.evaluate("window.notReloaded") is True
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
    assert problems == []


def test_the_map_of_areas_by_keyboard_on_a_phone(browser, server, city):  # noqa: F811
    call, _staff = _rolling_call(city)
    page, problems = _page(browser, server)
    page.goto(f"{server.url}/calls/{call.id}")
    shapes = page.locator("[data-call-areas-map] path[tabindex='0']")
    shapes.first.wait_for()
    assert shapes.count() == 2
    fills = {shapes.nth(n).get_attribute("fill") for n in range(2)}
    assert fills == {"#6baed6", "#08519c"}  # 80% and 100%: two bands of the scale
    labels = {shapes.nth(n).get_attribute("aria-label") for n in range(2)}
    assert labels == {"Japigia: intensità di finanziamento 80%", "San Paolo: intensità di finanziamento 100%"}
    shapes.first.focus()
    page.keyboard.press("Enter")
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "Intensità di finanziamento" in popup.inner_text()
    assert any(name in popup.inner_text() for name in ("Japigia", "San Paolo"))
    assert page.locator(".cantiere-intensity-legend li").count() == 5
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
    assert problems == []


def test_an_area_name_with_markup_stays_text_in_the_popup(browser, server, city):  # noqa: F811
    staff = staff_of(city)
    name = '<img src=x onerror="window.pwned=1">Japigia'
    area = create_area(city, name, slug="japigia")
    call = create_call(city, staff, areas=[{"area": area.id}])
    call.status, call.version = CallStatus.OPEN, 1
    db.session.commit()
    page, problems = _page(browser, server)
    page.goto(f"{server.url}/calls/{call.id}")
    shape = page.locator("[data-call-areas-map] path[tabindex='0']")
    shape.focus()
    page.keyboard.press("Enter")
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert name in popup.inner_text()  # shown as typed, not run
    assert popup.locator("img").count() == 0
    assert page.evaluate("window.pwned") is None
    assert problems == []


def test_the_list_is_filtered_by_keyboard_on_a_phone(browser, server, city):  # noqa: F811
    call, staff = _rolling_call(city)
    create_call(city, staff, title="Avviso con graduatoria")
    page, problems = _page(browser, server)
    page.goto(f"{server.url}/{city.slug}/calls")
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
    page.focus("#kind")
    page.select_option("#kind", "rolling")
    page.locator("form[role=search] button[type=submit]").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    titles = page.locator("main .card-title").all_inner_texts()
    assert titles == [call.title]
    assert "kind=rolling" in page.url
    page.goto(f"{server.url}/calls")
    assert page.locator("main .card-title").count() == 1  # the draft is not listed
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
    assert problems == []
