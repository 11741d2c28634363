"""The evaluation pages as people meet them: the evaluator's list with progress, the
declaration, the scoring form (draft, errors on the right box, submit); staff's board
(assign, automatic assignment, disagreement flag, withdraw) and consensus page; the audit
trail read by the authority; the XSS corpus through notes, comments and reasons."""

import pytest

from app.evaluations import scoring, services
from app.extensions import db
from app.models import AuditEntry, Role
from app.models.evaluation import EvaluationStatus
from tests import factories
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
from tests.xss import PAYLOADS, assert_no_xss

pytestmark = pytest.mark.usefixtures("in_request")
EN = {"Accept-Language": "en"}


def _form(call, points=("30", "20", "25"), comment="Proposta chiara e ben motivata."):
    data = {}
    for criterion, value in zip(call.criteria, points, strict=True):
        data[f"points_{criterion.id}"] = value
        data[f"comment_{criterion.id}"] = comment
    return data


def test_the_evaluator_declares_scores_saves_and_submits(client, login, staff, call, application, anna):
    evaluation = assign(staff, application, anna)
    login(anna)
    listing = client.get("/evaluations", headers=EN)
    assert "Orti condivisi a Japigia" in listing.text and "0 of 3 criteria scored" in listing.text
    page = client.get(f"/evaluations/{evaluation.id}", headers=EN)
    assert "Declaration on conflicts of interest" in page.text and "points_" not in page.text
    done = client.post(f"/evaluations/{evaluation.id}/declaration", data={"note": ""}, headers=EN)
    assert done.status_code == 302
    page = client.get(f"/evaluations/{evaluation.id}", headers=EN)
    assert "Save the draft" in page.text and "Submit the evaluation" in page.text
    first = call.criteria[0]
    draft = {f"points_{first.id}": "45", f"comment_{first.id}": "Troppo", "save": "1"}
    wrong = client.post(f"/evaluations/{evaluation.id}/scores", data=draft, headers=EN)
    assert wrong.status_code == 422 and "At most 40 points" in wrong.text
    assert f'id="points_{first.id}-error"' in wrong.text
    draft[f"points_{first.id}"] = "35"
    assert client.post(f"/evaluations/{evaluation.id}/scores", data=draft).status_code == 302
    assert "1 of 3 criteria scored" in client.get("/evaluations", headers=EN).text
    page = client.get(f"/evaluations/{evaluation.id}")
    assert 'value="35"' in page.text  # the draft is back in the box
    missing = client.post(f"/evaluations/{evaluation.id}/scores", data={**draft, "submit_scores": "1"}, headers=EN)
    assert missing.status_code == 422 and "Score every criterion" in missing.text
    final = client.post(f"/evaluations/{evaluation.id}/scores", data={**_form(call), "submit_scores": "1"})
    assert final.status_code == 302
    db.session.expire_all()
    assert evaluation.status is EvaluationStatus.SUBMITTED and str(application.score) == "75.00"
    page = client.get(f"/evaluations/{evaluation.id}", headers=EN)
    assert "Your evaluation" in page.text and "Proposta chiara" in page.text


def test_a_comment_is_required_on_the_form(client, login, staff, call, application, anna):
    evaluation = assign(staff, application, anna)
    services.declare(anna, evaluation, {"conflict": False})
    login(anna)
    first = call.criteria[0]
    answer = client.post(
        f"/evaluations/{evaluation.id}/scores", data={f"points_{first.id}": "10", "save": "1"}, headers=EN
    )
    assert answer.status_code == 422 and f'id="comment_{first.id}-error"' in answer.text


def test_declaring_a_conflict_on_the_page(client, login, staff, application, anna):
    evaluation = assign(staff, application, anna)
    login(anna)
    refused = client.post(f"/evaluations/{evaluation.id}/declaration", data={"conflict": "y"}, headers=EN)
    assert refused.status_code == 422 and "Say briefly what the conflict" in refused.text
    client.post(
        f"/evaluations/{evaluation.id}/declaration", data={"conflict": "y", "note": "Mia sorella presiede l'APS."}
    )
    page = client.get(f"/evaluations/{evaluation.id}", headers=EN)
    assert "You declared a conflict of interest" in page.text


def test_the_board_assigns_by_hand_and_automatically(client, login, city, staff, call, application, anna):
    bruno = create_evaluator(city, "Bruno Valutatore")
    other = admissible(call, title="Doposcuola diffuso")
    login(staff)
    page = client.get(f"/calls/{call.id}/evaluation", headers=EN)
    assert page.status_code == 200 and "Orti condivisi a Japigia" in page.text and "Doposcuola diffuso" in page.text
    answer = client.post(f"/applications/{application.id}/evaluators", data={f"a{application.id}-user": str(anna.id)})
    assert answer.status_code == 302 and application.is_assigned(anna)
    client.post(f"/calls/{call.id}/evaluators/auto")
    db.session.expire_all()
    assert application.is_assigned(bruno) and other.is_assigned(anna) and other.is_assigned(bruno)
    page = client.get(f"/calls/{call.id}/evaluation", headers=EN)
    assert page.text.count("To declare") == 4


