"""The evaluation endpoints of shared/API.md as a client meets them: staff assign
evaluators (limits, window, admissible only, conflicts), the evaluator declares first,
scores within the bounds with comments, submits; scores stay hidden until one's own is
submitted; unassigned people get 404; the mean score and the consensus."""

import pytest

from app.evaluations import scoring, services
from app.extensions import db
from app.models import ApplicationStatus, AuditEntry, CallStatus, Notification
from app.models.evaluation import Evaluation, EvaluationStatus
from tests import factories
from tests.factories.applications import create_application
from tests.factories.calls import staff_of
from tests.factories.evaluations import (  # noqa: F401  (fixtures)
    admissible,
    anna_fixture,
    application_fixture,
    assign,
    call_fixture,
    create_evaluator,
    evaluation_call,
    scores_for,
    staff_fixture,
)
from tests.factories.organisations import add_member

pytestmark = pytest.mark.usefixtures("in_request")


@pytest.fixture
def bruno(city):
    return create_evaluator(city, "Bruno Valutatore")


def test_staff_assign_an_evaluator_who_is_told(client, login, staff, application, anna):
    login(staff)
    answer = client.post(f"/api/v1/applications/{application.id}/evaluators", json={"user": anna.id})
    assert answer.status_code == 201
    evaluation = answer.json["evaluation"]
    assert evaluation["evaluator"]["id"] == anna.id and evaluation["status"] == "assigned"
    assert (
        db.session.scalar(db.select(Notification).where(Notification.user_id == anna.id)).kind == "evaluation.assigned"
    )
    entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "evaluation.assign"))
    assert entry.actor_id == staff.id and entry.data["evaluator"] == anna.id


def test_assignment_stops_at_the_calls_number_of_evaluators(client, login, city, staff, application, anna, bruno):
    login(staff)
    for person in (anna, bruno):
        assert (
            client.post(f"/api/v1/applications/{application.id}/evaluators", json={"user": person.id}).status_code
            == 201
        )
    third = create_evaluator(city)
    answer = client.post(f"/api/v1/applications/{application.id}/evaluators", json={"user": third.id})
    assert answer.status_code == 409
    again = client.post(f"/api/v1/applications/{application.id}/evaluators", json={"user": anna.id})
    assert again.status_code in (409, 422)


def test_only_evaluators_of_the_city_and_not_twice(client, login, city, other_city, staff, application, anna):
    login(staff)
    for person in (create_evaluator(other_city), staff):
        answer = client.post(f"/api/v1/applications/{application.id}/evaluators", json={"user": person.id})
        assert answer.status_code == 422 and "user" in answer.json["error"]["fields"]
    assert client.post(f"/api/v1/applications/{application.id}/evaluators", json={"user": anna.id}).status_code == 201
    answer = client.post(f"/api/v1/applications/{application.id}/evaluators", json={"user": anna.id})
    assert answer.status_code == 422


def test_only_admissible_applications_in_the_window(client, login, city, staff, call, anna):
    login(staff)
    submitted = create_application(call, status=ApplicationStatus.SUBMITTED)
    assert client.post(f"/api/v1/applications/{submitted.id}/evaluators", json={"user": anna.id}).status_code == 409
    application = admissible(call)
    call.status = CallStatus.CLOSED
    db.session.commit()
    assert client.post(f"/api/v1/applications/{application.id}/evaluators", json={"user": anna.id}).status_code == 409


def test_rolling_calls_are_evaluated_while_open(client, login, city, staff, anna):
    call = evaluation_call(city, staff, status=CallStatus.OPEN, kind="rolling")
    application = admissible(call)
    login(staff)
    assert client.post(f"/api/v1/applications/{application.id}/evaluators", json={"user": anna.id}).status_code == 201


def test_a_member_of_the_applicant_or_a_partner_is_not_assigned(client, login, staff, application, anna):
    add_member(application.organisation, anna)
    login(staff)
    answer = client.post(f"/api/v1/applications/{application.id}/evaluators", json={"user": anna.id})
    assert answer.status_code == 422
    assert application.organisation.name in answer.json["error"]["fields"]["user"][0]


def test_others_may_not_assign(client, login, city, application, anna):
    for person in (anna, staff_of(create_city_b()), create_evaluator(city)):
        login(person)
        answer = client.post(f"/api/v1/applications/{application.id}/evaluators", json={"user": anna.id})
        assert answer.status_code == 403


