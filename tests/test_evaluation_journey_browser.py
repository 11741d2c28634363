"""Evaluation and award as the people do it, in headless Chromium: the evaluator declares no
conflict of interest and scores each criterion with a comment; the two evaluators disagree
and the officer records a consensus with its reasons; she publishes the ranking and awards
the grants; a funded applicant renounces and the first reserve is funded, in a new edition
of the public ranking."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from app.evaluations import scoring, services
from app.extensions import db
from app.models import Application, ApplicationStatus, Consensus
from app.models.ranking import RankingEdition
from app.rankings import services as rankings
from tests.e2e.conftest import browser  # noqa: F401 (the fixture)
from tests.e2e.pages import sign_in
from tests.factories.calls import staff_of
from tests.factories.evaluations import admissible, assign, create_evaluator, scores_for
from tests.factories.rankings import call_in_evaluation

pytestmark = [pytest.mark.e2e, pytest.mark.server, pytest.mark.usefixtures("in_request")]


def test_evaluate_agree_publish_award_and_the_reserve_moves_up(browser, server, city):  # noqa: F811
    staff = staff_of(city, name="Funzionaria Welfare")
    call = call_in_evaluation(
        city, staff, budget="200000.00", funds=[{"fund": "FSE+", "ceiling": "200000.00"}], evaluators_per_application=2
    )
    first, second, third = (
        admissible(call, title=title) for title in ("Cortili aperti", "Bottega dei ragazzi", "Sportello famiglie")
    )
    anna, bruno = create_evaluator(city, "Anna Valutatrice"), create_evaluator(city, "Bruno Valutatore")
    for application, marks in ((second, (32, 22, 22)), (third, (25, 20, 20))):
        for person in (anna, bruno):
            evaluation = assign(staff, application, person)
            services.declare(person, evaluation, {"conflict": False})
            scoring.submit_evaluation(person, evaluation, scores_for(call, marks))
    mine = assign(staff, first, anna)
    theirs = assign(staff, first, bruno)
    services.declare(bruno, theirs, {"conflict": False})
    scoring.submit_evaluation(bruno, theirs, scores_for(call, (20, 10, 10)))

    page = browser.new_context(viewport={"width": 375, "height": 812}, locale="en-GB").new_page()
    page.set_default_timeout(20000)
    sign_in(page, server.url, anna)
    page.goto(f"{server.url}/evaluations/{mine.id}")
    page.locator("button:has-text('Send the declaration')").click()
    for criterion, points in zip(call.criteria, (38, 28, 28), strict=True):
        page.fill(f"#points_{criterion.id}", str(points))
        page.fill(f"#comment_{criterion.id}", f"Motivazione per {criterion.name}.")
    page.locator("#submit_scores").click()
    expect(page.locator("main")).to_contain_text("Bruno Valutatore")  # once submitted, the others' scores show
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    officer = browser.new_context(locale="en-GB").new_page()
    officer.set_default_timeout(20000)
    sign_in(officer, server.url, staff)
    officer.goto(f"{server.url}/applications/{first.id}/consensus")
    for criterion, points in zip(call.criteria, ("30", "20", "20"), strict=True):
        officer.fill(f"#points_{criterion.id}", points)
    officer.fill("#reason", "In commissione: la rete è meno solida di quanto valutato da Anna.")
    officer.locator("button:has-text('Record the consensus')").click()
    officer.goto(f"{server.url}/calls/{call.id}/ranking")
    officer.fill("#reason", "Graduatoria approvata con determinazione dirigenziale n. 12.")
    officer.locator("button:has-text('Publish the ranking')").click()
    expect(officer.locator("main")).to_contain_text("Award the grants")
    officer.locator("button:has-text('Award the grants')").click()

    db.session.expire_all()
    outcomes = {a.title: a.status for a in db.session.query(Application).all()}
    assert outcomes == {
        "Bottega dei ragazzi": ApplicationStatus.FUNDED,
        "Cortili aperti": ApplicationStatus.FUNDED,
        "Sportello famiglie": ApplicationStatus.RESERVE,
    }
    owner = db.session.get(Application, first.id).organisation.members[0].user
    rankings.renounce(owner, db.session.get(Application, first.id), {"reason": "Il partner principale si è ritirato."})

    public = browser.new_context(locale="en-GB").new_page()
    public.goto(f"{server.url}/calls/{call.id}/ranking")
    expect(public.locator("main")).to_contain_text("Sportello famiglie")
    db.session.expire_all()
    assert db.session.get(Application, third.id).status is ApplicationStatus.FUNDED
    assert db.session.query(RankingEdition).filter_by(call_id=call.id).count() == 2  # the renounce: a new edition
    consensus = db.session.query(Consensus).one()
    assert consensus.application_id == first.id and consensus.total == 70
