"""Good practices on a phone (360 px, Italian, headless Chromium): a visitor searches every
city's practices from the keyboard, opens one and reads its lessons and its indicator table;
nothing is wider than the phone; no script is refused by the CSP."""

from __future__ import annotations

import os

import pytest

from tests.e2e.conftest import browser  # noqa: F401 (the fixture)
from tests.factories.practices import closed_project, published_practice
from tests.factories.projects import indicator_report

pytestmark = [pytest.mark.e2e, pytest.mark.server]

WIDTH = 360


def test_a_visitor_searches_and_reads_a_practice_on_a_phone(browser, server, city, other_city):  # noqa: F811
    project = closed_project(city, "Doposcuola di quartiere con le famiglie", indicators=[("EECO01", "0", "40")])
    indicator_report(project, "EECO01", 32)
    published_practice(project, title="Doposcuola condiviso con le scuole del quartiere")
    published_practice(closed_project(other_city, "Orti"), title="Orti urbani sui tetti", lessons="L" * 40)
    context = browser.new_context(viewport={"width": WIDTH, "height": 800}, locale="it-IT")
    page = context.new_page()
    page.set_default_timeout(15000)
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))

    def console(message):  # our own pages' errors (Bootstrap Italia's vendored script styles inline)
        where = message.location.get("url", "")
        ours = where.startswith(server.url) and "/vendor/" not in where and not where.endswith("/favicon.ico")
        if message.type == "error" and ours:
            problems.append(f"{message.text} ({where})")

    page.on("console", console)
    page.goto(f"{server.url}/good-practices")
    assert page.locator("h1").inner_text() == "Buone pratiche"
    assert page.locator("[role=status]").inner_text() == "2 buone pratiche trovate"
    page.get_by_label("Cerca", exact=True).focus()
    page.keyboard.type("scuola")
    page.keyboard.press("Enter")
    page.wait_for_url("**/good-practices?q=scuola**")
    assert page.locator("[role=status]").inner_text() == "1 buona pratica trovata"
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
    page.get_by_role("link", name="Doposcuola condiviso con le scuole del quartiere").click()
    page.wait_for_url("**/good-practices/*")
    assert "le famiglie sono state coinvolte" in page.locator("#lessons-heading + p").inner_text()
    row = page.locator("table tbody tr").first
    assert row.locator("th").inner_text().startswith("EECO01") and "32" in row.locator("td").nth(2).inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
    if os.environ.get("PRACTICES_SCREENSHOT"):
        page.screenshot(path=os.environ["PRACTICES_SCREENSHOT"], full_page=True)
    assert problems == []
    context.close()
