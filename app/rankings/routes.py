"""The ranking page of a competitive call (public once published; a preview for staff
before), its PDF, and the buttons of the ranking: publish, award, renounce, revoke, review."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.errors import Conflict
from app.extensions import db
from app.models.application import Application
from app.models.base import utcnow
from app.models.call import Call
from app.models.ranking import ReviewRequest
from app.permissions import object_permission, public, require
from app.rankings import bp, labels, pdfs, queries, services
from app.rankings.forms import AnswerForm, ReasonForm, ReviewForm, RevokeForm
from app.web import ConfirmForm, form_data, submit_form

STAFF = "staff of the call's city"


def _call(call_id: int) -> Call:
    call = db.get_or_404(Call, call_id)
    require(call.can_view(current_user))
    return call


@bp.route("/calls/<int:call_id>/ranking")
@public
def ranking(call_id, status=200, **forms):
    """The latest edition of the ranking (staff: a preview before publication)."""
    call = _call(call_id)
    entries, edition = queries.visible_ranking(call, current_user)
    by_id = {a.id: a for a in db.session.scalars(db.select(Application).where(Application.call_id == call.id))}
    deadline = queries.review_deadline(call)
    return render_template(
        "rankings/ranking.html",
        call=call,
        city=call.city,
        items=queries.items(call, entries),
        applications=by_id,
        edition=edition,
        editions=queries.editions_of(call),
        reviews=queries.reviews_of(call, current_user),
        deadline=deadline,
        review_open=deadline is not None and utcnow() <= deadline,
        labels=labels,
        reason_form=forms.get("reason_form") or ReasonForm(),
        revoke_form=forms.get("revoke_form") or RevokeForm(),
        review_form=forms.get("review_form") or ReviewForm(),
        answer_form=forms.get("answer_form") or AnswerForm(),
        confirm_form=ConfirmForm(),
    ), status


@bp.route("/calls/<int:call_id>/ranking.pdf")
@public
def ranking_pdf(call_id):
    """The published edition as a PDF (staff: the preview, marked as such)."""
    call = _call(call_id)
    entries, edition = queries.visible_ranking(call, current_user)
    return pdfs.response(call, queries.items(call, entries), edition)


def _act(call: Call, form, action, done_message: str, form_name: str):
    try:
        done = submit_form(form, action)
    except Conflict as error:
        flash(error.message, "danger")
        return redirect(url_for("rankings.ranking", call_id=call.id))
    if done.done:
        flash(done_message, "success")
        return redirect(url_for("rankings.ranking", call_id=call.id))
    return ranking(call.id, status=done.status, **{form_name: form})


@bp.route("/calls/<int:call_id>/ranking/publish", methods=["POST"])
@object_permission(STAFF)
def publish(call_id):
    """Staff publish the ranking (edition 1)."""
    call = _call(call_id)
    require(call.can_edit(current_user))
    form = ReasonForm()
    action = lambda: services.publish_ranking(current_user, call, form_data(form))  # noqa: E731
    return _act(call, form, action, _("The ranking is published."), "reason_form")


@bp.route("/calls/<int:call_id>/ranking/award", methods=["POST"])
@object_permission(STAFF)
def award(call_id):
    """Staff award the grants of the published ranking."""
    call = _call(call_id)
    require(call.can_edit(current_user))
    form = ReasonForm()
    action = lambda: services.award(current_user, call, form_data(form))  # noqa: E731
    return _act(call, form, action, _("The grants are awarded."), "reason_form")


def _application(application_id: int, allowed: str) -> Application:
    application = db.get_or_404(Application, application_id)
    require(getattr(application, allowed)(current_user))
    return application


@bp.route("/applications/<int:ranked_application_id>/renounce", methods=["POST"])
@object_permission("who acts for the funded organisation")
def renounce(ranked_application_id):
    """The funded organisation renounces its grant: the next reserve gets it."""
    application = _application(ranked_application_id, "can_renounce")
    form = ReasonForm()
    action = lambda: services.renounce(current_user, application, form_data(form))  # noqa: E731
    return _act(application.call, form, action, _("The grant is renounced."), "reason_form")


@bp.route("/applications/<int:ranked_application_id>/revoke", methods=["POST"])
@object_permission(STAFF)
def revoke(ranked_application_id):
    """Staff revoke a grant, with a reason: the next reserve gets it."""
    application = _application(ranked_application_id, "can_revoke")
    form = RevokeForm()
    action = lambda: services.revoke(current_user, application, form_data(form))  # noqa: E731
    return _act(application.call, form, action, _("The grant is revoked."), "revoke_form")


@bp.route("/applications/<int:ranked_application_id>/review", methods=["POST"])
@object_permission("the applicants of a ranked application")
def request_review(ranked_application_id):
    """An applicant asks for a review of the evaluation (istanza di riesame)."""
    application = _application(ranked_application_id, "can_request_review")
    form = ReviewForm()
    action = lambda: services.request_review(current_user, application, form_data(form))  # noqa: E731
    return _act(application.call, form, action, _("Your review request is sent."), "review_form")


@bp.route("/reviews/<int:review_id>/answer", methods=["POST"])
@object_permission(STAFF)
def answer_review(review_id):
    """Staff answer a review request with reasons (a changed score: a new edition)."""
    review = db.get_or_404(ReviewRequest, review_id)
    require(review.application.call.can_edit(current_user))
    form = AnswerForm()
    action = lambda: services.answer_review(current_user, review, form_data(form))  # noqa: E731
    return _act(review.application.call, form, action, _("The answer is published."), "answer_form")


@bp.app_context_processor
def _queue_helpers():
    """For ``rankings/_queue.html`` on the call page."""
    return {
        "rankings_queue": queries.queue,
        "rankings_status": lambda status: str(labels.QUEUE_STATUSES.get(status, status)),
        "rankings_status_strings": lambda: {f"queue_{k}": str(v) for k, v in labels.QUEUE_STATUSES.items()},
        "rankings_published": lambda call: queries.latest_edition(call) is not None,
    }
