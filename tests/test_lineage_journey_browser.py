"""A resident follows their need to the funded project and its results, in headless Chromium
on a phone (360 px): from the account menu to "What happened to my needs", where the need
reads as a chain down to the project's latest approved value, then to the need's own page,
whose panel says what it became; nothing is wider than the screen."""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from app.extensions import db
from tests import factories
from tests.e2e.conftest import browser  # noqa: F401 (the fixture)
from tests.e2e.pages import sign_in
from tests.factories.ideas import create_idea
from tests.factories.needs import create_need
from tests.factories.projects import funded_project, indicator_report
from tests.factories.workshops import create_workshop

pytestmark = [pytest.mark.e2e, pytest.mark.server]


def _fits(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the page is {width} px wide on a 360 px phone"


def test_a_resident_follows_their_need_to_the_project_results_on_a_phone(browser, server, city):  # noqa: F811
    rosa = factories.create_user(city=city, name="Rosa")
    need = create_need(city, rosa, title="Manca un doposcuola a Japigia")
    workshop = create_workshop(city=city, status="closed", needs=[need], title="Laboratorio Japigia")
    idea = create_idea(city, need=need, title="Doposcuola nel centro civico", workshop_id=workshop.id)
    project = funded_project(city, "Doposcuola diffuso", indicators=[("EECO01", "10", "110")])
    project.application.ideas = [idea]
    project.call.ideas.append(idea)
    db.session.commit()
    indicator_report(project, "EECO01", 60, measured_on=date(2026, 6, 30))

    phone = browser.new_context(viewport={"width": 360, "height": 740}, locale="en-GB").new_page()
    phone.set_default_timeout(20000)
    sign_in(phone, server.url, rosa)

    phone.goto(server.url + "/")
    phone.locator("#account-menu").click()
    phone.get_by_role("link", name="What happened to my needs").click()
    phone.wait_for_url(re.compile(r"/profile/needs$"))
    expect(phone.get_by_role("heading", level=1)).to_have_text("What happened to my needs")
    card = phone.locator(f"[data-my-need='{need.id}']")
    expect(card).to_contain_text("You raised this need")
    for text in ("Doposcuola nel centro civico", "Laboratorio Japigia", project.call.title, "Doposcuola diffuso"):
        expect(card).to_contain_text(text)
    results = card.locator("[data-lineage-results]")
    expect(results.locator("caption")).to_contain_text("Doposcuola diffuso")
    expect(results.locator("tbody tr").first).to_contain_text("60")
    expect(results.locator("tbody tr").first).to_contain_text("110")
    _fits(phone)

    card.get_by_role("link", name="Manca un doposcuola a Japigia").click()
    phone.wait_for_url(re.compile(rf"/needs/{need.id}$"))
    panel = phone.locator("[data-lineage-panel]")
    expect(panel.get_by_role("heading", name="What it became", exact=True)).to_be_visible()
    expect(panel.locator("[data-lineage-kind='project']")).to_contain_text("Doposcuola diffuso")
    expect(panel.locator("[data-lineage-results] tbody")).to_contain_text("60")
    _fits(phone)

    # the idea's page tells where it came from, and links back to the need
    panel.get_by_role("link", name="Doposcuola nel centro civico").click()
    phone.wait_for_url(re.compile(rf"/ideas/{idea.id}$"))
    came = phone.locator("[data-lineage-panel] [data-lineage-side='came_from']")
    expect(came).to_contain_text("Manca un doposcuola a Japigia")
    expect(came).to_contain_text("the idea was born here")
    _fits(phone)
