"""HTTP views of participation: the POST forms of the panel on need and idea pages (they
work without JavaScript and go back to the page), the comment edit page and the staff's
moderation queue. Each view loads, authorises, validates and calls one service."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.errors import Conflict
from app.extensions import db
from app.models import City, Role
from app.needs.labels import STATUS_LABELS
from app.participation import answers, bp, moderation, services, targets
from app.participation.forms import (
    ActionForm,
    AnswerForm,
    CommentForm,
    EditCommentForm,
    ModerationForm,
    ReportForm,
)
from app.participation.queries import Panel, follows, supports, thread_page
from app.participation.schemas import Decision
from app.permissions import login_required, object_permission, require, roles_required
from app.web import city_or_404, form_data, safe_next, submit_form

# --- helpers -----------------------------------------------------------------------------


def _back(default: str) -> str:
    """The page the form came from (a local ``next``, at the anchor of ``default``), else
    ``default``."""
    wanted = request.values.get("next")
    target = safe_next()
    if not wanted or target != wanted:
        return default
    anchor = default.partition("#")[2]
    return f"{target}#{anchor}" if anchor and "#" not in target else target


def _flash_form_errors(form) -> None:
    for name, messages in form.errors.items():
        if name == "csrf_token":
            flash(_("The form expired; please send it again."), "danger")
            continue
        label = form[name].label.text if name in form else name
        for message in messages:
            flash(f"{label}: {message}", "danger")


def _post(form, action, done_message) -> None:
    """A panel form that goes back to its page: call the one service, flash what happened
    (``done_message(value)``, the schema's or the form's errors, or a conflict such as a
    second report)."""
    try:
        sent = submit_form(form, action)
    except Conflict as error:
        flash(error.message, "danger")
        return
    if sent.done:
        flash(done_message(sent.value), "success")
    else:
        _flash_form_errors(form)


def _target_from(kwargs: dict):
    ((arg, target_id),) = kwargs.items()
    return targets.load(arg.removesuffix("_id"), target_id, current_user)


# --- the panel ---------------------------------------------------------------------------


@bp.app_template_global("participation_panel")
def participation_panel(target, kind: str | None = None) -> Panel:
    """What ``participation/_panel.html`` shows (the page's ``?comments=`` picks the page)."""
    kind = kind or targets.kind_of(target)
    viewer = current_user._get_current_object()
    page = request.args.get("comments", 1, type=int) or 1
    comments, replies = thread_page(target, viewer, page=max(1, min(page, 10000)))
    return Panel(
        kind=kind,
        target=target,
        topic=targets.topic(target),
        supporting=supports(viewer, target),
        following=follows(viewer, target),
        comments=comments,
        replies=replies,
    )


@bp.app_template_global("participation_url")
def participation_url(action: str, target) -> str:
    """``participation_url("support", need)`` → the form action of that button."""
    kind = targets.kind_of(target)
    return url_for(f"participation.{action}_{kind}", **{f"{kind}_id": target.id})


@bp.app_template_global("participation_page_url")
def participation_page_url(target, anchor: str | None = None) -> str:
    return targets.page_url(target, anchor=anchor)


@bp.app_template_global("need_history")
def need_history(need) -> dict:
    """The public answers of a need."""
    return {"changes": answers.history(need)}


@bp.app_context_processor
def participation_context():
    return {"NEED_STATUS_LABELS": STATUS_LABELS}


# --- supports, follows, comments and reports on a need or an idea -------------------------


def _action(service, done_message):
    def view(**kwargs):
        target = _target_from(kwargs)
        form = ActionForm()
        if form.validate_on_submit():
            service(current_user._get_current_object(), target)
            flash(done_message(), "success")
        else:
            _flash_form_errors(form)
        return redirect(_back(targets.page_url(target, anchor="participation")))

    return view


def add_comment(**kwargs):
    target = _target_from(kwargs)
    form = CommentForm()
    actor = current_user._get_current_object()
    sent = submit_form(form, lambda: services.add_comment(actor, target, form_data(form, "next")))
    if sent.done:
        flash(_("Your comment is published."), "success")
        return redirect(_back(targets.page_url(target)).split("#")[0] + f"#comment-{sent.value.id}")
    return render_template(
        "participation/comment_form.html", form=form, target=target, back=_back(targets.page_url(target))
    ), 422


def report_target(**kwargs):
    target = _target_from(kwargs)
    return _report(target, target)


def _report(item, target):
    form = ReportForm()
    actor = current_user._get_current_object()
    _post(
        form,
        lambda: moderation.report(actor, item, form.reason.data),
        lambda _report: _("Thank you: city staff will look at your report."),
    )
    return redirect(_back(targets.page_url(target, anchor="participation")))


def moderate_target(**kwargs):
    ((arg, item_id),) = kwargs.items()
    item = targets.load(arg.removesuffix("_id"), item_id, current_user)
    return _moderate(item)


_DECIDED = {
    Decision.HIDE: lambda: _("Hidden. The author has been told why."),
    Decision.RESTORE: lambda: _("Visible again; its reports are closed."),
}


def _moderate(item):
    require(item.can_moderate(current_user))
    form = ModerationForm()
    actor = current_user._get_current_object()
    _post(form, lambda: moderation.moderate(actor, item, form_data(form, "next")), lambda done: _DECIDED[done]())
    city = db.session.get(City, item.city_id)
    return redirect(_back(url_for("participation.queue", city=city.slug)))


for _kind in targets.KINDS:
    _rule = f"/p/{_kind}/<int:{_kind}_id>"
    for _name, _service, _message in (
        ("support", services.support, lambda: _("Thank you for your support.")),
        ("unsupport", services.withdraw_support, lambda: _("Your support is withdrawn.")),
        ("follow", services.follow, lambda: _("You follow it now: we will tell you what happens.")),
        ("unfollow", services.unfollow, lambda: _("You no longer follow it.")),
    ):
        bp.add_url_rule(
            f"{_rule}/{_name}", f"{_name}_{_kind}", login_required(_action(_service, _message)), methods=["POST"]
        )
    bp.add_url_rule(f"{_rule}/comments", f"comment_{_kind}", login_required(add_comment), methods=["POST"])
    bp.add_url_rule(f"{_rule}/report", f"report_{_kind}", login_required(report_target), methods=["POST"])
    bp.add_url_rule(
        f"/p/moderation/{_kind}/<int:{_kind}_id>",
        f"moderate_{_kind}",
        object_permission("staff of its city")(moderate_target),
        methods=["POST"],
    )


# --- answers on needs --------------------------------------------------------------------


@bp.route("/p/need/<int:need_id>/status", methods=["POST"])
@object_permission("staff of the need's city")
def answer_need(need_id):
    need = targets.load("need", need_id, current_user)
    require(need.can_answer(current_user))
    form = AnswerForm()
    actor = current_user._get_current_object()
    _post(
        form,
        lambda: answers.answer_need(actor, need, form.status.data, form.text.data),
        lambda _answer: _("Your answer is published in the need's history."),
    )
    return redirect(_back(targets.page_url(need, anchor="history")))


# --- one comment -------------------------------------------------------------------------


@bp.route("/p/comments/<int:comment_id>/edit", methods=["GET", "POST"])
@object_permission("author of the comment")
def edit_comment(comment_id):
    comment = targets.load_comment(comment_id, current_user)
    require(comment.can_delete(current_user) and comment.deleted_at is None)
    target = comment.target
    back = _back(targets.page_url(target, anchor=f"comment-{comment.id}"))
    if not comment.can_edit(current_user):
        flash(_("The time to edit this comment is over."), "warning")
        return redirect(back)
    form = EditCommentForm(data={"body": comment.body, "next": request.values.get("next", "")})
    actor = current_user._get_current_object()
    sent = submit_form(form, lambda: services.edit_comment(actor, comment, form.body.data))
    if sent.done:
        flash(_("Your comment is updated."), "success")
        return redirect(back)
    return render_template(
        "participation/comment_edit.html", form=form, comment=comment, target=target, back=back
    ), sent.status


@bp.route("/p/comments/<int:comment_id>/delete", methods=["POST"])
@object_permission("author of the comment")
def delete_comment(comment_id):
    comment = targets.load_comment(comment_id, current_user)
    require(comment.can_delete(current_user))
    form = ActionForm()
    if form.validate_on_submit():
        services.delete_comment(current_user._get_current_object(), comment)
        flash(_("Your comment is removed."), "success")
    else:
        _flash_form_errors(form)
    return redirect(_back(targets.page_url(targets.comment_target(comment), anchor=f"comment-{comment.id}")))


@bp.route("/p/comments/<int:comment_id>/report", methods=["POST"])
@login_required
def report_comment(comment_id):
    comment = targets.load_comment(comment_id, current_user)
    return _report(comment, targets.comment_target(comment))


@bp.route("/p/moderation/comment/<int:comment_id>", methods=["POST"])
@object_permission("staff of its city")
def moderate_comment(comment_id):
    return _moderate(targets.load_comment(comment_id, current_user))


# --- the staff's queue -------------------------------------------------------------------


@bp.route("/c/<city>/moderation")
@roles_required(Role.STAFF)
def queue(city):
    """Hidden and reported needs, ideas and comments of the city, with their reports."""
    city_obj = city_or_404(city)
    items = moderation.queue(city_obj.id)
    return render_template(
        "participation/moderation.html",
        city=city_obj,
        items=items,
        reports={(kind, item.id): moderation.open_reports(item) for kind, rows in items.items() for item in rows},
        comment_targets={c.id: targets.comment_target(c) for c in items["comment"]},
        form=ModerationForm(),
    )
