"""HTTP doors of taking part in a call, all on the call page (``calls/_participation.html``):
expressions of interest in a co-design call and staff's decisions, the co-design tables,
answers to a call for ideas and staff's shortlist. Each calls one service of
``app.calls.participation``; a refused form is shown again on the call page with 422."""

from __future__ import annotations

from flask import abort, flash, g
from flask_babel import gettext as _
from flask_login import current_user

from app.calls import bp, participation
from app.calls import participation_queries as queries
from app.calls.forms_participation import AnswerForm, InterestDecisionForm, InterestForm, ShortlistForm, TableForm
from app.calls.routes import _back, _editable, _visible, detail
from app.errors import Conflict, InvalidInput
from app.extensions import db
from app.models.call import CallKind
from app.models.call_participation import CallAnswer, CallInterest
from app.permissions import login_required, object_permission
from app.web import form_data, submit_form

ANCHOR = "#participation"


def _interest_form(call, form=None):
    form = form or InterestForm()
    owned = queries.organisations_of(current_user, call, owners_only=True)
    form.organisation.choices = [(o.id, o.name) for o in owned]
    if form.runts_number.data is None and len(owned) == 1:
        form.runts_number.data = owned[0].runts_number
    return form


def _answer_form(call, form=None):
    form = form or AnswerForm()
    form.idea.choices = [(0, _("— a new idea —"))] + [(i.id, i.title) for i in queries.ideas_to_answer_with(call)]
    form.new_need.choices = [(0, _("— choose —"))] + [(n.id, n.title) for n in queries.needs_to_answer(call)]
    mine = queries.organisations_of(current_user, call, owners_only=False)
    form.organisation.choices = [(0, _("Myself"))] + [(o.id, o.name) for o in mine]
    return form


@bp.app_template_global("call_participation")
def call_participation(call) -> dict:
    """What ``calls/_participation.html`` shows of ``call`` to the current user; a form the
    service refused comes back with its errors (``g.call_forms``)."""
    refused = g.get("call_forms", {})
    context: dict = {"counters": queries.counters(call)}
    if call.kind is CallKind.CODESIGN:
        interests = queries.interests_of(call, current_user)
        deciding = call.can_decide_interests(current_user)
        context.update(
            interests=interests,
            decision_forms={
                i.id: refused.get(f"interest{i.id}") or InterestDecisionForm(prefix=f"interest{i.id}")
                for i in interests
                if deciding
            },
            tables=queries.tables_of(call, current_user),
            interest_form=_interest_form(call, refused.get("interest"))
            if call.can_express_interest(current_user)
            else None,
            table_form=refused.get("table") or TableForm(),
        )
    if call.kind is CallKind.IDEAS:
        answers = queries.answers_of(call, current_user)
        shortlisting = call.can_shortlist(current_user)
        context.update(
            answers=answers,
            shortlist_forms={
                a.id: refused.get(f"answer{a.id}") or ShortlistForm(prefix=f"answer{a.id}")
                for a in answers
                if shortlisting
            },
            answer_form=_answer_form(call, refused.get("answer")) if call.can_answer(current_user) else None,
        )
    return context


def _again(call, name: str, form, status: int):
    g.call_forms = {name: form}
    return detail(call.id, status=status)


def _row(model, row_id: int, call):
    found = db.session.get(model, row_id)
    if found is None or found.call_id != call.id:
        abort(404)
    return found


def _submit(call, name: str, form, action, done_message: str):
    """The rhythm of every form here: a wrong status is a message on the call page; a
    refused form is shown again with its errors (422) as ``g.call_forms[name]``; a done one
    goes back to the participation section."""
    try:
        done = submit_form(form, action)
    except Conflict as error:
        flash(error.message, "danger")
        return _back(call, ANCHOR)
    if done.done:
        flash(done_message, "success")
        return _back(call, ANCHOR)
    return _again(call, name, form, done.status)


@bp.route("/calls/<int:call_id>/interests", methods=["POST"])
@login_required
def express_interest(call_id):
    """An organisation's owner expresses its interest in an open co-design call."""
    call = _visible(call_id)
    form = _interest_form(call)
    return _submit(
        call,
        "interest",
        form,
        lambda: participation.express_interest(current_user, call, form_data(form)),
        _("The expression of interest is sent: the city will admit it or say why not."),
    )


@bp.route("/calls/<int:call_id>/interests/<int:interest_id>/decision", methods=["POST"])
@object_permission("staff of the call's city")
def decide_interest(call_id, interest_id):
    """Staff admit or refuse an expression of interest, with a reason."""
    call = _editable(call_id)
    interest = _row(CallInterest, interest_id, call)
    form = InterestDecisionForm(prefix=f"interest{interest_id}")
    return _submit(
        call,
        f"interest{interest_id}",
        form,
        lambda: participation.decide_interest(current_user, interest, form_data(form)),
        _("The decision is recorded and the organisation is told."),
    )


@bp.route("/calls/<int:call_id>/tables", methods=["POST"])
@object_permission("staff of the call's city")
def schedule_table(call_id):
    """Staff schedule a co-design table (a workshop attached to the call)."""
    call = _editable(call_id)
    form = TableForm()
    return _submit(
        call,
        "table",
        form,
        lambda: participation.schedule_table(current_user, call, form_data(form)),
        _("The co-design table is scheduled."),
    )


def _answer(call, form: AnswerForm):
    try:
        return participation.answer_call(current_user, call, form.service_data())
    except InvalidInput as error:
        raise InvalidInput({form.NEW_IDEA_FIELDS.get(k, k): v for k, v in error.fields.items()}) from None


@bp.route("/calls/<int:call_id>/answers", methods=["POST"])
@login_required
def answer(call_id):
    """A signed-in person answers an open call for ideas with an idea."""
    call = _visible(call_id)
    form = _answer_form(call)
    return _submit(call, "answer", form, lambda: _answer(call, form), _("Thank you: your idea answers the call."))


@bp.route("/calls/<int:call_id>/answers/<int:answer_id>/shortlist", methods=["POST"])
@object_permission("staff of the call's city")
def shortlist_answer(call_id, answer_id):
    """Staff shortlist an answer (or not), with a reason."""
    call = _editable(call_id)
    found = _row(CallAnswer, answer_id, call)
    form = ShortlistForm(prefix=f"answer{answer_id}")
    return _submit(
        call,
        f"answer{answer_id}",
        form,
        lambda: participation.shortlist_answer(current_user, found, form_data(form)),
        _("The shortlist is updated."),
    )