def create_city_b():
    return factories.create_city(name="Lecce", slug="lecce")


def test_declaration_comes_before_scores(client, login, staff, call, application, anna):
    evaluation = assign(staff, application, anna)
    login(anna)
    answer = client.put(f"/api/v1/evaluations/{evaluation.id}", json=scores_for(call))
    assert answer.status_code == 409
    assert client.post(f"/api/v1/evaluations/{evaluation.id}/submit").status_code == 409
    declared = client.post(f"/api/v1/evaluations/{evaluation.id}/declaration", json={"conflict": False})
    assert declared.status_code == 200 and declared.json["status"] == "declared"
    assert client.put(f"/api/v1/evaluations/{evaluation.id}", json=scores_for(call)).status_code == 200
    again = client.post(f"/api/v1/evaluations/{evaluation.id}/declaration", json={"conflict": True, "note": "Ora sì"})
    assert again.status_code == 409


def test_a_conflict_ends_the_assignment_and_staff_are_told(client, login, staff, call, application, anna, bruno):
    evaluation = assign(staff, application, anna)
    login(anna)
    answer = client.post(f"/api/v1/evaluations/{evaluation.id}/declaration", json={"conflict": True})
    assert answer.status_code == 422 and "note" in answer.json["error"]["fields"]
    answer = client.post(
        f"/api/v1/evaluations/{evaluation.id}/declaration", json={"conflict": True, "note": "Sono socia dell'APS."}
    )
    assert answer.json["status"] == "conflict"
    db.session.expire_all()
    assert not application.is_assigned(anna)
    notes = db.session.scalars(db.select(Notification).where(Notification.user_id == staff.id)).all()
    assert [n.kind for n in notes] == ["evaluation.conflict"]
    own = client.get(f"/api/v1/applications/{application.id}/evaluations").json["items"]
    assert [(e["id"], e["status"]) for e in own] == [(evaluation.id, "conflict")]
    assert client.put(f"/api/v1/evaluations/{evaluation.id}", json=scores_for(call)).status_code == 409
    # the place is free again: two others can be assigned
    login(staff)
    assert client.post(f"/api/v1/applications/{application.id}/evaluators", json={"user": bruno.id}).status_code == 201


def test_an_evident_conflict_is_flagged_and_cannot_be_denied(client, login, staff, call, application, anna):
    evaluation = assign(staff, application, anna)
    add_member(application.organisation, anna)  # joined after the assignment
    login(anna)
    seen = client.get(f"/api/v1/evaluations/{evaluation.id}").json
    assert seen["evident_conflicts"] == [application.organisation.name]
    answer = client.post(f"/api/v1/evaluations/{evaluation.id}/declaration", json={"conflict": False})
    assert answer.status_code == 422 and "conflict" in answer.json["error"]["fields"]
    page = client.get(f"/evaluations/{evaluation.id}")
    assert application.organisation.name in page.text


def _declared(staff, application, evaluator, client, login):
    evaluation = assign(staff, application, evaluator)
    login(evaluator)
    client.post(f"/api/v1/evaluations/{evaluation.id}/declaration", json={"conflict": False})
    return evaluation


def test_points_within_bounds_and_comments_required(client, login, staff, call, application, anna):
    evaluation = _declared(staff, application, anna, client, login)
    first = call.criteria[0]  # 40 points
    cases = [
        ({"criterion": first.id, "points": "40.01", "comment": "Ottimo"}, "scores.0.points"),
        ({"criterion": first.id, "points": "-1", "comment": "Ottimo"}, "scores.0.points"),
        ({"criterion": first.id, "points": "20", "comment": " "}, "scores.0.comment"),
        ({"criterion": first.id, "points": "20"}, "scores.0.comment"),
        ({"criterion": 999999, "points": "20", "comment": "Ottimo"}, "scores.0.criterion"),
    ]
    for row, field in cases:
        answer = client.put(f"/api/v1/evaluations/{evaluation.id}", json={"scores": [row]})
        assert answer.status_code == 422, row
        assert field in answer.json["error"]["fields"], answer.json
    ok = client.put(
        f"/api/v1/evaluations/{evaluation.id}",
        json={"scores": [{"criterion": first.id, "points": "40", "comment": "Ottimo"}]},
    )
    assert ok.status_code == 200 and ok.json["total"] == "40.00"