def test_the_board_flags_a_disagreement_and_records_a_consensus(client, login, city, staff, call, application, anna):
    bruno = create_evaluator(city, "Bruno Valutatore")
    for person, points in ((anna, (38, 28, 28)), (bruno, (20, 10, 10))):
        evaluation = assign(staff, application, person)
        services.declare(person, evaluation, {"conflict": False})
        scoring.submit_evaluation(person, evaluation, scores_for(call, points))
    login(staff)
    board = client.get(f"/calls/{call.id}/evaluation", headers=EN)
    assert "Disagreement" in board.text and "Totals differ by 54" in board.text
    page = client.get(f"/applications/{application.id}/consensus", headers=EN)
    assert "Anna Valutatrice" in page.text and "Bruno Valutatore" in page.text
    assert f'name="points_{call.criteria[0].id}" type="text" value="29"' in page.text  # (38 + 20) / 2 proposed
    form = {f"points_{c.id}": p for c, p in zip(call.criteria, ("30", "20", "20"), strict=True)}
    refused = client.post(f"/applications/{application.id}/consensus", data={**form, "reason": ""}, headers=EN)
    assert refused.status_code == 422
    done = client.post(
        f"/applications/{application.id}/consensus", data={**form, "reason": "Sintesi condivisa in commissione."}
    )
    assert done.status_code == 302
    db.session.expire_all()
    assert str(application.score) == "70.00"
    assert "Consensus" in client.get(f"/calls/{call.id}/evaluation", headers=EN).text


def test_staff_withdraw_an_assignment_from_the_board(client, login, staff, application, anna):
    evaluation = assign(staff, application, anna)
    login(staff)
    assert client.post(f"/evaluations/{evaluation.id}/replace").status_code == 302
    db.session.expire_all()
    assert evaluation.status is EvaluationStatus.REPLACED


def test_the_board_is_staffs_only(client, login, city, call, anna):
    for person in (anna, factories.create_user(city=city)):
        login(person)
        assert client.get(f"/calls/{call.id}/evaluation").status_code == 403


def test_every_step_is_in_the_audit_trail_read_by_the_authority(client, login, city, staff, call, application, anna):
    bruno = create_evaluator(city)
    evaluation = assign(staff, application, anna)
    services.declare(anna, evaluation, {"conflict": False})
    scoring.save_scores(anna, evaluation, scores_for(call))
    scoring.submit_evaluation(anna, evaluation)
    second = assign(staff, application, bruno)
    services.declare(bruno, second, {"conflict": False})
    scoring.submit_evaluation(bruno, second, scores_for(call, (10, 10, 10)))
    body = {
        "scores": [{"criterion": c.id, "points": "20"} for c in call.criteria],
        "reason": "Media ragionata dei due.",
    }
    scoring.record_consensus(staff, application, body)
    actions = {a for a in db.session.scalars(db.select(AuditEntry.action)) if a.startswith("evaluation.")}
    assert actions == {
        "evaluation.assign",
        "evaluation.declare",
        "evaluation.score",
        "evaluation.submit",
        "evaluation.consensus",
    }
    login(factories.create_user(role=Role.AUTHORITY))
    log = client.get("/admin/audit?action=evaluation.")
    assert log.status_code == 200 and "evaluation.consensus" in log.text
    login(staff)
    assert "evaluation.declare" in client.get("/admin/audit?action=evaluation.").text


def test_xss_through_notes_comments_and_reasons(client, login, city, staff, call, anna):
    for payload in PAYLOADS:
        application = admissible(call, title="Prova")
        conflicted = create_evaluator(city)
        ended = assign(staff, application, conflicted)
        services.declare(conflicted, ended, {"conflict": True, "note": payload})
        login(conflicted)
        assert_no_xss(client.get(f"/evaluations/{ended.id}").text)
        evaluators = [create_evaluator(city), create_evaluator(city)]
        evaluations = [assign(staff, application, person) for person in evaluators]
        for person, evaluation in zip(evaluators, evaluations, strict=True):
            services.declare(person, evaluation, {"conflict": False})
            scoring.submit_evaluation(person, evaluation, scores_for(call, comment=payload))
        login(evaluators[0])
        assert_no_xss(client.get(f"/evaluations/{evaluations[0].id}").text)  # the other's comment too
        body = {"scores": [{"criterion": c.id, "points": "20"} for c in call.criteria], "reason": payload + " motivo"}
        scoring.record_consensus(staff, application, body)
        login(staff)
        assert_no_xss(client.get(f"/applications/{application.id}/consensus").text)
        assert_no_xss(client.get(f"/calls/{call.id}/evaluation").text)
    assert_no_xss(client.get("/admin/audit?action=evaluation.").text)


def test_features_are_told_when_an_applications_evaluations_are_complete(city, staff, call, application, anna):
    told = []
    scoring.COMPLETED.append(lambda actor, done: told.append((actor.id, done.id)))
    try:
        bruno = create_evaluator(city)
        for person in (anna, bruno):
            evaluation = assign(staff, application, person)
            services.declare(person, evaluation, {"conflict": False})
            scoring.submit_evaluation(person, evaluation, scores_for(call))
            assert len(told) == (0 if person is anna else 1)
    finally:
        scoring.COMPLETED.pop()
    assert told == [(bruno.id, application.id)]
