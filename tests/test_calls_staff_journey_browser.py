"""Issue 9 "How it is checked", in headless Chromium on a real server, once in Italian and
once in English: an officer builds a call from two ideas ready for a call (the builder's
idea picker), puts it to consultation, answers a resident's comment, publishes a second
version with a reason, compares the two (the change highlighted) and opens the call; the
resident, on a phone, comments on a section by keyboard and sees the reply arrive without
reload; an applicant reads everything on one page on a phone (375 px, nothing wider) and
downloads the avviso PDF, whose text is checked with pypdf."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask_babel import force_locale
from flask_babel import gettext as _

from app.extensions import db
from app.models import Call, IdeaStage
from tests.e2e.conftest import browser  # noqa: F401 (the fixture)
from tests.e2e.pages import sign_in
from tests.factories.calls import staff_of
from tests.factories.ideas import create_idea
from tests.factories.needs import create_area
from tests.pdfs import pdf_text
from tests.test_calls_builder_browser import BUILDER_BOXES

pytestmark = [pytest.mark.e2e, pytest.mark.server]

PHONE = {"width": 375, "height": 800}
LOCALES = {"it": "it-IT", "en": "en-GB"}
TITLE = "Avviso «Quartieri che curano» – servizi di prossimità"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(scope="module")
def server(app, database_url, tmp_path_factory):
    """The real server of ``tests/conftest.py``, its jobs run at once: no job consumer runs
    beside it, and a PDF would otherwise wait for one (``app.pdf.PDF_WAIT_SECONDS``)."""
    from tests.server import ServerProcess

    process = ServerProcess(
        database_url,
        str(tmp_path_factory.mktemp("instance")),
        REDIS_URL=app.config["REDIS_URL"],
        SOCKETIO_CHANNEL=app.config["SOCKETIO_CHANNEL"],
        HUEY_IMMEDIATE="true",
    )
    process.start()
    yield process
    process.stop()


class Visitor:
    """One browser context (a person) on the server, collecting the page's own errors."""

    def __init__(self, browser, server, lang, **context):  # noqa: F811
        self.server, self.problems = server, []
        self.context = browser.new_context(locale=LOCALES[lang], **context)
        self.page = self.context.new_page()
        self.page.set_default_timeout(15000)
        self.page.on("pageerror", lambda error: self.problems.append(str(error)))
        self.page.on("console", self._console)
        # Map tiles come from the map server: not here.
        self.page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(server.url) else r.abort())

    def _console(self, message):
        where = message.location.get("url", "")
        if message.type == "error" and where.startswith(self.server.url) and "/vendor/" not in where:
            self.problems.append(f"{message.text} ({where})")

    def sign_in(self, user):
        sign_in(self.page, self.server.url, user)
        return self

    def go(self, path):
        self.page.goto(self.server.url + path)
        return self.page

    def step(self, to):
        with self.page.expect_navigation():
            self.page.locator(f"form:has(input[name=to][value={to}]) button[type=submit]").click()

    def fits(self) -> bool:
        return self.page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def thousands(n: int, lang: str) -> str:
    """``n`` thousand euros as the page writes it: 120.000 in Italian, 120,000 in English."""
    return f"{n}{'.' if lang == 'it' else ','}000"


