"""``/api/v1`` evaluation endpoints (``shared/API.md``): staff assign evaluators (one, or
all automatically, balanced), the assigned evaluator declares conflicts of interest, scores
and submits, staff record a consensus. Bodies are ``app.evaluations.schemas``, loaded once,
by the services. The evaluator's doors answer 404 to anyone but the evaluator, and an
application's evaluations 404 to anyone neither staff of its call nor assigned to it."""

from __future__ import annotations

import marshmallow as ma
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import fields

from app.api import RESOURCES
from app.api.schemas import answers
from app.errors import NotFound
from app.evaluations import queries, scoring, services
from app.evaluations.schemas import AssignInput, ConsensusInput, DeclarationInput, ScoresInput
from app.extensions import db
from app.models import Application
from app.models.call import Call
from app.models.evaluation import Evaluation, EvaluationStatus
from app.permissions import login_required, object_permission, require

blp = Blueprint("api_evaluations", __name__, description="Evaluation of applications")
RESOURCES.append(blp)

STAFF = "staff of the call's city"


class ScoreOut(ma.Schema):
    criterion = fields.Integer(metadata={"description": "the criterion's id in the call"})
    points = fields.String(metadata={"description": "decimal string"})
    comment = fields.String()


class EvaluationOut(ma.Schema):
    id = fields.Integer()
    application = fields.Integer()
    call = fields.Integer()
    title = fields.String()
    protocol = fields.String(allow_none=True)
    evaluator = fields.Dict(allow_none=True, metadata={"description": "{id, name}; null for the applicants"})
    status = fields.String(metadata={"enum": [s.value for s in EvaluationStatus]})
    conflict_note = fields.String()
    assigned_at = fields.String(metadata={"format": "date-time"})
    declared_at = fields.String(allow_none=True, metadata={"format": "date-time"})
    submitted_at = fields.String(allow_none=True, metadata={"format": "date-time"})
    total = fields.String(metadata={"description": "points, decimal string"})
    scores = fields.List(fields.Nested(ScoreOut))
    evident_conflicts = fields.List(
        fields.String(), metadata={"description": "to the evaluator: organisations of the application they belong to"}
    )


class AssignedOut(ma.Schema):
    evaluation = fields.Nested(EvaluationOut)


class EvaluationList(ma.Schema):
    items = fields.List(fields.Nested(EvaluationOut))


class AutoOut(ma.Schema):
    assigned = fields.List(fields.Nested(EvaluationOut))
    short = fields.List(fields.Integer(), metadata={"description": "applications still lacking evaluators"})


class ConsensusOut(ma.Schema):
    id = fields.Integer()
    application = fields.Integer()
    scores = fields.List(fields.Dict(), metadata={"description": "[{criterion, points}]"})
    total = fields.String()
    reason = fields.String()
    by = fields.Integer(allow_none=True)
    at = fields.String(metadata={"format": "date-time"})


class ApplicationEvaluationsOut(ma.Schema):
    items = fields.List(fields.Nested(EvaluationOut))
    score = fields.String(allow_none=True, metadata={"description": "the application's score (staff)"})
    disagreement = fields.Dict(allow_none=True, metadata={"description": "staff: {spread, total, criteria}"})
    consensus = fields.Nested(ConsensusOut, allow_none=True)


def _application(application_id: int) -> Application:
    application = db.session.get(Application, application_id)
    if application is None or application.is_draft:
        raise NotFound()
    return application


def _decided_by_staff(application_id: int) -> Application:
    """The application for staff of its call (403 for everyone else, asked first: the
    answer does not depend on the application's state); a draft is not found."""
    application = db.session.get(Application, application_id)
    if application is None:
        raise NotFound()
    require(application.call.can_edit(current_user))
    if application.is_draft:
        raise NotFound()
    return application


def _evaluation(evaluation_id: int) -> Evaluation:
    """The evaluation for its evaluator or staff of the call; 404 for everyone else."""
    evaluation = db.session.get(Evaluation, evaluation_id)
    if evaluation is None or not evaluation.can_view(current_user):
        raise NotFound()
    return evaluation


