"""HTTP views of notifications: the notification centre (newest first, paginated), mark
one or all read, open one. Also the header's initial unread count."""

from __future__ import annotations

from flask import abort, flash, has_request_context, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from app.errors import NotFound
from app.extensions import db
from app.notifications import bp, services
from app.notifications.messages import render
from app.permissions import login_required
from app.web import page_arg, safe_next

PER_PAGE = 20


@bp.app_context_processor
def unread_notifications() -> dict:
    """The unread count shown in the header's badge (then kept live by app.js)."""
    if not has_request_context():
        return {}
    try:
        authenticated = current_user.is_authenticated
    except RuntimeError:  # pragma: no cover - no login manager in this context
        return {}
    return {"unread_notifications": services.unread_count(current_user) if authenticated else 0}


@bp.route("/notifications")
@login_required
def index():
    unread_only = request.args.get("unread") in ("1", "true", "yes")
    page = db.paginate(
        services.notifications_select(current_user, unread_only=unread_only),
        page=page_arg(),
        per_page=PER_PAGE,
        error_out=False,
    )
    return render_template(
        "notifications/index.html",
        page=page,
        texts={n.id: render(n) for n in page.items},
        unread_only=unread_only,
        unread_total=services.unread_count(current_user),
    )


def _back():
    return redirect(safe_next("notifications.index"))


@bp.route("/notifications/read-all", methods=["POST"])
@login_required
def read_all():
    if FlaskForm().validate_on_submit():
        count = services.mark_all_read(current_user)
        flash(_("All read (%(num)d).", num=count) if count else _("Nothing left to read."), "success")
    else:
        flash(_("The form expired; please send it again."), "danger")
    return _back()


@bp.route("/notifications/<int:notification_id>/read", methods=["POST"])
@login_required
def read(notification_id):
    if FlaskForm().validate_on_submit():
        try:
            services.mark_read(current_user, notification_id)
        except NotFound:
            abort(404)
    else:
        flash(_("The form expired; please send it again."), "danger")
    return _back()


@bp.route("/notifications/<int:notification_id>/open", methods=["POST"])
@login_required
def open_notification(notification_id):
    """Follow a notification's link, marking it read on the way (a POST from the centre's
    button: a GET never writes)."""
    if not FlaskForm().validate_on_submit():
        flash(_("The form expired; please send it again."), "danger")
        return _back()
    try:
        notification = services.mark_read(current_user, notification_id)
    except NotFound:
        abort(404)
    target = notification.url or ""
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        target = url_for("notifications.index")
    return redirect(target)