def _build(officer: Visitor, city, ideas, area) -> int:
    page = officer.go(f"/{city.slug}/calls/new")
    for box, value in {
        **BUILDER_BOXES,
        "#title": TITLE,
        "#summary": "Servizi innovativi di inclusione sociale nei quartieri più fragili.",
        "#funds-1-ceiling": "200000",
        "#indirect_flat_rate_pct": "15",
        "#unit_costs-0-name": "Ora di educativa domiciliare",
        "#unit_costs-0-unit": "ora",
        "#unit_costs-0-rate": "32.50",
        "#results_share_pct": "20",
        "#min_achievement_pct": "50",
        "#indicators-0-code": "EECO01",
        "#attachments-0-name": "Statuto dell'ente",
    }.items():
        page.fill(box, value)
    page.select_option("#funds-0-fund", "FSE+")
    page.select_option("#funds-1-fund", "FESR")
    page.select_option("#areas-0-area", str(area.id))
    for form in ("aps", "social_cooperative"):  # by keyboard: the label covers the box
        page.focus(f"input[name=applicant_forms][value={form}]")
        page.keyboard.press("Space")
    page.select_option("#idea_ids", [str(i.id) for i in ideas])  # the idea picker
    with page.expect_navigation():
        page.locator("form[data-call-builder] button[type=submit]").click()
    assert "/calls/new" not in page.url, page.locator(".invalid-feedback, .alert").all_inner_texts()
    return int(page.url.rstrip("/").rsplit("/", 1)[1])


def _comment_by_keyboard(resident: Visitor, call_id: int, text: str):
    page = resident.go(f"/calls/{call_id}")
    page.focus("#section")
    page.select_option("#section", "budget")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "body"
    page.keyboard.type(text)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.type") == "submit"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_selector(f"[data-call-comments] >> text={text}")
    assert resident.fits()
    page.evaluate("window.__notReloaded = true")


def _reply(officer: Visitor, call_id: int, text: str):
    page = officer.go(f"/calls/{call_id}")
    reply = page.locator("[data-call-comments] textarea[id$=-reply]")
    prefix = reply.get_attribute("id").removesuffix("-reply")
    reply.fill(text)
    page.select_option(f"#{prefix}-outcome", "accepted")
    with page.expect_navigation():
        page.locator(f"form:has(#{prefix}-reply) button[type=submit]").click()
    page.wait_for_selector(f"text={text}")


def _second_version(officer: Visitor, call_id: int, reason: str):
    page = officer.go(f"/calls/{call_id}/edit")
    page.fill("#max_grant", "120000")
    page.fill("#reason", reason)
    with page.expect_navigation():
        page.locator("form[data-call-builder] button[type=submit]").click()
    assert page.url.endswith(f"/calls/{call_id}"), page.locator(".invalid-feedback, .alert").all_inner_texts()


def _compare(officer: Visitor, call_id: int, lang: str):
    page = officer.go(f"/calls/{call_id}")
    with page.expect_navigation():
        page.locator(f"a[href$='/calls/{call_id}/versions/compare?a=1&b=2']").click()
    changed = page.locator(".cantiere-compare-changed")
    assert changed.count() == 1
    with force_locale(lang):
        assert _("Maximum grant") in changed.inner_text()
    text = changed.inner_text()
    assert thousands(100, lang) in text and thousands(120, lang) in text
    same = page.locator(".cantiere-compare-row:not(.cantiere-compare-changed)").first
    style = "el => getComputedStyle(el).backgroundColor + ' ' + getComputedStyle(el).borderLeftStyle"
    assert changed.evaluate(style) != same.evaluate(style)  # highlighted, not only said


def _sections(lang: str) -> list[str]:
    with force_locale(lang):
        return [
            _("Where this call comes from"),
            _("Budget"),
            _("Who may apply"),
            _("Eligible areas"),
            _("Evaluation criteria"),
            _("Simplified cost options"),
            _("Payment on results"),
            _("Timing"),
            _("Timeline"),
            _("Documents"),
            _("What every application must attach"),
            _("Frequently asked questions"),
            _("Versions"),
            _("Consultation"),
        ]


