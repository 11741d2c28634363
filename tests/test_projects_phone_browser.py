"""On a 360 px phone, as a resident and as staff: the list of funded projects, a project's
page (its tables scroll inside their box, the page itself never sideways) and the manage
page, where staff save a milestone by keyboard alone."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.extensions import db
from tests.e2e.conftest import browser  # noqa: F401 (the fixture)
from tests.e2e.pages import sign_in
from tests.factories.projects import funded_project, indicator_report

pytestmark = [pytest.mark.e2e, pytest.mark.server]

WIDTH = 360


def test_a_phone_reads_the_projects_and_staff_save_by_keyboard(browser, server, city):  # noqa: F811
    project = funded_project(
        city,
        "Cortili aperti: laboratori di quartiere per bambine, bambini e famiglie",
        indicators=[("EECO01", "10", "110")],
    )
    indicator_report(project, "EECO01", 35)
    project.cup = "J81B21000010006"
    db.session.commit()
    context = browser.new_context(viewport={"width": WIDTH, "height": 760}, locale="it-IT")
    page = context.new_page()
    page.set_default_timeout(15000)
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(server.url) else r.abort())

    page.goto(f"{server.url}/projects")
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
    page.get_by_role("link", name="Cortili aperti: laboratori di quartiere per bambine, bambini e famiglie").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Cortili aperti")
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
    assert "35" in page.locator("section[aria-labelledby=indicators-title] table").inner_text()

    sign_in(page, server.url, project.call.created_by)
    page.goto(f"{server.url}/projects/{project.id}/manage")
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
    name = page.locator("#milestones-3-name")
    name.focus()
    page.keyboard.type("Festa di quartiere")
    page.keyboard.press("Tab")
    page.keyboard.type((project.starts_on + timedelta(days=40)).strftime("%d%m%Y"))
    page.locator("#milestones-3-name").press("Enter")
    page.wait_for_url(f"{server.url}/projects/{project.id}")
    assert "Festa di quartiere" in page.locator("table", has_text="Scadenza").inner_text()
    assert not problems, problems
    context.close()
