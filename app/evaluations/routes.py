"""The evaluator's pages: "Le mie valutazioni" (``/evaluations``) and one evaluation's work
page (declaration, then the scoring form, then the submitted scores with the others').
Nobody but the evaluator finds them (404). Staff's board is in ``routes_board``."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.errors import InvalidInput
from app.evaluations import bp, labels, queries, scoring, services
from app.evaluations.forms import DeclarationForm, scores_form
from app.extensions import db
from app.main.routes import ACCOUNT_MENU
from app.models.evaluation import Evaluation, EvaluationStatus, evident_conflicts
from app.permissions import login_required
from app.web import form_data, submit_form

ACCOUNT_MENU.append(("evaluations.mine", _l("My evaluations")))


@bp.route("/evaluations")
@login_required
def mine():
    """The evaluator's work, with the progress of each assignment."""
    return render_template("evaluations/mine.html", evaluations=queries.work_of(current_user), labels=labels)


def rows_of(form, criteria, comments: bool = True) -> tuple[list[dict], list[int]]:
    """The score rows of a filled form (criteria left empty are not sent) and the criterion
    id of each row sent, to place the service's ``scores.<n>.<field>`` errors back."""
    rows, sent = [], []
    for criterion in criteria:
        points = (form[f"points_{criterion.id}"].data or "").strip()
        row = {"criterion": criterion.id, "points": points}
        if comments:
            row["comment"] = form[f"comment_{criterion.id}"].data or ""
        if points or row.get("comment", "").strip():
            rows.append(row)
            sent.append(criterion.id)
    return rows, sent


def renamed(error: InvalidInput, sent: list[int]) -> InvalidInput:
    """``scores.1.points`` → ``points_<id of the second row sent>``; the rest unchanged."""
    fields: dict[str, list[str]] = {}
    for name, messages in error.fields.items():
        parts = name.split(".")
        if len(parts) == 3 and parts[0] == "scores" and parts[1].isdigit() and int(parts[1]) < len(sent):
            key = "points" if parts[2] in ("points", "criterion") else parts[2]
            name = f"{key}_{sent[int(parts[1])]}"
        fields.setdefault(name, []).extend(messages)
    return InvalidInput(fields, message=error.message)


def _fill(form, evaluation: Evaluation) -> None:
    for score in evaluation.scores:
        form[f"points_{score.criterion_id}"].data = f"{score.points.normalize():f}"
        form[f"comment_{score.criterion_id}"].data = score.comment


def _own(evaluation_id: int) -> Evaluation:
    return services.own(current_user, db.session.get(Evaluation, evaluation_id))


def _page(evaluation: Evaluation, declaration=None, scores=None, status: int = 200):
    application = evaluation.application
    criteria = application.call.criteria
    if scores is None and evaluation.status is EvaluationStatus.DECLARED:
        scores = scores_form(criteria)(formdata=None)
        _fill(scores, evaluation)
    others = [e for e in queries.visible(application, current_user) if e is not evaluation]
    page = render_template(
        "evaluations/work.html",
        evaluation=evaluation,
        application=application,
        criteria=criteria,
        conflicts=evident_conflicts(application, current_user),
        declaration=declaration or DeclarationForm(formdata=None),
        scores=scores,
        others=others,
        labels=labels,
    )
    return page, status


@bp.route("/evaluations/<int:evaluation_id>")
@login_required
def work(evaluation_id):
    return _page(_own(evaluation_id))


@bp.route("/evaluations/<int:evaluation_id>/declaration", methods=["POST"])
@login_required
def declare(evaluation_id):
    evaluation = _own(evaluation_id)
    form = DeclarationForm()
    done = submit_form(form, lambda: services.declare(current_user, evaluation, form_data(form)))
    if not done.done:
        return _page(evaluation, declaration=form, status=done.status)
    if evaluation.status is EvaluationStatus.CONFLICT:
        flash(_("Your declaration is recorded: the assignment ends and staff will assign another evaluator."), "info")
    else:
        flash(_("Your declaration is recorded: you can now score the application."), "success")
    return redirect(url_for("evaluations.work", evaluation_id=evaluation.id))


@bp.route("/evaluations/<int:evaluation_id>/scores", methods=["POST"])
@login_required
def scores(evaluation_id):
    """Save the draft scores, or (the submit button) save and submit them."""
    evaluation = _own(evaluation_id)
    criteria = evaluation.application.call.criteria
    form = scores_form(criteria)()
    final = "submit_scores" in request.form

    def action():
        rows, sent = rows_of(form, criteria)
        try:
            if final:
                return scoring.submit_evaluation(current_user, evaluation, {"scores": rows} if rows else None)
            return scoring.save_scores(current_user, evaluation, {"scores": rows})
        except InvalidInput as error:
            raise renamed(error, sent) from None

    done = submit_form(form, action)
    if not done.done:
        return _page(evaluation, scores=form, status=done.status)
    flash(_("Evaluation submitted.") if final else _("Draft scores saved."), "success")
    return redirect(url_for("evaluations.work", evaluation_id=evaluation.id))


@bp.app_template_global("applicant_evaluations")
def applicant_evaluations(application) -> list[Evaluation]:
    """The submitted evaluations the applicants read on their application's page once the
    ranking is published (``queries.visible``); staff and evaluators read them elsewhere."""
    if application.call.can_edit(current_user) or not application.is_applicant(current_user):
        return []
    return queries.visible(application, current_user)