def test_submit_needs_every_criterion_and_freezes(client, login, staff, call, application, anna):
    evaluation = _declared(staff, application, anna, client, login)
    partial = scores_for(call)
    partial["scores"] = partial["scores"][:2]
    client.put(f"/api/v1/evaluations/{evaluation.id}", json=partial)
    answer = client.post(f"/api/v1/evaluations/{evaluation.id}/submit")
    assert answer.status_code == 422 and call.criteria[2].name in answer.json["error"]["fields"]["scores"][0]
    client.put(f"/api/v1/evaluations/{evaluation.id}", json=scores_for(call, (30, 20, 25)))
    done = client.post(f"/api/v1/evaluations/{evaluation.id}/submit")
    assert done.status_code == 200 and done.json["status"] == "submitted" and done.json["total"] == "75.00"
    assert client.put(f"/api/v1/evaluations/{evaluation.id}", json=scores_for(call)).status_code == 409
    assert client.post(f"/api/v1/evaluations/{evaluation.id}/submit").status_code == 409
    actions = set(db.session.scalars(db.select(AuditEntry.action).where(AuditEntry.action.like("evaluation.%"))))
    assert actions == {"evaluation.assign", "evaluation.declare", "evaluation.score", "evaluation.submit"}


def test_other_scores_hidden_until_ones_own_is_submitted(client, login, staff, call, application, anna, bruno):
    first = _declared(staff, application, anna, client, login)
    client.put(f"/api/v1/evaluations/{first.id}", json=scores_for(call, (38, 28, 28), comment="Commento di Anna"))
    client.post(f"/api/v1/evaluations/{first.id}/submit")
    second = _declared(staff, application, bruno, client, login)
    assert client.get(f"/api/v1/evaluations/{first.id}").status_code == 404
    listing = client.get(f"/api/v1/applications/{application.id}/evaluations").json["items"]
    assert [e["id"] for e in listing] == [second.id]
    assert "Commento di Anna" not in client.get(f"/evaluations/{second.id}").text
    client.put(f"/api/v1/evaluations/{second.id}", json=scores_for(call, (20, 10, 10)))
    client.post(f"/api/v1/evaluations/{second.id}/submit")
    listing = client.get(f"/api/v1/applications/{application.id}/evaluations").json["items"]
    assert {e["id"] for e in listing} == {first.id, second.id}
    assert "Commento di Anna" in client.get(f"/evaluations/{second.id}").text


def test_unassigned_people_get_404(client, login, city, staff, call, application, anna):
    evaluation = assign(staff, application, anna)
    stranger = create_evaluator(city)
    login(stranger)
    assert client.get(f"/api/v1/evaluations/{evaluation.id}").status_code == 404
    assert client.post(f"/api/v1/evaluations/{evaluation.id}/declaration", json={"conflict": False}).status_code == 404
    assert client.put(f"/api/v1/evaluations/{evaluation.id}", json=scores_for(call)).status_code == 404
    assert client.post(f"/api/v1/evaluations/{evaluation.id}/submit").status_code == 404
    assert client.get(f"/api/v1/applications/{application.id}/evaluations").status_code == 404
    assert client.get(f"/evaluations/{evaluation.id}").status_code == 404
    assert client.get("/api/v1/evaluations").json["items"] == []
    login(anna)
    assert [e["id"] for e in client.get("/api/v1/evaluations").json["items"]] == [evaluation.id]


def test_score_is_the_mean_then_the_consensus(client, login, staff, call, application, anna, bruno):
    for person, points in ((anna, (38, 28, 28)), (bruno, (20, 10, 10))):
        evaluation = _declared(staff, application, person, client, login)
        client.put(f"/api/v1/evaluations/{evaluation.id}", json=scores_for(call, points))
        client.post(f"/api/v1/evaluations/{evaluation.id}/submit")
    db.session.refresh(application)
    assert str(application.score) == "67.00"  # (94 + 40) / 2
    login(staff)
    board = client.get(f"/api/v1/applications/{application.id}/evaluations").json
    assert board["disagreement"]["spread"] is not None and len(board["disagreement"]["criteria"]) == 3
    body = {"scores": [{"criterion": c.id, "points": p} for c, p in zip(call.criteria, ("30", "20", "20"))]}
    assert client.post(f"/api/v1/applications/{application.id}/consensus", json=body).status_code == 422  # reason
    body["reason"] = "Il gruppo concorda su una valutazione intermedia della rete."
    short = {"scores": body["scores"][:2], "reason": body["reason"]}
    assert client.post(f"/api/v1/applications/{application.id}/consensus", json=short).status_code == 422
    answer = client.post(f"/api/v1/applications/{application.id}/consensus", json=body)
    assert answer.status_code == 201 and answer.json["total"] == "70.00"
    db.session.refresh(application)
    assert str(application.score) == "70.00"
    entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "evaluation.consensus"))
    assert entry.data["reason"] == body["reason"] and entry.data["total"] == "70.00"
    login(anna)
    assert client.post(f"/api/v1/applications/{application.id}/consensus", json=body).status_code == 403


