"""The call page by keyboard, in headless Chromium on a real server: Tab reaches every
control of every form on the page (the folded ones open with Enter on their summary), each
one shows where the focus is, a form is filled and sent with the keyboard alone, and the
headings go h1 → h2 → h3 without skipping a level (on the call page of every kind, the
compare page and the consultation report)."""

from __future__ import annotations

import itertools

import pytest

from app.calls import annexes, participation, services
from tests import factories
from tests.e2e.conftest import browser  # noqa: F401 (the fixture)
from tests.e2e.pages import sign_in
from tests.factories.calls import create_call, create_participation_call, staff_of
from tests.factories.ideas import create_idea
from tests.factories.organisations import create_organisation
from tests.test_calls_codesign import interest

pytestmark = [pytest.mark.e2e, pytest.mark.server]

#: Marks the focused element, and says whether the focus can be seen on it (an outline or
#: a ring drawn with box-shadow, the way Bootstrap Italia draws it).
FOCUS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const again = el.dataset.kbFirst === "1";
  if (!document.querySelector("[data-kb-first]")) el.dataset.kbFirst = "1";
  el.dataset.kbSeen = "1";
  const s = getComputedStyle(el);
  const outline = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0;
  const ring = s.boxShadow && s.boxShadow !== "none";
  return {tag: el.tagName, id: el.id, name: el.name || "", visible: outline || ring, again,
          summary: el.tagName === "SUMMARY" && !el.parentElement.open, inMain: !!el.closest("main")};
}"""

#: The controls of the page's forms that the keyboard must reach.
CONTROLS = """() => [...document.querySelectorAll(
  "main form input:not([type=hidden]), main form select, main form textarea, main form button")]
  .filter((el) => !el.disabled && el.getClientRects().length)
  .filter((el) => !el.dataset.kbSeen)
  .map((el) => `${el.tagName} #${el.id} ${el.name || el.textContent.trim()}`)"""

#: Headings of the main content in order: (level, text).
HEADINGS = """() => [...document.querySelectorAll("main h1, main h2, main h3, main h4, main h5, main h6")]
  .filter((h) => h.getClientRects().length).map((h) => [Number(h.tagName[1]), h.textContent.trim()])"""


def _page(browser, server, user=None):  # noqa: F811
    context = browser.new_context(viewport={"width": 375, "height": 800}, locale="it-IT")
    page = context.new_page()
    page.set_default_timeout(15000)
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(server.url) else r.abort())
    if user is not None:
        sign_in(page, server.url, user)
    return page


def _tab_through(page, limit: int = 400) -> list[dict]:
    """Tab from the top of the page to its end; open each folded form met on the way."""
    page.evaluate("window.scrollTo(0, 0); document.activeElement.blur()")
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUS)
        if focused is None:
            continue
        if focused["again"]:
            break  # round the page once
        seen.append(focused)
        if focused["summary"]:
            page.keyboard.press("Enter")
    return seen


def _assert_keyboard_page(page):
    seen = _tab_through(page)
    unseen = page.evaluate(CONTROLS)
    assert not unseen, f"not reached by Tab: {unseen}"
    hidden_focus = [f for f in seen if f["inMain"] and not f["visible"]]
    assert not hidden_focus, f"focus not visible on: {hidden_focus[:5]}"


def assert_headings_in_order(page):
    headings = page.evaluate(HEADINGS)
    assert headings and headings[0][0] == 1, headings[:3]
    assert [level for level, _ in headings].count(1) == 1, headings
    skips = [(a, b) for a, b in itertools.pairwise(headings) if b[0] > a[0] + 1]
    assert not skips, f"a heading skips a level: {skips}"


def _consultation_call(city, staff, resident):
    call = create_call(city, staff, attachments=[{"name": "Statuto", "description": "Copia vigente."}])
    services.transition_call(staff, call, {"to": "consultation"})
    services.comment_on_call(resident, call, {"section": "budget", "body": "Il massimo non basta."})
    annexes.add_faq(staff, call, {"question": "Reti di enti?", "answer": "Sì, con un capofila."})
    services.update_call(staff, call, {"max_grant": "120000.00", "reason": "Accolta l'osservazione"})
    return call


def test_every_form_of_a_call_in_consultation_by_keyboard(browser, server, city, resident):  # noqa: F811
    staff = staff_of(city)
    call = _consultation_call(city, staff, resident)
    for user in (staff, resident):
        page = _page(browser, server, user)
        page.goto(f"{server.url}/calls/{call.id}")
        _assert_keyboard_page(page)
        assert_headings_in_order(page)
        page.context.close()

    page = _page(browser, server, staff)  # a reply, by keyboard alone
    page.goto(f"{server.url}/calls/{call.id}")
    page.focus("[data-call-comments] textarea[id$=-reply]")
    page.keyboard.type("Lo portiamo a 120.000 euro.")
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")  # the outcome: the next choice
    page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Lo portiamo a 120.000 euro." in page.locator("[data-call-comments]").inner_text()
    for path in (f"/calls/{call.id}/versions/compare?a=1&b=2", f"/calls/{call.id}/consultation"):
        page.goto(server.url + path)
        assert_headings_in_order(page)
        _assert_keyboard_page(page)
    page.context.close()


def test_the_participation_forms_by_keyboard(browser, server, city, resident):  # noqa: F811
    staff = staff_of(city)
    owner = factories.create_user(city=city, name="Presidente APS")
    aps = create_organisation(city, owner, name="APS Il Cortile", runts_number="RUNTS-1")
    codesign = create_participation_call(city, staff)
    ideas = create_participation_call(city, staff, kind="ideas")
    for user, call in ((owner, codesign), (resident, ideas)):
        page = _page(browser, server, user)
        page.goto(f"{server.url}/calls/{call.id}")
        _assert_keyboard_page(page)
        assert_headings_in_order(page)
        page.context.close()
    participation.express_interest(owner, codesign, interest(aps, runts_number="RUNTS-1"))
    participation.answer_call(resident, ideas, {"idea": create_idea(city).id, "note": "Una proposta."})
    services.transition_call(staff, codesign, {"to": "admission"})
    services.transition_call(staff, ideas, {"to": "closed", "reason": "Termine anticipato."})
    page = _page(browser, server, staff)
    for call in (codesign, ideas):  # staff: decisions, shortlist and the table form
        page.goto(f"{server.url}/calls/{call.id}")
        _assert_keyboard_page(page)
        assert_headings_in_order(page)
    page.context.close()
