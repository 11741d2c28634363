"""Staff's evaluation board of a call (``/calls/<id>/evaluation``): every admissible
application with its evaluators, their status and totals, disagreement flags, assignment
(one evaluator, or all automatically) and the consensus page. Same services as the API."""

from __future__ import annotations

from decimal import Decimal

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from app.errors import Conflict, InvalidInput, NotFound
from app.evaluations import bp, labels, queries, scoring, services
from app.evaluations.forms import AssignForm, scores_form
from app.evaluations.routes import renamed, rows_of
from app.extensions import db
from app.models import Application
from app.models.call import Call
from app.models.evaluation import Evaluation
from app.permissions import object_permission, require
from app.web import ConfirmForm, submit_form

STAFF = "staff of the call's city"


def _call(call_id: int) -> Call:
    call = db.session.get(Call, call_id)
    if call is None:
        raise NotFound()
    require(call.can_edit(current_user))
    return call


def _application(application_id: int) -> Application:
    application = db.session.get(Application, application_id)
    if application is None:
        raise NotFound()
    require(application.call.can_edit(current_user))  # first: the same answer in every state
    if application.is_draft:
        raise NotFound()
    return application


def _assign_form(application: Application, evaluators) -> AssignForm:
    form = AssignForm(formdata=None, prefix=f"a{application.id}")
    taken = {e.evaluator_id for e in application.evaluations}
    form.user.choices = [("", "—")] + [(str(u.id), u.display_name) for u in evaluators if u.id not in taken]
    return form


@bp.route("/calls/<int:call_id>/evaluation")
@object_permission(STAFF)
def board(call_id):
    call = _call(call_id)
    evaluators = queries.evaluators_of(call.city_id)
    rows = [
        {
            "application": a,
            "evaluations": a.evaluations,
            "active": queries.active_count(a),
            "disagreement": queries.disagreement(a),
            "consensus": queries.latest_consensus(a),
            "form": _assign_form(a, evaluators),
        }
        for a in queries.admissible(call, queries.EVALUATED)
    ]
    return render_template(
        "evaluations/board.html",
        call=call,
        rows=rows,
        evaluators=evaluators,
        loads=queries.loads(call),
        open=queries.in_window(call),
        confirm=ConfirmForm(),
        labels=labels,
    )


def _flash_domain(fn) -> bool:
    try:
        fn()
    except (Conflict, InvalidInput) as error:
        messages = [m for ms in getattr(error, "fields", {}).values() for m in ms] or [error.message]
        for message in messages:
            flash(message, "danger")
        return False
    return True


@bp.route("/calls/<int:call_id>/evaluators/auto", methods=["POST"])
@object_permission(STAFF)
def auto_assign(call_id):
    call = _call(call_id)
    form = ConfirmForm()
    result = {}
    if form.validate_on_submit() and _flash_domain(lambda: result.update(services.auto_assign(current_user, call))):
        made = len(result["assigned"])
        flash(ngettext("%(num)s evaluator assigned.", "%(num)s evaluators assigned.", made), "success")
        if result["short"]:
            flash(
                _("Some applications still lack evaluators: add evaluators to the city or assign by hand."), "warning"
            )
    return redirect(url_for("evaluations.board", call_id=call.id))


@bp.route("/applications/<int:application_id>/evaluators", methods=["POST"])
@object_permission(STAFF)
def assign(application_id):
    application = _application(application_id)
    form = AssignForm(prefix=f"a{application.id}")
    data = {"user": form.user.data or None}
    if form.validate_on_submit() and _flash_domain(lambda: services.assign_evaluator(current_user, application, data)):
        flash(_("Evaluator assigned."), "success")
    return redirect(url_for("evaluations.board", call_id=application.call_id))


@bp.route("/evaluations/<int:evaluation_id>/replace", methods=["POST"])
@object_permission(STAFF)
def replace(evaluation_id):
    evaluation = db.session.get(Evaluation, evaluation_id)
    if evaluation is None:
        raise NotFound()
    require(evaluation.application.call.can_edit(current_user))
    if ConfirmForm().validate_on_submit() and _flash_domain(
        lambda: services.replace_evaluation(current_user, evaluation)
    ):
        flash(_("The assignment is withdrawn: assign another evaluator."), "info")
    return redirect(url_for("evaluations.board", call_id=evaluation.application.call_id))


def _propose(form, application: Application) -> None:
    """Start from the current consensus, else each criterion's mean of the submitted points."""
    current = queries.latest_consensus(application)
    done = queries.submitted(application)
    for criterion in application.call.criteria:
        if current is not None and str(criterion.id) in current.scores:
            value = Decimal(current.scores[str(criterion.id)])
        else:
            points = [s.points for e in done if (s := e.score_for(criterion.id)) is not None]
            value = (sum(points, Decimal("0")) / len(points)).quantize(Decimal("0.01")) if points else None
        if value is not None:
            form[f"points_{criterion.id}"].data = f"{value.normalize():f}"


@bp.route("/applications/<int:application_id>/consensus", methods=["GET", "POST"])
@object_permission(STAFF)
def consensus(application_id):
    """Each evaluator's points per criterion side by side, and the consensus form."""
    application = _application(application_id)
    criteria = application.call.criteria
    form = scores_form(criteria, with_comments=False)()

    def action():
        rows, sent = rows_of(form, criteria, comments=False)
        try:
            return scoring.record_consensus(current_user, application, {"scores": rows, "reason": form.reason.data})
        except InvalidInput as error:
            raise renamed(error, sent) from None

    done = submit_form(form, action)
    if not form.is_submitted():
        _propose(form, application)
    if done.done:
        flash(_("Consensus score recorded."), "success")
        return redirect(url_for("evaluations.board", call_id=application.call_id))
    return render_template(
        "evaluations/consensus.html",
        application=application,
        call=application.call,
        criteria=criteria,
        evaluations=queries.submitted(application),
        disagreement=queries.disagreement(application),
        current=queries.latest_consensus(application),
        form=form,
    ), done.status
