"""Samples for the evaluation routes in the permission matrix: an admissible application of
a call in evaluation, with the world's evaluator assigned to it. Staff of the city (and
admins) pass the object checks of the board, assignment, withdrawal and consensus; the
evaluator's own doors are ``login`` routes that answer 404 to anyone but the evaluator."""

from app.extensions import db
from app.models import CallStatus
from app.models.evaluation import Evaluation
from tests.factories.applications import open_call
from tests.factories.evaluations import admissible
from tests.matrix import SAMPLES, WORLD_BUILDERS, allow


def _build(world):
    call = open_call(world["city"], world["staff"], title="Avviso in valutazione")
    call.status = CallStatus.EVALUATION
    db.session.commit()
    application = admissible(call)
    evaluation = Evaluation(application=application, evaluator=world["evaluator"], assigned_by_id=world["staff"].id)
    db.session.add(evaluation)
    db.session.commit()
    world["eval_call"], world["eval_application"], world["evaluation"] = call, application, evaluation


WORLD_BUILDERS.append(_build)
SAMPLES.setdefault("application_id", lambda w: w["eval_application"].id)
SAMPLES["evaluation_id"] = lambda w: w["evaluation"].id

for endpoint, methods in (
    ("evaluations.board", ("GET",)),
    ("evaluations.auto_assign", ("POST",)),
    ("evaluations.assign", ("POST",)),
    ("evaluations.replace", ("POST",)),
    ("evaluations.consensus", ("GET", "POST")),
    ("api_evaluations.assign", ("POST",)),
    ("api_evaluations.auto_assign", ("POST",)),
    ("api_evaluations.consensus", ("POST",)),
):
    allow(endpoint, "staff", "admin", methods=methods)
