"""Facilitators' and staff's pages of a workshop: schedule and edit, participants
(invitations, attendance), start and close, ideas from the board, the minutes."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.errors import Conflict, DomainError, InvalidInput, NotFound, PermissionDenied
from app.extensions import db
from app.models import Area, City, Idea, Need, Role, Space
from app.models.board import BoardGroup, BoardNote
from app.models.workshop import Registration, RegistrationStatus, Workshop, WorkshopMode, WorkshopStatus
from app.permissions import object_permission, require, roles_required
from app.web import form_data, submit_form
from app.workshops import bp, services
from app.workshops.common import get_row, utc_to_rome
from app.workshops.forms import (
    EMPTY_AGENDA_ROWS,
    ActionForm,
    IdeaFromBoardForm,
    InviteForm,
    MinutesForm,
    WorkshopForm,
    kind_choices,
)
from app.workshops.minutes import build_snapshot

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
    if not ActionForm().validate_on_submit():
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
    from app.workshops.board import start_workshop

    workshop = load_managed(workshop_id)
    return _action(workshop, lambda: start_workshop(current_user, workshop), _("The workshop has started."))


@bp.route("/workshops/<int:workshop_id>/close", methods=["POST"])
@object_permission(MANAGERS)
def close(workshop_id: int):
    """Close the workshop: the board becomes read-only for good."""
    from app.workshops.board import close_workshop

    workshop = load_managed(workshop_id)
    return _action(
        workshop,
        lambda: close_workshop(current_user, workshop),
        _("The workshop is closed. Now turn the board into ideas and write the minutes."),
    )


# --- participants ------------------------------------------------------------------------------


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
        action_form=ActionForm(),
        open_for_registration=workshop.status in services.OPEN_FOR_REGISTRATION,
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
        sent = submit_form(form, lambda: services.invite_people(current_user, workshop, form.emails.data))
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
    if not ActionForm().validate_on_submit():
        flash(_("The form expired; please send it again."), "danger")
    else:
        try:
            count = services.record_attendance(current_user, workshop, request.form.getlist("present"))
        except (Conflict, InvalidInput) as error:
            flash(error.message, "warning")
        else:
            flash(_("Attendance saved: %(n)s people attended.", n=count), "success")
    return redirect(url_for("workshops.people", workshop_id=workshop.id))


# --- after the workshop: ideas and minutes -------------------------------------------------------


@bp.route("/workshops/<int:workshop_id>/outcomes")
@object_permission(MANAGERS)
def outcomes(workshop_id: int):
    """The final board, group by group, with a form to turn each group or note into an idea."""
    workshop = load_managed(workshop_id)
    if workshop.status is not WorkshopStatus.CLOSED:
        flash(_("Close the workshop first: ideas are made from the final board."), "warning")
        return redirect(url_for("workshops.detail", workshop_id=workshop.id))
    groups = db.session.scalars(
        sa.select(BoardGroup)
        .where(BoardGroup.workshop_id == workshop.id, BoardGroup.deleted_at.is_(None))
        .order_by(BoardGroup.id)
    ).all()
    notes = db.session.scalars(
        sa.select(BoardNote)
        .where(BoardNote.workshop_id == workshop.id, BoardNote.deleted_at.is_(None))
        .order_by(BoardNote.vote_total.desc(), BoardNote.id)
    ).all()
    by_group: dict[int | None, list[BoardNote]] = {}
    ids = {g.id for g in groups}
    for note in notes:
        by_group.setdefault(note.group_id if note.group_id in ids else None, []).append(note)
    ideas = {i.id: i for i in services.ideas_produced(workshop)}
    return render_template(
        "workshops/outcomes.html",
        workshop=workshop,
        groups=[(g, by_group.get(g.id, [])) for g in groups],
        loose=by_group.get(None, []),
        ideas=ideas,
        form=IdeaFromBoardForm(formdata=None),
    )


def _to_idea(workshop: Workshop, make):
    form = IdeaFromBoardForm()
    if not form.validate_on_submit():
        flash(_("The form expired; please send it again."), "danger")
        return redirect(url_for("workshops.outcomes", workshop_id=workshop.id))
    try:
        idea = make(form.title.data, form.summary.data)
    except (Conflict, InvalidInput) as error:
        messages = [m for ms in getattr(error, "fields", {}).values() for m in ms] or [error.message]
        flash(" ".join(messages), "warning")
    except NotFound:
        abort(404)
    else:
        flash(_("The idea “%(title)s” is created and linked to the workshop.", title=idea.title), "success")
    return redirect(url_for("workshops.outcomes", workshop_id=workshop.id))


@bp.route("/workshops/<int:workshop_id>/groups/<int:group_id>/idea", methods=["POST"])
@object_permission(MANAGERS)
def group_to_idea(workshop_id: int, group_id: int):
    workshop = load_managed(workshop_id)
    group = get_row(BoardGroup, group_id)
    if group is None or group.workshop_id != workshop.id:
        abort(404)
    return _to_idea(
        workshop,
        lambda title, summary: services.turn_group_into_idea(
            current_user, workshop, group, title=title, summary=summary
        ),
    )


@bp.route("/workshops/<int:workshop_id>/notes/<int:note_id>/idea", methods=["POST"])
@object_permission(MANAGERS)
def note_to_idea(workshop_id: int, note_id: int):
    workshop = load_managed(workshop_id)
    note = get_row(BoardNote, note_id)
    if note is None or note.workshop_id != workshop.id:
        abort(404)
    return _to_idea(
        workshop,
        lambda title, summary: services.turn_note_into_idea(current_user, workshop, note, title=title, summary=summary),
    )


@bp.route("/workshops/<int:workshop_id>/minutes/edit", methods=["GET", "POST"])
@object_permission(MANAGERS)
def edit_minutes(workshop_id: int):
    """Write the draft minutes (decisions, notes), preview them, approve them."""
    workshop = load_managed(workshop_id)
    minutes = services.minutes_of(workshop)
    if minutes is not None and minutes.approved_at is not None:
        flash(_("The minutes are approved and can no longer change."), "info")
        return redirect(url_for("workshops.minutes", workshop_id=workshop.id))
    if workshop.status is not WorkshopStatus.CLOSED:
        flash(_("The minutes are written after the workshop is closed."), "warning")
        return redirect(url_for("workshops.detail", workshop_id=workshop.id))
    form = MinutesForm(obj=minutes) if request.method == "GET" else MinutesForm()
    approve = request.form.get("action") == "approve"
    write = services.approve_minutes if approve else services.save_minutes
    try:
        sent = submit_form(form, lambda: write(current_user, workshop, **form_data(form)))
    except (Conflict, PermissionDenied) as error:
        flash(error.message, "warning")
        return redirect(url_for("workshops.minutes", workshop_id=workshop.id))
    if sent.done and approve:
        flash(_("The minutes are approved and published."), "success")
        return redirect(url_for("workshops.minutes", workshop_id=workshop.id))
    if sent.done:
        flash(_("Draft saved."), "success")
        return redirect(url_for("workshops.edit_minutes", workshop_id=workshop.id))
    return render_template(
        "workshops/minutes_edit.html",
        workshop=workshop,
        form=form,
        preview=build_snapshot(workshop, minutes),
    ), sent.status
