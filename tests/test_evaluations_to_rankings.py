"""The evaluations feed the rankings: the points per criterion of the submitted evaluations
(their means, or the consensus) are what the ranking checks each threshold against, and a
rolling call decides an application as soon as its required evaluations are in."""

from decimal import Decimal

import pytest

from app.evaluations import scoring, services
from app.extensions import db
from app.models import ApplicationStatus
from app.rankings import compute
from app.rankings import services as rankings
from tests.factories.applications import create_application
from tests.factories.calls import staff_of
from tests.factories.evaluations import assign, create_evaluator, evaluation_call, scores_for
from tests.factories.rankings import open_rolling_call

pytestmark = pytest.mark.usefixtures("in_request")


def evaluate(staff, application, evaluators, points):
    for person, marks in zip(evaluators, points, strict=True):
        evaluation = assign(staff, application, person)
        services.declare(person, evaluation, {"conflict": False})
        scoring.submit_evaluation(person, evaluation, scores_for(application.call, marks))


def test_criterion_means_and_consensus_reach_the_ranking(city):
    staff = staff_of(city)
    call = evaluation_call(city, staff, evaluators_per_application=2)
    application = create_application(call, status=ApplicationStatus.ADMISSIBLE)
    anna, bruno = create_evaluator(city, "Anna"), create_evaluator(city, "Bruno")
    evaluate(staff, application, [anna, bruno], [(30, 20, 20), (20, 10, 10)])
    db.session.refresh(application)
    first = call.criteria[0]
    assert application.score == Decimal("55.00")
    assert compute.criterion_points(application)[first.id] == Decimal("25.00")
    scoring.record_consensus(
        staff,
        application,
        {
            "scores": [{"criterion": c.id, "points": p} for c, p in zip(call.criteria, ("18", "20", "25"))],
            "reason": "Il punteggio sulla qualità è rivisto in commissione.",
        },
    )
    db.session.refresh(application)
    assert application.score == Decimal("63") and compute.criterion_points(application)[first.id] == Decimal("18")


def test_a_rolling_call_decides_as_soon_as_the_evaluations_are_in(city):
    staff = staff_of(city)
    call = open_rolling_call(city, staff, evaluators_per_application=1)
    application = create_application(call, status=ApplicationStatus.ADMISSIBLE, requested_grant="100000.00")
    left = call.budget_left
    evaluate(staff, application, [create_evaluator(city)], [(35, 25, 25)])
    db.session.expire_all()
    decided = db.session.get(type(application), application.id)
    assert decided.status is ApplicationStatus.FUNDED
    assert decided.call.budget_left == left - Decimal("100000.00")


def test_applicants_read_their_scores_and_comments_once_the_ranking_is_out(client, login, city):
    staff = staff_of(city)
    call = evaluation_call(city, staff, evaluators_per_application=1)
    application = create_application(call, status=ApplicationStatus.ADMISSIBLE)
    owner = application.organisation.members[0].user
    anna = create_evaluator(city, "Anna Riservata")
    evaluate(staff, application, [anna], [(30, 20, 20)])
    login(owner)
    page = f"/applications/{application.id}/submit"
    assert "Motivazione del punteggio." not in client.get(page).text  # not before the ranking
    rankings.publish_ranking(staff, call, {"reason": "Determina n. 7."})
    text = client.get(page).text
    assert "La valutazione della tua domanda" in text and "Motivazione del punteggio." in text
    assert "Anna Riservata" not in text  # evaluators are not named to the applicants
