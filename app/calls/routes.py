"""HTTP views of a call: its public page with its rules in plain words, funds, areas,
criteria, versions and consultation comments (the lists are in ``routes_list``)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.calls import bp, labels, lifecycle, queries, services
from app.calls.forms import CommentForm, DocumentForm, FaqForm, StepForm, reply_form
from app.errors import Conflict
from app.extensions import db
from app.main.routes import CITY_SECTIONS
from app.models import LegalForm
from app.models.call import Call, CallComment
from app.organisations.labels import LEGAL_FORMS
from app.permissions import login_required, object_permission, public, require
from app.text import render_markdown
from app.web import form_data, submit_form


def _city_links(city):
    return [(_l("Funding calls"), url_for("calls.index", city=city.slug))]


CITY_SECTIONS.append(_city_links)


def _visible(call_id: int) -> Call:
    call = db.get_or_404(Call, call_id)
    require(call.can_view(current_user))
    return call


def _editable(call_id: int) -> Call:
    call = _visible(call_id)
    require(call.can_edit(current_user))
    return call


@bp.route("/calls/<int:call_id>")
@public
def detail(call_id, comment_form=None, step_form=None, faq_form=None, document_form=None, status=200):
    """Everything an applicant needs on one page; staff also see the next steps, people the
    consultation form while the call is in consultation."""
    call = _visible(call_id)
    comments = queries.comments_of(call)
    return render_template(
        "calls/detail.html",
        call=call,
        city=call.city,
        labels=labels,
        body_html=render_markdown(call.body),
        versions=queries.versions_of(call),
        comments=comments,
        reply_forms={c.id: reply_form(c.id) for c in comments},
        next_steps=lifecycle.next_steps(call) if call.can_edit(current_user) else [],
        editable=call.status in lifecycle.EDITABLE,
        legal_forms=[str(LEGAL_FORMS[LegalForm(code)]) for code in call.applicant_forms],
        comment_form=comment_form or CommentForm(),
        step_form=step_form or StepForm(),
        faq_form=faq_form or FaqForm(),
        document_form=document_form or DocumentForm(),
    ), status


@bp.route("/calls/<int:call_id>/consultation/comments")
@public
def comment_list(call_id):
    """The consultation comments alone (an HTML fragment): the call page fetches it again
    when a live push says a comment was added or answered."""
    call = _visible(call_id)
    comments = queries.comments_of(call)
    return render_template(
        "calls/_comment_list.html",
        call=call,
        labels=labels,
        comments=comments,
        reply_forms={c.id: reply_form(c.id) for c in comments},
    )


def _back(call: Call, anchor: str = ""):
    return redirect(url_for("calls.detail", call_id=call.id) + anchor)


def page_form(call: Call, form, write, message, form_name: str, anchor: str = ""):
    """The one rhythm of a form on the call page: done → back to the page with ``message``
    (a callable, read after the write); refused → the page again with the form's errors
    (``form_name`` names it for :func:`detail`); a step that is not allowed → a flash."""
    try:
        done = submit_form(form, lambda: write(call))
    except Conflict as error:
        flash(error.message, "danger")
        return _back(call)
    if done.done:
        flash(message(), "success")
        return _back(call, anchor)
    return detail(call.id, **{form_name: form}, status=done.status)


@bp.route("/calls/<int:call_id>/comments", methods=["POST"])
@login_required
def comment(call_id):
    """A signed-in person comments on a section while the call is in consultation."""
    form = CommentForm()
    return page_form(
        _visible(call_id),
        form,
        lambda call: services.comment_on_call(current_user, call, form_data(form)),
        lambda: _("Thank you: your comment is published and the city will reply."),
        "comment_form",
        "#consultation",
    )


@bp.route("/calls/<int:call_id>/comments/<int:call_comment_id>/reply", methods=["POST"])
@object_permission("staff of the call's city")
def reply(call_id, call_comment_id):
    """Staff reply to a consultation comment."""
    call = _editable(call_id)
    found = db.session.get(CallComment, call_comment_id)
    if found is None or found.call_id != call.id:
        abort(404)
    form = reply_form(found.id)
    done = submit_form(form, lambda: services.reply_to_comment(current_user, found, form_data(form)))
    flash(
        _("The reply is published.") if done.done else _("Write a reply and choose what becomes of the comment."),
        "success" if done.done else "danger",
    )
    return _back(call, "#consultation")


@bp.route("/calls/<int:call_id>/transition", methods=["POST"])
@object_permission("staff of the call's city")
def transition(call_id):
    """Staff move the call one step (publish, open, close…)."""
    form = StepForm()
    return page_form(
        _editable(call_id),
        form,
        lambda call: services.transition_call(current_user, call, form_data(form)),
        lambda: _("The call is now: %(status)s.", status=labels.STATUSES[db.session.get(Call, call_id).status]),
        "step_form",
    )
