"""The network map in a real browser (headless Chromium on a real server): cytoscape draws
the city's organisations under the strict CSP, and a keyboard user finds one with the select."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from app.models import LegalForm
from tests import factories
from tests.factories import ideas as fi
from tests.factories import organisations as fo

pytestmark = pytest.mark.server

CHROMIUM = os.environ.get("CANTIERE_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"The browser tests need Chromium at {CHROMIUM} (sudo apt-get install chromium).", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"], headless=True)
        yield chromium
        chromium.close()


def test_the_map_draws_and_a_keyboard_user_finds_an_organisation(server, browser, city):
    owner = factories.create_user(city=city)
    names = ["APS Japigia Viva", "ODV Il Ponte", "Museo del Mare", "Università degli Studi di Bari Aldo Moro"]
    orgs = [
        fo.create_organisation(city, owner, name=name, legal_form=form)
        for name, form in zip(
            names, [LegalForm.APS, LegalForm.ODV, LegalForm.MUSEUM, LegalForm.UNIVERSITY], strict=True
        )
    ]
    fo.create_organisation(city, owner, name="<img src=x onerror=alert(1)>")
    fo.create_partnership(fi.create_idea(city), orgs[0], [orgs[1], orgs[3]])
    fo.create_partnership(fi.create_idea(city), orgs[2], [orgs[3]])

    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-GB")
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))

    def console(message):
        # The foundation's Bootstrap Italia bundle sets two inline styles on every page, and
        # the site has no favicon: neither is this page's doing.
        where = message.location.get("url", "")
        if message.type == "error" and "bootstrap-italia" not in where and "favicon" not in where:
            problems.append(f"{message.text} @ {message.location}")

    page.on("console", console)
    page.on("dialog", lambda dialog: problems.append("dialog: " + dialog.message) or dialog.dismiss())
    page.goto(server.url + "/c/bari/network")
    page.locator("#network-map canvas").first.wait_for(timeout=15000)
    assert "4 organisations on the map" in page.locator("[data-network-status]").text_content()
    page.select_option("#n-pick", label="Museo del Mare")
    details = page.locator("[data-network-details]")
    details.wait_for()
    assert "Museo del Mare" in details.text_content() and "Partners: 1" in details.text_content()
    page.click("label[for=n-isolated]")  # Bootstrap Italia draws the box on the label
    page.wait_for_function("document.querySelector('[data-network-status]').textContent.includes('5 organisations')")
    page.select_option("#n-form", "museum")
    page.wait_for_url("**form=museum**")
    page.locator("#network-map canvas").first.wait_for(timeout=15000)
    assert (
        "1 organisation on the map" in page.locator("[data-network-status]").text_content()
    )  # the plural is right now (t() with ngettext forms)
    assert problems == []
    context.close()
