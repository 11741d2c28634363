"""Consultation in two browsers on a real server: a resident on a phone comments on a
section of the call, the officer replies from her own browser, and the reply appears on
the resident's open page without reload (and is announced to screen readers)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.calls import services
from app.extensions import db
from app.models import CallComment
from tests.e2e.conftest import browser  # noqa: F401 (the fixture)
from tests.e2e.pages import sign_in
from tests.factories.calls import create_call, staff_of

pytestmark = [pytest.mark.e2e, pytest.mark.server]


def _signed_in(browser, server, user, **context):  # noqa: F811
    page = browser.new_context(locale="en-GB", **context).new_page()
    page.set_default_timeout(15000)
    sign_in(page, server.url, user)
    return page


def test_the_reply_reaches_the_resident_without_reload(browser, server, city, resident):  # noqa: F811
    staff = staff_of(city)
    call = create_call(city, staff, title="Avviso per nuovi servizi di prossimità")
    services.transition_call(staff, call, {"to": "consultation"})

    phone = _signed_in(browser, server, resident, viewport={"width": 375, "height": 800})
    problems: list[str] = []
    phone.on("pageerror", lambda error: problems.append(str(error)))
    phone.goto(f"{server.url}/calls/{call.id}")
    phone.select_option("#section", "budget")
    phone.fill("#body", "Il contributo massimo non basta per un servizio di due anni.")
    phone.locator("#consultation form button[type=submit]").click()
    phone.wait_for_selector("text=Il contributo massimo non basta")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    phone.evaluate("window.__notReloaded = true")

    officer = _signed_in(browser, server, staff)
    officer.goto(f"{server.url}/calls/{call.id}")
    comment_id = db.session.scalar(sa.select(CallComment.id))
    officer.fill(f"#comment-{comment_id}-reply", "Lo portiamo a 120.000 euro nella versione 2.")
    officer.select_option(f"#comment-{comment_id}-outcome", "accepted")
    officer.locator(f"form:has(#comment-{comment_id}-reply) button[type=submit]").click()
    officer.wait_for_selector("text=Lo portiamo a 120.000 euro")

    phone.wait_for_selector("[data-call-comments] >> text=Lo portiamo a 120.000 euro")
    assert phone.evaluate("window.__notReloaded") is True
    phone.wait_for_function("document.querySelector('[data-live-announcer]').textContent.includes('replied')")
    assert not problems, problems
