"""After a workshop, for its facilitators and staff: the final board turned into ideas, and
the minutes written, previewed and approved."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from app.models.board import BoardGroup, BoardNote
from app.models.workshop import Workshop, WorkshopStatus
from app.permissions import object_permission
from app.web import form_data, submit_form
from app.workshops import bp
from app.workshops.common import get_row, ideas_produced
from app.workshops.forms import IdeaFromBoardForm, MinutesForm
from app.workshops.minutes import build_snapshot
from app.workshops.outcomes import approve_minutes, minutes_of, save_minutes, turn_group_into_idea, turn_note_into_idea
from app.workshops.queries import notes_by_group
from app.workshops.routes_manage import MANAGERS, load_managed


@bp.route("/workshops/<int:workshop_id>/outcomes")
@object_permission(MANAGERS)
def outcomes(workshop_id: int):
    """The final board, group by group, with a form to turn each group or note into an idea."""
    workshop = load_managed(workshop_id)
    if workshop.status is not WorkshopStatus.CLOSED:
        flash(_("Close the workshop first: ideas are made from the final board."), "warning")
        return redirect(url_for("workshops.detail", workshop_id=workshop.id))
    groups, by_group = notes_by_group(workshop.id)
    ideas = {i.id: i for i in ideas_produced(workshop)}
    return render_template(
        "workshops/outcomes.html",
        workshop=workshop,
        groups=[(g, by_group.get(g.id, [])) for g in groups],
        loose=by_group.get(None, []),
        ideas=ideas,
        form=IdeaFromBoardForm(formdata=None),
    )


def _on_board(model, object_id: int, workshop: Workshop):
    """A group or note of this workshop's board, or 404."""
    found = get_row(model, object_id)
    if found is None or found.workshop_id != workshop.id:
        abort(404)
    return found


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
    group = _on_board(BoardGroup, group_id, workshop)
    return _to_idea(
        workshop,
        lambda title, summary: turn_group_into_idea(current_user, workshop, group, title=title, summary=summary),
    )


@bp.route("/workshops/<int:workshop_id>/notes/<int:note_id>/idea", methods=["POST"])
@object_permission(MANAGERS)
def note_to_idea(workshop_id: int, note_id: int):
    workshop = load_managed(workshop_id)
    note = _on_board(BoardNote, note_id, workshop)
    return _to_idea(
        workshop,
        lambda title, summary: turn_note_into_idea(current_user, workshop, note, title=title, summary=summary),
    )


@bp.route("/workshops/<int:workshop_id>/minutes/edit", methods=["GET", "POST"])
@object_permission(MANAGERS)
def edit_minutes(workshop_id: int):
    """Write the draft minutes (decisions, notes), preview them, approve them."""
    workshop = load_managed(workshop_id)
    minutes = minutes_of(workshop)
    if minutes is not None and minutes.approved_at is not None:
        flash(_("The minutes are approved and can no longer change."), "info")
        return redirect(url_for("workshops.minutes", workshop_id=workshop.id))
    if workshop.status is not WorkshopStatus.CLOSED:
        flash(_("The minutes are written after the workshop is closed."), "warning")
        return redirect(url_for("workshops.detail", workshop_id=workshop.id))
    form = MinutesForm(obj=minutes) if request.method == "GET" else MinutesForm()
    approve = request.form.get("action") == "approve"
    write = approve_minutes if approve else save_minutes
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