def _out(evaluation: Evaluation) -> dict:
    return queries.evaluation_json(evaluation, current_user)


@blp.route("/applications/<int:application_id>/evaluators", methods=["POST"])
@object_permission(STAFF)
@answers(blp, AssignedOut, 403, 404, 409, 422, status=201, body=AssignInput, signed_in=True)
def assign(data, application_id):
    application = _decided_by_staff(application_id)
    return {"evaluation": _out(services.assign_evaluator(current_user, application, data))}


@blp.route("/calls/<int:call_id>/evaluators/auto", methods=["POST"])
@object_permission(STAFF)
@answers(blp, AutoOut, 403, 404, 409, signed_in=True)
def auto_assign(call_id):
    call = db.session.get(Call, call_id)
    if call is None:
        raise NotFound()
    require(call.can_edit(current_user))
    result = services.auto_assign(current_user, call)
    return {"assigned": [_out(e) for e in result["assigned"]], "short": result["short"]}


@blp.route("/applications/<int:application_id>/evaluations", methods=["GET"])
@login_required
@answers(blp, ApplicationEvaluationsOut, 404, signed_in=True)
def application_evaluations(application_id):
    """Staff of the call: every evaluation, disagreement and consensus; an assigned
    evaluator: their own, and the others' submitted ones after submitting theirs; the
    applicants: the submitted ones (scores and comments, not names) once the ranking is out."""
    application = _application(application_id)
    items = queries.visible(application, current_user)
    if not items and not application.call.can_edit(current_user):
        raise NotFound()
    out = {"items": [_out(e) for e in items]}
    if application.call.can_edit(current_user):
        consensus = queries.latest_consensus(application)
        out["score"] = None if application.score is None else f"{application.score:.2f}"
        out["disagreement"] = queries.disagreement(application)
        out["consensus"] = queries.consensus_json(consensus) if consensus else None
    return out


@blp.route("/applications/<int:application_id>/consensus", methods=["POST"])
@object_permission(STAFF)
@answers(blp, ConsensusOut, 403, 404, 409, 422, status=201, body=ConsensusInput, signed_in=True)
def consensus(data, application_id):
    application = _decided_by_staff(application_id)
    return queries.consensus_json(scoring.record_consensus(current_user, application, data))


@blp.route("/evaluations", methods=["GET"])
@login_required
@answers(blp, EvaluationList, signed_in=True)
def my_evaluations():
    """The signed-in evaluator's assignments."""
    return {"items": [_out(e) for e in queries.work_of(current_user)]}


@blp.route("/evaluations/<int:evaluation_id>", methods=["GET"])
@login_required
@answers(blp, EvaluationOut, 404, signed_in=True)
def get_evaluation(evaluation_id):
    return _out(_evaluation(evaluation_id))


@blp.route("/evaluations/<int:evaluation_id>/declaration", methods=["POST"])
@login_required
@answers(blp, EvaluationOut, 404, 409, 422, body=DeclarationInput, signed_in=True)
def declaration(data, evaluation_id):
    evaluation = services.own(current_user, db.session.get(Evaluation, evaluation_id))
    return _out(services.declare(current_user, evaluation, data))


@blp.route("/evaluations/<int:evaluation_id>", methods=["PUT"])
@login_required
@answers(blp, EvaluationOut, 404, 409, 422, body=ScoresInput, signed_in=True)
def save_scores(data, evaluation_id):
    evaluation = services.own(current_user, db.session.get(Evaluation, evaluation_id))
    return _out(scoring.save_scores(current_user, evaluation, data))


@blp.route("/evaluations/<int:evaluation_id>/submit", methods=["POST"])
@login_required
@answers(blp, EvaluationOut, 404, 409, 422, signed_in=True)
def submit(evaluation_id):
    evaluation = services.own(current_user, db.session.get(Evaluation, evaluation_id))
    return _out(scoring.submit_evaluation(current_user, evaluation))
