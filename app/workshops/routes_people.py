"""Facilitators' and staff's page of a workshop's people: who registered, who waits, who
was invited; invitations and attendance."""

from __future__ import annotations

import sqlalchemy as sa
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.errors import Conflict, InvalidInput
from app.extensions import db
from app.models.workshop import Registration, RegistrationStatus, Workshop, WorkshopStatus
from app.permissions import object_permission
from app.web import ConfirmForm, submit_form
from app.workshops import bp
from app.workshops.common import OPEN_FOR_REGISTRATION
from app.workshops.forms import InviteForm
from app.workshops.registrations import invite_people, record_attendance
from app.workshops.routes_manage import MANAGERS, load_managed


def _registrations(workshop: Workshop) -> dict[str, list[Registration]]:
    rows = db.session.scalars(
        sa.select(Registration)
        .where(Registration.workshop_id == workshop.id)
        .order_by(Registration.created_at, Registration.id)
    ).all()
    grouped: dict[str, list[Registration]] = {s.value: [] for s in RegistrationStatus}
    for row in rows:
        grouped[row.status.value].append(row)
    return grouped


def _render_people(workshop, invite_form=None, status=200):
    return render_template(
        "workshops/people.html",
        workshop=workshop,
        registrations=_registrations(workshop),
        invite_form=invite_form or InviteForm(formdata=None),
        action_form=ConfirmForm(),
        open_for_registration=workshop.status in OPEN_FOR_REGISTRATION,
        Status=WorkshopStatus,
    ), status


@bp.route("/workshops/<int:workshop_id>/people")
@object_permission(MANAGERS)
def people(workshop_id: int):
    """Who registered, who waits, who was invited; invitations and attendance."""
    return _render_people(load_managed(workshop_id))


@bp.route("/workshops/<int:workshop_id>/invitations", methods=["POST"])
@object_permission(MANAGERS)
def invite(workshop_id: int):
    """Invite people with an account by email."""
    workshop = load_managed(workshop_id)
    form = InviteForm()
    try:
        sent = submit_form(form, lambda: invite_people(current_user, workshop, form.emails.data))
    except Conflict as error:
        flash(error.message, "warning")
        return redirect(url_for("workshops.people", workshop_id=workshop.id))
    if not sent.done:
        return _render_people(workshop, form, sent.status)
    invited, unknown = sent.value
    if invited:
        flash(_("Invited: %(names)s.", names=", ".join(u.name for u in invited)), "success")
    if unknown:
        flash(_("No account with these addresses: %(emails)s.", emails=", ".join(unknown)), "warning")
    if not invited and not unknown:
        flash(_("Everybody on the list was already invited or registered."), "info")
    return redirect(url_for("workshops.people", workshop_id=workshop.id))


@bp.route("/workshops/<int:workshop_id>/attendance", methods=["POST"])
@object_permission(MANAGERS)
def attendance(workshop_id: int):
    """Save who attended (checkboxes ``present`` with user ids)."""
    workshop = load_managed(workshop_id)
    if not ConfirmForm().validate_on_submit():
        flash(_("The form expired; please send it again."), "danger")
    else:
        try:
            count = record_attendance(current_user, workshop, request.form.getlist("present"))
        except (Conflict, InvalidInput) as error:
            flash(error.message, "warning")
        else:
            flash(_("Attendance saved: %(n)s people attended.", n=count), "success")
    return redirect(url_for("workshops.people", workshop_id=workshop.id))
