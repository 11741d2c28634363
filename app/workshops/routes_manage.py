"""Facilitators' and staff's pages of a workshop: schedule and edit, participants
(invitations, attendance), start and close, ideas from the board, the minutes."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.errors import Conflict, DomainError, InvalidInput, PermissionDenied
from app.extensions import db
from app.models import Area, City, Idea, Need, Role, Space
from app.models.workshop import Workshop, WorkshopMode, WorkshopStatus
from app.permissions import object_permission, require, roles_required
from app.web import ConfirmForm, submit_form
from app.workshops import bp, services
from app.workshops.board_controls import close_workshop, start_workshop
from app.workshops.common import get_row, utc_to_rome
from app.workshops.forms import EMPTY_AGENDA_ROWS, WorkshopForm, kind_choices

MANAGERS = "workshop managers: its facilitators, staff of its city, admins"
CHOICE_LIMIT = 300


def load_managed(workshop_id: int) -> Workshop:
    workshop = get_row(Workshop, workshop_id)
    if workshop is None:
        abort(404)
    require(workshop.can_manage(current_user))
    return workshop


def _fill_choices(form: WorkshopForm, city: City, workshop: Workshop | None) -> None:
    """Choices of the city: areas, spaces, and the most supported needs and ideas (plus
    those already linked, whatever their rank)."""
    none = [(0, _("— none —"))]
    areas = db.session.scalars(sa.select(Area).where(Area.city_id == city.id).order_by(Area.name)).all()
    form.area.choices = none + [(a.id, a.name) for a in areas]
    spaces = db.session.scalars(sa.select(Space).where(Space.city_id == city.id).order_by(Space.name)).all()
    form.space.choices = none + [(s.id, s.name + (f" — {s.address}" if s.address else "")) for s in spaces]
    for field, model, linked in (
        (form.need_ids, Need, workshop.needs if workshop else []),
        (form.idea_ids, Idea, workshop.ideas if workshop else []),
    ):
        top = db.session.scalars(
            sa.select(model)
            .where(model.city_id == city.id, model.hidden.is_(False))
            .order_by(model.support_count.desc(), model.id.desc())
            .limit(CHOICE_LIMIT)
        ).all()
        wanted = set(request.args.getlist(field.name, type=int))
        extra = (
            []
            if not wanted
            else db.session.scalars(sa.select(model).where(model.id.in_(wanted), model.city_id == city.id)).all()
        )
        seen, choices = set(), []
        for item in [*linked, *extra, *top]:
            if item.id not in seen:
                seen.add(item.id)
                choices.append((item.id, f"#{item.id} {item.title}"))
        field.choices = choices
        if request.method == "GET" and workshop is None and wanted:
            field.data = sorted(wanted & seen)


def _values(form: WorkshopForm) -> dict:
    """The form's values in the terms of ``WorkshopInput``."""
    return {
        "title": form.title.data,
        "goal": form.goal.data,
        "area": form.area.data or None,
        "need_ids": form.need_ids.data or [],
        "idea_ids": form.idea_ids.data or [],
        "mode": form.mode.data,
        "space": form.space.data or None,
        "place": form.place.data,
        "link": form.link.data,
        "starts_at": form.starts_at.data,
        "ends_at": form.ends_at.data,
        "capacity": form.capacity.data,
        "public": form.visibility.data != "invite",
        "vote_budget": form.vote_budget.data,
        "agenda": form.agenda_items(),
        "co_facilitators": form.co_facilitators.data or "",
    }


def _on_form(write):
    """Run a workshop write for the form, whose agenda shows its errors as one list: an
    error on ``agenda.<i>.<field>`` becomes "Phase <i+1>: …" on ``agenda``."""
    try:
        return write()
    except InvalidInput as error:
        fields: dict[str, list[str]] = {}
        for name, messages in error.fields.items():
            parts = name.split(".")
            if parts[0] == "agenda" and len(parts) > 1 and parts[1].isdigit():
                number = int(parts[1]) + 1
                fields.setdefault("agenda", []).extend(
                    _("Phase %(n)s: %(message)s", n=number, message=message) for message in messages
                )
            else:
                fields.setdefault(name, []).extend(messages)
        raise InvalidInput(fields) from None


