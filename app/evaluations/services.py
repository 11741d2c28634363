"""Evaluations: the only place that writes them. Staff of the call's city assign evaluators
(one by one or balanced automatically, never one with an evident conflict of interest); the
evaluator first declares whether they have a conflict with the applicant or a partner (a
conflict ends the assignment and staff are told to replace them); scores, submission and
consensus are in ``app.evaluations.scoring``.

Every function checks who may act, loads ``app.evaluations.schemas``, writes, commits,
audits. An evaluation is not found (404) by anyone but its evaluator on the evaluator's
doors, so nobody learns what they are not assigned."""

from __future__ import annotations

import sqlalchemy as sa
from flask import url_for
from flask_babel import gettext as _

from app import audit
from app.calls.services import _save
from app.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from app.evaluations import queries
from app.evaluations.schemas import AssignInput, DeclarationInput
from app.extensions import db
from app.models import Application, ApplicationStatus, User
from app.models.base import utcnow
from app.models.call import Call
from app.models.evaluation import Evaluation, EvaluationStatus, evident_conflicts
from app.notifications.services import notify, notify_many
from app.schemas import load


def own(actor, evaluation: Evaluation | None) -> Evaluation:
    """The actor's own evaluation, or 404: nobody else reaches the evaluator's doors."""
    if evaluation is None or not evaluation.is_evaluator(actor):
        raise NotFound()
    return evaluation


def check_window(call: Call) -> None:
    if not queries.in_window(call):
        raise Conflict(
            _("Evaluators work on competitive calls in evaluation and on rolling calls while they are open.")
        )


def _check_admissible(application: Application) -> None:
    if application.status is not ApplicationStatus.ADMISSIBLE:
        raise Conflict(_("Only admissible applications are evaluated."))


def _lock(row: Application | Call) -> None:
    """Serialise assignments to one application (or one call's automatic assignment) until
    the transaction ends, then read the row afresh: a row lock on PostgreSQL; on SQLite a
    write, which takes the database's write lock."""
    model = type(row)
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(sa.select(model.id).where(model.id == row.id).with_for_update())
    else:
        db.session.execute(
            sa.update(model)
            .where(model.id == row.id)
            .values(updated_at=model.updated_at)
            .execution_options(synchronize_session=False)
        )
    db.session.expire(row)


def record(actor, action: str, evaluation: Evaluation, **data) -> None:
    """An audit entry of the evaluation, in its call's city, naming its application."""
    application = evaluation.application
    audit.record(actor, action, evaluation, city=application.call.city_id, application=application.id, **data)


def _new_evaluation(actor, application: Application, evaluator: User, **data) -> Evaluation:
    evaluation = Evaluation(application=application, evaluator=evaluator, assigned_by_id=actor.id)
    db.session.add(evaluation)
    record(actor, "evaluation.assign", evaluation, evaluator=evaluator.id, **data)
    return evaluation


def _tell_evaluator(evaluation: Evaluation) -> None:
    application = evaluation.application
    notify(
        evaluation.evaluator,
        "evaluation.assigned",
        url_for("evaluations.work", evaluation_id=evaluation.id),
        title=application.title,
        protocol=application.protocol or "",
    )


def _refusal(application: Application, user: User | None) -> str | None:
    """Why ``user`` cannot be assigned to ``application`` (``None``: they can)."""
    if user is None or not user.is_active or not user.is_evaluator_of(application.call.city_id):
        return _("Choose an evaluator of this city.")
    if any(e.evaluator_id == user.id for e in application.evaluations):
        return _("This evaluator is already assigned to the application, or declared a conflict on it.")
    if conflicts := evident_conflicts(application, user):
        return _(
            "This evaluator is a member of %(organisations)s: a conflict of interest.",
            organisations=", ".join(org.name for org in conflicts),
        )
    return None


