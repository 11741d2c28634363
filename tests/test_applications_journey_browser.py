"""An organisation applies as it would, in headless Chromium on a phone (375 px): it starts
a draft from the call page, fills it in (saved as it types), sees the eligibility problems
the draft still has, invites a partner who accepts from their own browser, fixes the rest,
submits and downloads the receipt with its protocol number."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect

from app.extensions import db
from app.models import Application, ApplicationPartner, ApplicationStatus, PartnerAnswer
from tests.e2e.conftest import browser  # noqa: F401 (the fixture)
from tests.e2e.pages import sign_in
from tests.factories.applications import open_call
from tests.factories.drafts import applicant_organisation
from tests.pdfs import pdf_text

pytestmark = [pytest.mark.e2e, pytest.mark.server]


def _partner_status(application_id: int):
    db.session.expire_all()
    row = db.session.query(ApplicationPartner).filter_by(application_id=application_id).first()
    return row.status if row else None


def _until(condition, seconds: float = 15) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the server did not get there in time"
        time.sleep(0.2)


def test_an_organisation_applies_with_a_partner_and_gets_its_protocol(browser, server, city):  # noqa: F811
    call = open_call(city, title="Avviso per servizi di prossimità nei quartieri")
    applicant, rosa = applicant_organisation(city, "APS Quartiere Vivo")
    partner, marco = applicant_organisation(city, "Cooperativa Sociale Il Ponte")
    phone = browser.new_context(viewport={"width": 375, "height": 812}, locale="en-GB").new_page()
    phone.set_default_timeout(20000)
    sign_in(phone, server.url, rosa)

    phone.goto(f"{server.url}/calls/{call.id}/apply")
    phone.select_option("#organization", str(applicant.id))
    phone.fill("#title", "Cortili aperti")
    phone.fill("#summary", "Pomeriggi educativi nei cortili delle case popolari.")
    phone.locator("main form button[type=submit]").click()
    phone.wait_for_url(re.compile(r"/applications/\d+$"))
    application_id = int(phone.url.rsplit("/", 1)[1])

    panel = phone.locator("#eligibility")
    expect(panel).to_be_visible()
    expect(panel).to_contain_text("partner")  # the call asks for one partner: none yet
    phone.fill("#duration_months", "18")
    phone.select_option("#partners-0-organization", str(partner.id))
    phone.select_option("#budget_lines-0-category", "staff")
    phone.select_option("#budget_lines-0-fund", "FSE+")
    phone.fill("#budget_lines-0-description", "Educatrici e animatori")
    phone.fill("#budget_lines-0-amount", "110000")
    phone.fill("#requested_grant", "100000")
    phone.fill("#cofinancing", "10000")
    phone.fill("#indicators-0-target", "120")
    for box in ("#truthful", "#no_double_funding", "#privacy"):
        phone.locator(box).check(force=True)  # the panel above moves as each save lands
    expect(phone.locator("#save-status")).to_have_text(re.compile(r"^Saved at"))
    _until(lambda: _partner_status(application_id) == PartnerAnswer.INVITED)  # the invitation left with a save

    other = browser.new_context(locale="en-GB").new_page()
    other.set_default_timeout(20000)
    sign_in(other, server.url, marco)
    other.goto(f"{server.url}/applications")
    other.locator("button[name=accept][value='1']").click()
    _until(lambda: _partner_status(application_id) == PartnerAnswer.ACCEPTED)

    phone.fill("#summary", "Pomeriggi educativi nei cortili delle case popolari, con la cooperativa.")
    expect(panel).to_contain_text("No eligibility problem found so far.", timeout=15000)
    expect(phone.locator("#save-status")).to_have_text(re.compile(r"^Saved at"))
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375

    phone.goto(f"{server.url}/applications/{application_id}/submit")
    phone.locator("label[for=confirm]").click()  # Bootstrap Italia draws the box on the label
    phone.locator("main form button[type=submit]:has-text('Submit the application')").click()
    expect(phone.locator("main")).to_contain_text(re.compile(r"1/\d{4}"))
    with phone.expect_download() as download:
        phone.locator("a:has-text('receipt')").first.click()
    text = pdf_text(open(download.value.path(), "rb").read())
    assert "Cortili aperti" in text and re.search(r"1/\d{4}", text)
    db.session.expire_all()
    submitted = db.session.get(Application, application_id)
    assert submitted.status is ApplicationStatus.SUBMITTED and submitted.protocol_number == 1