def _stored(workshop: Workshop) -> dict:
    """The form's values for a workshop as it is stored."""
    return {
        "title": workshop.title,
        "goal": workshop.goal,
        "area": workshop.area_id or 0,
        "need_ids": [n.id for n in workshop.needs],
        "idea_ids": [i.id for i in workshop.ideas],
        "mode": workshop.mode.value,
        "space": workshop.space_id or 0,
        "place": workshop.place,
        "link": workshop.link,
        "starts_at": utc_to_rome(workshop.starts_at),
        "ends_at": utc_to_rome(workshop.ends_at),
        "capacity": workshop.capacity,
        "visibility": "public" if workshop.public else "invite",
        "vote_budget": workshop.vote_budget,
        "co_facilitators": ", ".join(u.email for u in workshop.facilitators),
        "agenda": [{"name": p.name, "kind": p.kind.value, "minutes": p.minutes} for p in workshop.agenda],
    }


def _pad_agenda(form: WorkshopForm) -> None:
    """Empty rows after the phases, so that phases can be added without JavaScript."""
    filled = sum(1 for row in form.agenda if not row.form.is_blank)
    while len(form.agenda) < min(filled + EMPTY_AGENDA_ROWS, form.agenda.max_entries):
        form.agenda.append_entry()


def _render_form(form, city, workshop, status=200):
    _pad_agenda(form)
    return (
        render_template("workshops/form.html", form=form, city=city, workshop=workshop, kind_choices=kind_choices()),
        status,
    )


@bp.route("/c/<city>/workshops/new", methods=["GET", "POST"])
@roles_required(Role.FACILITATOR, Role.STAFF)
def new(city):
    """Schedule a workshop in a city (facilitators and staff of the city)."""
    city_obj = db.one_or_404(sa.select(City).where(City.slug == city))
    form = WorkshopForm()
    _fill_choices(form, city_obj, None)
    if request.method == "GET":
        form.mode.data = form.mode.data or WorkshopMode.IN_PERSON.value
    sent = submit_form(
        form, lambda: _on_form(lambda: services.create_workshop(current_user, _values(form), city=city_obj))
    )
    if sent.done:
        flash(_("The workshop is scheduled."), "success")
        return redirect(url_for("workshops.detail", workshop_id=sent.value.id))
    return _render_form(form, city_obj, None, sent.status)


@bp.route("/workshops/<int:workshop_id>/edit", methods=["GET", "POST"])
@object_permission(MANAGERS)
def edit(workshop_id: int):
    """Edit a scheduled workshop."""
    workshop = load_managed(workshop_id)
    if workshop.status is not WorkshopStatus.SCHEDULED:
        flash(_("Only a scheduled workshop can be edited."), "warning")
        return redirect(url_for("workshops.detail", workshop_id=workshop.id))
    form = WorkshopForm(data=_stored(workshop)) if request.method == "GET" else WorkshopForm()
    _fill_choices(form, workshop.city, workshop)
    try:
        sent = submit_form(
            form, lambda: _on_form(lambda: services.update_workshop(current_user, workshop, _values(form)))
        )
    except Conflict as error:
        flash(error.message, "warning")
        return redirect(url_for("workshops.detail", workshop_id=workshop.id))
    if sent.done:
        flash(_("The workshop is updated."), "success")
        return redirect(url_for("workshops.detail", workshop_id=workshop.id))
    return _render_form(form, workshop.city, workshop, sent.status)


def _action(workshop: Workshop, fn, done: str):
    """Run a button's service; tell the outcome; back to the workshop page."""
    if not ConfirmForm().validate_on_submit():
        flash(_("The form expired; please send it again."), "danger")
    else:
        try:
            fn()
        except PermissionDenied:
            raise
        except DomainError as error:  # conflict, locked, invalid: say why
            flash(error.message, "warning")
        else:
            flash(done, "success")
    return redirect(url_for("workshops.detail", workshop_id=workshop.id))


@bp.route("/workshops/<int:workshop_id>/call-off", methods=["POST"])
@object_permission(MANAGERS)
def call_off(workshop_id: int):
    """Cancel a scheduled workshop (registered people are told)."""
    workshop = load_managed(workshop_id)
    return _action(workshop, lambda: services.cancel_workshop(current_user, workshop), _("The workshop is cancelled."))


@bp.route("/workshops/<int:workshop_id>/start", methods=["POST"])
@object_permission(MANAGERS)
def start(workshop_id: int):
    """Start the workshop: the board opens for changes (same service as the socket event)."""
    workshop = load_managed(workshop_id)
    return _action(workshop, lambda: start_workshop(current_user, workshop), _("The workshop has started."))


@bp.route("/workshops/<int:workshop_id>/close", methods=["POST"])
@object_permission(MANAGERS)
def close(workshop_id: int):
    """Close the workshop: the board becomes read-only for good."""
    workshop = load_managed(workshop_id)
    return _action(
        workshop,
        lambda: close_workshop(current_user, workshop),
        _("The workshop is closed. Now turn the board into ideas and write the minutes."),
    )