def test_no_disagreement_when_close(client, login, staff, call, application, anna, bruno, app):
    for person, points in ((anna, (30, 20, 20)), (bruno, (32, 22, 22))):
        evaluation = _declared(staff, application, person, client, login)
        client.put(f"/api/v1/evaluations/{evaluation.id}", json=scores_for(call, points))
        client.post(f"/api/v1/evaluations/{evaluation.id}/submit")
    login(staff)
    assert client.get(f"/api/v1/applications/{application.id}/evaluations").json["disagreement"] is None
    app.config["EVALUATION_DISAGREEMENT_POINTS"] = 5
    try:
        flagged = client.get(f"/api/v1/applications/{application.id}/evaluations").json["disagreement"]
    finally:
        app.config["EVALUATION_DISAGREEMENT_POINTS"] = 10
    assert flagged["total"] == "6.00" or str(flagged["total"]) in ("6", "6.00")


def test_auto_assignment_is_balanced_and_avoids_conflicts(client, login, city, staff, call):
    people = [create_evaluator(city, f"Valutatore {n}") for n in range(3)]
    applications = [admissible(call) for _ in range(3)]
    add_member(applications[0].organisation, people[0])
    login(staff)
    answer = client.post(f"/api/v1/calls/{call.id}/evaluators/auto")
    assert answer.status_code == 200 and answer.json["short"] == []
    assert len(answer.json["assigned"]) == 6  # 3 applications × 2 evaluators
    rows = db.session.scalars(db.select(Evaluation)).all()
    loads = {p.id: sum(1 for e in rows if e.evaluator_id == p.id) for p in people}
    assert sorted(loads.values()) == [2, 2, 2]
    assert people[0].id not in {e.evaluator_id for e in rows if e.application_id == applications[0].id}
    again = client.post(f"/api/v1/calls/{call.id}/evaluators/auto")
    assert again.json["assigned"] == []


def test_auto_assignment_reports_applications_it_cannot_fill(client, login, city, staff, call):
    only = create_evaluator(city)
    application = admissible(call)
    login(staff)
    answer = client.post(f"/api/v1/calls/{call.id}/evaluators/auto")
    assert answer.json["short"] == [application.id]
    assert [e["evaluator"]["id"] for e in answer.json["assigned"]] == [only.id]
    call.status = CallStatus.RANKING_PUBLISHED
    db.session.commit()
    assert client.post(f"/api/v1/calls/{call.id}/evaluators/auto").status_code == 409


def test_staff_replace_an_evaluation_in_progress(client, login, staff, application, anna):
    evaluation = assign(staff, application, anna)
    services.replace_evaluation(staff, evaluation)
    assert evaluation.status is EvaluationStatus.REPLACED and not application.is_assigned(anna)


def test_applicants_read_their_scores_once_the_ranking_is_out(client, login, staff, call, application, anna):
    evaluation = assign(staff, application, anna)
    services.declare(anna, evaluation, {"conflict": False})
    scoring.submit_evaluation(anna, evaluation, scores_for(call, comment="Rete solida ma impatto poco misurabile."))
    applicant = application.organisation.members[0].user
    login(applicant)
    assert client.get(f"/api/v1/applications/{application.id}/evaluations").status_code == 404
    call.status = CallStatus.RANKING_PUBLISHED
    db.session.commit()
    items = client.get(f"/api/v1/applications/{application.id}/evaluations").json["items"]
    assert [i["scores"][0]["comment"] for i in items] == ["Rete solida ma impatto poco misurabile."]
    assert items[0]["evaluator"] is None
    other = admissible(call)
    login(other.organisation.members[0].user)
    assert client.get(f"/api/v1/applications/{application.id}/evaluations").status_code == 404
