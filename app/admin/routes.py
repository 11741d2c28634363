"""Administration: people and their roles, and the audit log."""

from __future__ import annotations

import sqlalchemy as sa
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.admin import bp
from app.admin.forms import ROLE_LABELS, GrantRoleForm
from app.auth import services as auth_services
from app.errors import InvalidInput
from app.extensions import db
from app.models import AuditEntry, City, Role, RoleGrant, User
from app.permissions import roles_required
from app.web import city_by_slug, city_choices, page_arg, submit_form


@bp.route("/users")
@roles_required(Role.ADMIN)
def users():
    q = (request.args.get("q") or "").strip()[:100]
    query = sa.select(User).where(User.deleted_at.is_(None)).order_by(User.name)
    if q:
        like = f"%{q.lower()}%"
        query = query.where(sa.or_(sa.func.lower(User.name).like(like), User.email.like(like)))
    page = db.paginate(query, page=page_arg(), per_page=50, max_per_page=50, error_out=False)
    return render_template("admin/users.html", page=page, q=q, role_labels=ROLE_LABELS)


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def user(user_id):
    person = db.get_or_404(User, user_id)
    form = GrantRoleForm()
    form.city.choices = city_choices(_("— global role —"))
    done = submit_form(
        form,
        lambda: auth_services.grant_role(
            current_user, person, Role(form.role.data), city_by_slug(form.city.data), form.department.data or ""
        ),
    )
    if done.done:
        flash(_("Role granted."), "success")
        return redirect(url_for("admin.user", user_id=person.id))
    return render_template("admin/user.html", person=person, form=form, role_labels=ROLE_LABELS), done.status


@bp.route("/roles/<int:grant_id>/revoke", methods=["POST"])
@roles_required(Role.ADMIN)
def revoke_role(grant_id):
    grant = db.get_or_404(RoleGrant, grant_id)
    user_id = grant.user_id
    try:
        auth_services.revoke_role(current_user, grant_id)
    except InvalidInput as error:
        flash(error.fields.get("role", [error.message])[0], "danger")
    else:
        flash(_("Role removed."), "info")
    return redirect(url_for("admin.user", user_id=user_id))


@bp.route("/audit")
@roles_required(Role.ADMIN, Role.AUTHORITY, Role.STAFF)
def audit_log():
    """Admins and the authority read everything; staff read the entries of their cities."""
    query = sa.select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    if not (current_user.is_admin or current_user.is_authority):
        query = query.where(AuditEntry.city_id.in_(current_user.cities_with(Role.STAFF)))
    action = (request.args.get("action") or "").strip()[:80]
    if action:
        query = query.where(AuditEntry.action.startswith(action))
    city_slug = request.args.get("city")
    city = city_by_slug(city_slug)
    if city is not None:
        query = query.where(AuditEntry.city_id == city.id)
    page = db.paginate(query, page=page_arg(), per_page=50, max_per_page=50, error_out=False)
    cities = db.session.scalars(sa.select(City).order_by(City.name)).all()
    return render_template("admin/audit.html", page=page, action=action, city=city, cities=cities)