def assign_evaluator(actor, application: Application, data: dict) -> Evaluation:
    """Staff assign an evaluator of the city, up to the call's evaluators per application."""
    call = application.call
    if not call.can_edit(actor):
        raise PermissionDenied()
    user_id = load(AssignInput, data)["user"]
    check_window(call)
    _check_admissible(application)

    def write():
        _lock(application)
        user = db.session.get(User, user_id)
        if (refusal := _refusal(application, user)) is not None:
            raise InvalidInput({"user": [refusal]})
        if queries.active_count(application) >= call.evaluators_per_application:
            raise Conflict(_("The application already has its %(n)s evaluators.", n=call.evaluators_per_application))
        evaluation = _new_evaluation(actor, application, user)
        _tell_evaluator(evaluation)
        return evaluation

    return _save(write)


def _plan(call: Call, evaluators: list[User]) -> list[tuple[Application, User]]:
    """Round robin by load: each admissible application gets the evaluators it lacks, the
    least loaded first (then by name), never one already on it or with an evident conflict."""
    load_of = queries.loads(call)
    plan = []
    for application in queries.admissible(call):
        _lock(application)
        needed = call.evaluators_per_application - queries.active_count(application)
        candidates = [u for u in evaluators if _refusal(application, u) is None]
        candidates.sort(key=lambda u: (load_of.get(u.id, 0), evaluators.index(u)))
        for user in candidates[: max(needed, 0)]:
            load_of[user.id] = load_of.get(user.id, 0) + 1
            plan.append((application, user))
    return plan


def auto_assign(actor, call: Call) -> dict:
    """Staff fill every admissible application of the call up to its evaluators per
    application; answers what was assigned and the applications still short of evaluators."""
    if not call.can_edit(actor):
        raise PermissionDenied()
    check_window(call)
    evaluators = queries.evaluators_of(call.city_id)
    if not evaluators:
        raise Conflict(_("No one holds the evaluator role in this city yet."))

    def write():
        _lock(call)
        made = [_new_evaluation(actor, a, u, auto=True) for a, u in _plan(call, evaluators)]
        db.session.flush()
        for evaluation in made:
            _tell_evaluator(evaluation)
        short = [a.id for a in queries.admissible(call) if queries.active_count(a) < call.evaluators_per_application]
        return {"assigned": made, "short": short}

    return _save(write)


def replace_evaluation(actor, evaluation: Evaluation) -> Evaluation:
    """Staff withdraw an assignment not yet submitted (the evaluator is then replaced)."""
    if not evaluation.application.call.can_edit(actor):
        raise PermissionDenied()
    if not evaluation.can_replace(actor):
        raise Conflict(_("A submitted evaluation stays; only one in progress can be withdrawn."))

    def write():
        evaluation.status = EvaluationStatus.REPLACED
        record(actor, "evaluation.replace", evaluation)
        return evaluation

    return _save(write)


def declare(actor, evaluation: Evaluation, data: dict) -> Evaluation:
    """The evaluator declares, before anything else, whether they have a conflict of
    interest with the applicant or a partner. A conflict ends the assignment; declaring none
    is refused when the platform sees one (the evaluator is a member of one of them)."""
    own(actor, evaluation)
    answer = load(DeclarationInput, data)
    if evaluation.status is not EvaluationStatus.ASSIGNED:
        raise Conflict(_("The declaration is already made."))
    application = evaluation.application
    check_window(application.call)
    if not answer["conflict"] and (conflicts := evident_conflicts(application, actor)):
        names = ", ".join(org.name for org in conflicts)
        raise InvalidInput(
            {"conflict": [_("You are a member of %(organisations)s: declare the conflict.", organisations=names)]}
        )

    def write():
        evaluation.status = EvaluationStatus.CONFLICT if answer["conflict"] else EvaluationStatus.DECLARED
        evaluation.conflict_note = answer["note"]
        evaluation.declared_at = utcnow()
        record(actor, "evaluation.declare", evaluation, conflict=answer["conflict"], note=answer["note"])
        if answer["conflict"]:
            notify_many(
                queries.staff_of(application.call),
                "evaluation.conflict",
                url_for("evaluations.board", call_id=application.call_id),
                exclude=[actor.id],
                evaluator=actor.display_name,
                title=application.title,
            )
        return evaluation

    return _save(write)
