"""The application draft in headless Chromium on a phone (375 px): what one types is saved
as one types (the status says when, in an aria-live region), survives a reload (everything
is on the server), and a save made meanwhile by someone else is shown as a conflict with
their version, never overwritten; the eligibility problems come and go as one types."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from app.applications import services
from app.errors import Conflict
from app.extensions import db
from app.models import Application
from tests import factories
from tests.e2e.conftest import browser  # noqa: F401 (the fixture)
from tests.factories.applications import open_call
from tests.factories.drafts import applicant_organisation, start_draft

pytestmark = [pytest.mark.e2e, pytest.mark.server]


def _ours(message) -> list[str]:
    """Console errors of the page but the answer the test expects: the conflict's 409."""
    where = message.location.get("url", "")
    if message.type != "error" or "/vendor/" in where or where.endswith("favicon.ico"):
        return []
    if "409 (CONFLICT)" in message.text:
        return []
    return [f"{message.text} ({where})"]


def test_autosave_reload_and_conflict_on_a_phone(browser, server, city):  # noqa: F811
    call = open_call(city, indirect_flat_rate_pct="10")
    organisation, owner = applicant_organisation(city)
    draft = start_draft(call, owner, organisation)
    context = browser.new_context(viewport={"width": 375, "height": 812}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15000)
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("console", lambda message: problems.extend(_ours(message)))
    page.goto(server.url + "/login")
    page.fill("#email", owner.email)
    page.fill("#password", factories.PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "/login" not in url)
    page.goto(f"{server.url}/applications/{draft.id}")

    page.fill("#summary", "")
    page.locator("#summary").focus()
    page.keyboard.type("Un presidio educativo aperto tutti i pomeriggi.")  # key by key, as one types
    status = page.locator("#save-status")
    expect(status).to_have_text(re.compile(r"^Saved at \d{1,2}:\d{2}"))
    assert status.get_attribute("aria-live") == "polite"
    page.fill("#budget_lines-0-description", "Educatrici")
    page.select_option("#budget_lines-0-category", "staff")
    page.fill("#budget_lines-0-amount", "40000")
    expect(page.locator("[data-total-cost]")).to_have_text("44000.00")
    add = page.locator("[data-rows=budget_lines] + button")
    add.focus()
    page.keyboard.press("Enter")  # a second line, by keyboard, focused
    assert page.evaluate("document.activeElement.name") == "budget_lines-1-category"
    page.select_option("#budget_lines-1-category", "goods")
    page.fill("#budget_lines-1-description", "Arredi")
    page.fill("#budget_lines-1-amount", "1000")
    expect(page.locator("[data-total-cost]")).to_have_text("45000.00")

    page.reload()
    assert page.input_value("#summary") == "Un presidio educativo aperto tutti i pomeriggi."
    assert page.locator("[data-total-cost]").inner_text() == "45000.00"
    assert page.input_value("#budget_lines-1-description") == "Arredi"
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    for _attempt in range(5):  # someone else saves meanwhile (after any save the page still had in flight)
        db.session.expire_all()
        try:
            services.update_application(
                owner, db.session.get(Application, draft.id), {"title": "Titolo salvato da una collega"}
            )
            break
        except Conflict:
            continue
    page.locator("#title").focus()
    page.keyboard.type(" (mia modifica)")
    conflict = page.locator("#conflict")
    conflict.wait_for(state="visible")
    assert "Titolo salvato da una collega" in conflict.inner_text()
    db.session.expire_all()
    assert db.session.get(Application, draft.id).title == "Titolo salvato da una collega"
    page.screenshot(path="/tmp/drafts-conflict.png", full_page=False)
    assert not problems, problems
    context.close()


def test_eligibility_problems_appear_and_go_as_one_types(browser, server, city):  # noqa: F811
    """The applicant sees the problems of the draft while typing (no reload): a grant above
    the call's maximum is named, and the problem goes once the grant is lowered."""
    call = open_call(city)
    organisation, owner = applicant_organisation(city)
    draft = start_draft(call, owner, organisation)
    context = browser.new_context(viewport={"width": 375, "height": 812}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15000)
    page.goto(server.url + "/login")
    page.fill("#email", owner.email)
    page.fill("#password", factories.PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "/login" not in url)
    page.goto(f"{server.url}/applications/{draft.id}")
    panel = page.locator("#eligibility")
    expect(panel).to_be_visible()
    page.evaluate("window.__notReloaded = true")

    page.fill("#requested_grant", "")
    page.locator("#requested_grant").focus()
    page.keyboard.type("900000")
    expect(panel).to_contain_text("The requested grant must be between")
    page.fill("#requested_grant", "")
    page.keyboard.type("100000")
    expect(panel).not_to_contain_text("The requested grant must be between")
    assert page.evaluate("window.__notReloaded") is True
    context.close()