def _reads_everything(applicant: Visitor, call_id: int, lang: str, ideas) -> str:
    page = applicant.go(f"/calls/{call_id}")
    headings = [" ".join(h.split()) for h in page.locator("main h2, main h3").all_inner_texts()]
    missing = [s for s in _sections(lang) if s not in headings]
    assert not missing, (missing, headings)
    main = page.locator("main").inner_text()
    money = (thousands(300, lang), thousands(200, lang))  # the ceiling of each fund
    for shown in ("FSE+", "FESR", *money, "Qualità", "Ora di educativa domiciliare"):
        assert shown in main, shown
    assert "EECO01" in main and "Statuto dell'ente" in main and "Allegato A" in main
    assert "(APS)" in main  # the eligible forms, by name
    assert page.locator("[data-origin-idea]").count() == 2
    assert all(page.locator(f"[data-origin-idea='{i.id}']").count() == 1 for i in ideas)
    page.locator("[data-call-areas-map] path[tabindex='0']").first.wait_for()
    page.locator("#faq summary").first.click()
    assert "Sì, anche in rete" in page.locator("#faq").inner_text()
    assert applicant.fits(), page.evaluate("document.documentElement.scrollWidth")
    with page.expect_download() as download:
        page.locator("a[href$='avviso.pdf?version=2']").click()
    body = open(download.value.path(), "rb").read()
    return pdf_text(body)


def _avviso_says(text: str, lang: str):
    assert "Quartieri che curano" in text and "3.3.1" in text
    assert thousands(120, lang) in text and "Qualità" in text and "Ora di educativa domiciliare" in text
    assert ("versione 2" if lang == "it" else "version 2") in text.lower()


@pytest.mark.parametrize("lang", ["it", "en"])
def test_the_call_journey_of_staff_resident_and_applicant(browser, server, city, resident, lang):  # noqa: F811
    staff = staff_of(city)
    area = create_area(city, "Japigia", intensity=80)
    ideas = [
        create_idea(city, title=title, stage=IdeaStage.READY_FOR_CALL)
        for title in ("Doposcuola diffuso a Japigia", "Orti sociali nel quartiere")
    ]
    officer = Visitor(browser, server, lang).sign_in(staff)
    call_id = _build(officer, city, ideas, area)
    officer.go(f"/calls/{call_id}")
    officer.step("consultation")
    page = officer.page
    page.locator("#faq details:has(form) > summary").click()
    page.fill("#question", "Possono partecipare reti di enti?")
    page.fill("#answer", "Sì, anche in rete con un capofila.")
    with page.expect_navigation():
        page.locator("form[action$='/faq'] button[type=submit]").click()
    page.locator("#documents details:has(form) > summary").click()
    page.fill("#title", "Allegato A – Modulo di domanda")
    page.set_input_files("#file", files=[{"name": "allegato-a.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    with page.expect_navigation():
        page.locator("form[action$='/documents'] button[type=submit]").click()

    phone = Visitor(browser, server, lang, viewport=PHONE).sign_in(resident)
    _comment_by_keyboard(phone, call_id, "Il contributo massimo non basta per un servizio di due anni.")
    _reply(officer, call_id, "Lo portiamo a 120.000 euro nella versione 2.")
    phone.page.wait_for_selector("[data-call-comments] >> text=Lo portiamo a 120.000 euro")
    assert phone.page.evaluate("window.__notReloaded") is True

    _second_version(officer, call_id, "Accolta l'osservazione sul contributo massimo")
    _compare(officer, call_id, lang)
    officer.go(f"/calls/{call_id}")
    officer.step("open")
    assert officer.page.locator("[data-call-status]").get_attribute("data-call-status") == "open"

    applicant = Visitor(browser, server, lang, viewport=PHONE, accept_downloads=True)
    _avviso_says(_reads_everything(applicant, call_id, lang, ideas), lang)
    db.session.expire_all()
    call = db.session.get(Call, call_id)
    assert (call.status.value, call.version, str(call.max_grant)) == ("open", 2, "120000.00")
    assert sorted(i.id for i in call.ideas) == sorted(i.id for i in ideas)
    assert {i.stage for i in call.ideas} == {IdeaStage.IN_CALL}
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Call)) == 1
    for person in (officer, phone, applicant):
        assert not person.problems, person.problems
        person.context.close()
