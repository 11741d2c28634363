"""The spend form in headless Chromium on a 360 px phone: the quantity box shows only for a
simplified-cost line, the amount is computed as the quantity is typed (quantity × rate, in an
aria-live line), the page never scrolls sideways, and the report filed is on the project's
reports."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.e2e.conftest import browser  # noqa: F401 (the fixture)
from tests.factories.project_reports import reporting_project

pytestmark = [pytest.mark.e2e, pytest.mark.server]


def test_a_simplified_line_computes_its_amount_on_a_phone(browser, server, city):  # noqa: F811
    project, owner, _staff = reporting_project(city)
    euro_line, hours = project.budget_lines[0], project.budget_lines[1]
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15000)
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(server.url + "/login")
    page.fill("#email", owner.email)
    page.fill("#password", factories.PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "/login" not in url)
    page.goto(f"{server.url}/projects/{project.id}/reports/expenditure")

    page.select_option("#budget_line", str(euro_line.id))
    expect(page.locator("[data-quantity-box]")).to_be_hidden()
    assert not page.locator("#amount").evaluate("el => el.readOnly")
    page.select_option("#budget_line", str(hours.id))
    expect(page.locator("[data-quantity-box]")).to_be_visible()
    page.locator("#quantity").focus()
    page.keyboard.type("12.5")
    expect(page.locator("#amount")).to_have_value("312.50")
    computed = page.locator("[data-computed]")
    expect(computed).to_contain_text("12.5 × 25.00 € = 312.50 €")
    assert computed.get_attribute("aria-live") == "polite"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.fill("#spent_on", project.starts_on.isoformat())
    page.fill("#description", "Tutoraggio di novembre")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: f"/projects/{project.id}/reports#report-" in url)
    expect(page.locator("#reports")).to_contain_text("Tutoraggio di novembre")
    expect(page.locator("#reports")).to_contain_text("312.50")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert problems == []
    context.close()
