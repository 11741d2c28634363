"""HTTP views of participation: the POST forms of the panel on need and idea pages (they
work without JavaScript and go back to the page), the comment edit page and the staff's
moderation queue. Each view loads, authorises, validates and calls one service."""

from __future__ import annotations

import sqlalchemy as sa
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.errors import Conflict, InvalidInput
from app.extensions import db
from app.models import City, Comment, Role
from app.participation import answers, bp, moderation, services, targets
from app.participation.forms import (
    ActionForm,
    AnswerForm,
    CommentForm,
    EditCommentForm,
    ModerationForm,
    ReportForm,
)
from app.participation.present import sees_hidden
from app.participation.queries import Panel, follows, supports, thread_page
from app.permissions import login_required, object_permission, require, roles_required
from app.web import safe_next

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


def _flash_error(error) -> None:
    if isinstance(error, InvalidInput) and error.fields:
        for messages in error.fields.values():
            for message in messages:
                flash(message, "danger")
    else:
        flash(error.message, "danger")


def _target_from(kwargs: dict):
    ((arg, target_id),) = kwargs.items()
    return targets.load(arg.removesuffix("_id"), target_id, current_user)


# --- the panel ---------------------------------------------------------------------------


@bp.app_template_global("participation_panel")
def participation_panel(target, kind: str | None = None) -> Panel:
    """What ``participation/_panel.html`` shows (the page's ``?comments=`` picks the page)."""
    kind = kind or targets.kind_of(target)
    viewer = current_user if current_user.is_authenticated else None
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
        moderator=targets.is_moderator(viewer, target.city_id),
    )


@bp.app_template_global("participation_url")
def participation_url(action: str, target) -> str:
    """``participation_url("support", need)`` → the form action of that button."""
    kind = targets.kind_of(target)
    return url_for(f"participation.{action}_{kind}", **{f"{kind}_id": target.id})


@bp.app_template_global("participation_page_url")
def participation_page_url(target, anchor: str | None = None) -> str:
    return targets.page_url(target, anchor=anchor)


@bp.app_template_global("comment_editable")
def comment_editable(comment: Comment) -> bool:
    return services.can_edit(comment, current_user)


@bp.app_template_global("comment_shown")
def comment_shown(comment: Comment, target) -> bool:
    """Whether the current person reads this comment in full (not removed; if hidden, they
    are its author or staff of the city)."""
    if comment.deleted_at is not None:
        return False
    return not comment.hidden or sees_hidden(comment, current_user, target)


@bp.app_template_global("need_history")
def need_history(need) -> dict:
    """The public answers of a need, and whether the current person may answer."""
    return {"changes": answers.history(need), "can_answer": answers.can_answer(current_user, need)}


@bp.app_context_processor
def participation_context():
    return {"NEED_STATUS_LABELS": answers.STATUS_LABELS}


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
    if form.validate_on_submit():
        try:
            comment = services.add_comment(
                current_user._get_current_object(), target, form.body.data, form.parent_id.data
            )
        except InvalidInput as error:
            for name, messages in error.fields.items():
                getattr(form, name, form.body).errors = list(messages)
        else:
            flash(_("Your comment is published."), "success")
            return redirect(_back(targets.page_url(target)).split("#")[0] + f"#comment-{comment.id}")
    return render_template(
        "participation/comment_form.html", form=form, target=target, back=_back(targets.page_url(target))
    ), 422


def report_target(**kwargs):
    target = _target_from(kwargs)
    return _report(target, target)


def _report(item, target):
    form = ReportForm()
    back = _back(targets.page_url(target, anchor="participation"))
    if form.validate_on_submit():
        try:
            moderation.report(current_user._get_current_object(), item, form.reason.data)
        except (InvalidInput, Conflict) as error:
            _flash_error(error)
        else:
            flash(_("Thank you: city staff will look at your report."), "success")
    else:
        _flash_form_errors(form)
    return redirect(back)


def moderate_target(**kwargs):
    ((arg, item_id),) = kwargs.items()
    item = targets.load(arg.removesuffix("_id"), item_id, current_user)
    return _moderate(item)


def _moderate(item):
    require(targets.is_moderator(current_user, targets.city_id_of(item)))
    form = ModerationForm()
    city = db.session.get(City, targets.city_id_of(item))
    back = _back(url_for("participation.queue", city=city.slug))
    if form.validate_on_submit():
        actor = current_user._get_current_object()
        try:
            if form.action.data == "hide":
                moderation.hide(actor, item, form.reason.data)
                flash(_("Hidden. The author has been told why."), "success")
            else:
                moderation.restore(actor, item, form.reason.data)
                flash(_("Visible again; its reports are closed."), "success")
        except InvalidInput as error:
            _flash_error(error)
    else:
        _flash_form_errors(form)
    return redirect(back)


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
    require(answers.can_answer(current_user, need))
    form = AnswerForm()
    back = _back(targets.page_url(need, anchor="history"))
    if form.validate_on_submit():
        try:
            answers.answer_need(current_user._get_current_object(), need, form.status.data, form.text.data)
        except InvalidInput as error:
            _flash_error(error)
        else:
            flash(_("Your answer is published in the need's history."), "success")
    else:
        _flash_form_errors(form)
    return redirect(back)


# --- one comment -------------------------------------------------------------------------


@bp.route("/p/comments/<int:comment_id>/edit", methods=["GET", "POST"])
@object_permission("author of the comment")
def edit_comment(comment_id):
    comment = targets.load_comment(comment_id, current_user)
    require(comment.author_id == current_user.id and comment.deleted_at is None)
    target = targets.comment_target(comment)
    back = _back(targets.page_url(target, anchor=f"comment-{comment.id}"))
    if not services.can_edit(comment, current_user):
        flash(_("The time to edit this comment is over."), "warning")
        return redirect(back)
    form = EditCommentForm(data={"body": comment.body, "next": request.values.get("next", "")})
    if form.validate_on_submit():
        try:
            services.edit_comment(current_user._get_current_object(), comment, form.body.data)
        except InvalidInput as error:
            form.body.errors = list(error.fields.get("body", [error.message]))
        else:
            flash(_("Your comment is updated."), "success")
            return redirect(back)
    status = 422 if form.errors else 200
    return render_template(
        "participation/comment_edit.html", form=form, comment=comment, target=target, back=back
    ), status


@bp.route("/p/comments/<int:comment_id>/delete", methods=["POST"])
@object_permission("author of the comment")
def delete_comment(comment_id):
    comment = targets.load_comment(comment_id, current_user)
    require(comment.author_id == current_user.id)
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
    city_obj = db.one_or_404(sa.select(City).where(City.slug == city))
    items = moderation.queue(city_obj.id)
    return render_template(
        "participation/moderation.html",
        city=city_obj,
        items=items,
        reports={(kind, item.id): moderation.open_reports(item) for kind, rows in items.items() for item in rows},
        comment_targets={c.id: targets.comment_target(c) for c in items["comment"]},
        form=ModerationForm(),
    )
