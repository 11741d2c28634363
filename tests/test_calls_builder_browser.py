"""The call builder in headless Chromium on a phone-sized window (390 px), by keyboard:
rows are added and removed, the summary adds up the funds and the points as one types, no
script is refused by the CSP, and the call saved is the one typed."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import Call
from tests import factories
from tests.e2e.conftest import browser  # noqa: F401 (the fixture)
from tests.factories.calls import staff_of

pytestmark = [pytest.mark.e2e, pytest.mark.server]


#: The text boxes of a call typed in the builder (tests/test_calls_staff_journey_browser.py too).
BUILDER_BOXES = {
    "#title": "Avviso per nuovi servizi nei quartieri",
    "#department": "Welfare",
    "#action_code": "3.3.1",
    "#budget": "500000",
    "#max_grant": "100000",
    "#min_duration_months": "12",
    "#max_duration_months": "24",
    "#opens_at": "2027-03-01T09:00",
    "#closes_at": "2027-04-01T12:00",
    "#min_score": "50",
    "#funds-0-ceiling": "300000",
    "#criteria-0-name": "Qualità",
    "#criteria-0-max_points": "60",
    "#criteria-1-name": "Rete",
    "#criteria-1-max_points": "40",
}


def _ours(message) -> list[str]:
    """Console errors of the page (Bootstrap Italia's bundle sets inline styles on every
    page, and the browser's own favicon request is not the page's)."""
    where = message.location.get("url", "")
    if message.type != "error" or "/vendor/" in where or where.endswith("favicon.ico"):
        return []
    return [f"{message.text} ({where})"]


def test_a_call_built_on_a_phone_by_keyboard(browser, server, city):  # noqa: F811
    staff = staff_of(city)
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15000)
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("response", lambda r: problems.append(f"{r.status} {r.url}") if r.status == 404 else None)
    page.on("console", lambda message: problems.extend(_ours(message)))
    page.goto(server.url + "/login")
    page.fill("#email", staff.email)
    page.fill("#password", factories.PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "/login" not in url)
    page.goto(f"{server.url}/{city.slug}/calls/new")

    for box, value in BUILDER_BOXES.items():
        page.fill(box, value)
    page.select_option("#funds-0-fund", "FSE+")
    summary = page.locator("[data-call-summary]")
    assert summary.is_visible()
    assert "The ceilings do not cover the budget yet." in summary.inner_text()
    page.select_option("#funds-1-fund", "FESR")
    page.fill("#funds-1-ceiling", "200000")
    assert "do not cover" not in summary.inner_text() and "100" in summary.inner_text()

    add = page.locator("[data-row-add=criteria]")
    add.focus()
    page.keyboard.press("Enter")  # a third criterion, focused
    assert page.evaluate("document.activeElement.name") == "criteria-2-name"
    page.keyboard.type("Da togliere")
    page.locator("[data-call-rows=criteria] [data-call-row]").last.locator("[data-row-remove]").click()
    assert page.locator("[data-call-rows=criteria] [data-call-row]").count() == 2
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.fill("#indicators-0-code", "EECO01")  # a common indicator fills in its name and unit
    assert page.input_value("#indicators-0-name") == "Total number of participants"
    assert page.input_value("#indicators-0-unit") == "people"

    page.locator("form[data-call-builder] button[type=submit]").click()
    page.wait_for_url(lambda url: "/calls/new" not in url)
    assert not problems, problems
    db.session.expire_all()
    call = db.session.scalar(sa.select(Call))
    assert [c.name for c in call.criteria] == ["Qualità", "Rete"]
    assert [f.fund.value for f in call.funds] == ["FSE+", "FESR"]
    assert [(i.code, i.name, i.unit) for i in call.indicators] == [("EECO01", "Total number of participants", "people")]
    context.close()
