"""HTTP views of accompaniment: the city's tracks (staff and facilitators), my tracks, a
track's page (sessions, readiness checklist) and opening a track. The city's checklist is in
``routes_checklist.py``."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.accompaniment import bp, labels, queries, services
from app.accompaniment.forms import SessionForm, TrackForm, TrackSettingsForm
from app.extensions import db
from app.main.routes import ACCOUNT_MENU, CITY_SECTIONS
from app.models import (
    AccompanimentSession,
    AccompanimentTrack,
    City,
    Role,
)
from app.permissions import login_required, object_permission, require, roles_required
from app.spaces.links import object_url
from app.web import ConfirmForm, city_or_404, form_data, submit_form

PER_PAGE = 25
#: Pages beyond this are empty anyway; a larger number would overflow the query.
MAX_PAGE = 100_000

ACCOUNT_MENU.append(("accompaniment.mine", _l("Accompaniment")))


def _city_section(city: City) -> list:
    """The city page links the city's tracks for its staff and facilitators."""
    if current_user.runs_activities_in(city):
        return [(_l("Accompaniment"), url_for("accompaniment.city_tracks", city=city.slug))]
    return []


CITY_SECTIONS.append(_city_section)


@bp.app_template_global("readiness_label")
def readiness_label(item) -> str:
    return labels.item_label(item)


def _track(track_id: int) -> AccompanimentTrack:
    return db.get_or_404(AccompanimentTrack, track_id)


def _session(track: AccompanimentTrack, session_id: int) -> AccompanimentSession:
    session = db.get_or_404(AccompanimentSession, session_id)
    if session.track_id != track.id:
        abort(404)
    return session


# --- lists ----------------------------------------------------------------------------------


@bp.route("/c/<city>/accompaniment")
@roles_required(Role.STAFF, Role.FACILITATOR)
def city_tracks(city):
    """All the accompaniment tracks of the city with their readiness."""
    city_obj = city_or_404(city)
    status = request.args.get("status") if request.args.get("status") in ("open", "closed") else None
    page = db.paginate(
        queries.city_tracks_query(city_obj, status=status),
        page=min(request.args.get("page", 1, type=int), MAX_PAGE),
        per_page=PER_PAGE,
        error_out=False,
    )
    return render_template(
        "accompaniment/city.html",
        city=city_obj,
        page=page,
        status=status,
    )


@bp.route("/accompaniment/mine")
@login_required
def mine():
    """The tracks I take part in: as facilitator, member of the organisation or idea author."""
    page = db.paginate(
        queries.visible_tracks_query(current_user),
        page=min(request.args.get("page", 1, type=int), MAX_PAGE),
        per_page=PER_PAGE,
        error_out=False,
    )
    return render_template("accompaniment/mine.html", page=page)


# --- opening a track ------------------------------------------------------------------------


def _candidates(city: City, q: str, chosen_org: str, chosen_idea: str):
    org_rows, idea_rows = queries.track_subjects(city, q, chosen_org, chosen_idea)
    return (
        [("", _("— none —"))] + [(str(i), n) for i, n in org_rows],
        [("", _("— none —"))] + [(str(i), t) for i, t in idea_rows],
    )


@bp.route("/c/<city>/accompaniment/new", methods=["GET", "POST"])
@roles_required(Role.FACILITATOR)
def open_track(city):
    city_obj = city_or_404(city)
    q = (request.args.get("q") or "").strip()[:100]
    form = TrackForm()
    if request.method == "GET":
        form.organisation.data = request.args.get("organisation", "")
        form.idea.data = request.args.get("idea", "")
    form.organisation.choices, form.idea.choices = _candidates(
        city_obj, q, str(form.organisation.data or ""), str(form.idea.data or "")
    )
    result = submit_form(form, lambda: services.open_track(current_user, city_obj, **form_data(form)))
    if result.done:
        flash(_("The accompaniment track is open."), "success")
        return redirect(url_for("accompaniment.show", track_id=result.value.id))
    return render_template("accompaniment/new.html", form=form, city=city_obj, q=q), result.status


# --- a track --------------------------------------------------------------------------------


@bp.route("/accompaniment/<int:track_id>")
@object_permission("facilitators and staff of the city, members of the organisation, the idea's author")
def show(track_id, session_form=None, settings_form=None, status=200):
    track = _track(track_id)
    require(track.can_view(current_user))
    can_edit = track.can_edit(current_user)
    if can_edit:
        session_form = session_form or SessionForm(formdata=None)
        settings_form = settings_form or TrackSettingsForm(
            formdata=None, title=track.title, closed=track.closed_at is not None
        )
    return render_template(
        "accompaniment/show.html",
        track=track,
        session_form=session_form,
        settings_form=settings_form,
        checklist_form=ConfirmForm(formdata=None),
        confirm_form=ConfirmForm(formdata=None),
        missing=queries.missing_template_items(track) if can_edit else [],
        organisation_url=object_url("organisation", track.organisation_id),
        idea_url=object_url("idea", track.idea_id, city=track.city.slug),
    ), status


def _editable(track_id: int) -> AccompanimentTrack:
    track = _track(track_id)
    require(track.can_edit(current_user))
    return track


@bp.route("/accompaniment/<int:track_id>/settings", methods=["POST"])
@object_permission("facilitators of the track's city")
def settings(track_id):
    track = _editable(track_id)
    form = TrackSettingsForm()
    if submit_form(form, lambda: services.update_track(current_user, track, **form_data(form))).done:
        flash(_("The track is saved."), "success")
        return redirect(url_for("accompaniment.show", track_id=track.id))
    return show(track_id, settings_form=form, status=422)


@bp.route("/accompaniment/<int:track_id>/checklist", methods=["POST"])
@object_permission("facilitators of the track's city")
def checklist(track_id):
    track = _editable(track_id)
    form = ConfirmForm()
    states = {
        item.id: {"done": request.form.get(f"done-{item.id}") == "1", "note": request.form.get(f"note-{item.id}")}
        for item in track.items
        if f"seen-{item.id}" in request.form
    }
    result = submit_form(form, lambda: services.update_checklist(current_user, track, states))
    if result.done and result.value:
        flash(_("The checklist is saved: readiness %(n)d%%.", n=track.readiness), "success")
    elif form.errors:
        flash(_("The form expired; please send it again."), "danger")
    return redirect(url_for("accompaniment.show", track_id=track.id) + "#checklist")


@bp.route("/accompaniment/<int:track_id>/checklist/sync", methods=["POST"])
@object_permission("facilitators of the track's city")
def sync(track_id):
    track = _editable(track_id)
    if ConfirmForm().validate_on_submit():
        added = services.sync_track_items(current_user, track)
        if added:
            flash(_("New items of the city's checklist were added."), "success")
    return redirect(url_for("accompaniment.show", track_id=track.id) + "#checklist")


@bp.route("/accompaniment/<int:track_id>/sessions", methods=["POST"])
@object_permission("facilitators of the track's city")
def add_session(track_id):
    track = _editable(track_id)
    form = SessionForm()
    if submit_form(form, lambda: services.add_session(current_user, track, **form_data(form))).done:
        flash(_("The session is recorded."), "success")
        return redirect(url_for("accompaniment.show", track_id=track.id) + "#sessions")
    return show(track_id, session_form=form, status=422)


@bp.route("/accompaniment/<int:track_id>/sessions/<int:acc_session_id>/edit", methods=["GET", "POST"])
@object_permission("facilitators of the track's city")
def edit_session(track_id, acc_session_id):
    track = _editable(track_id)
    session = _session(track, acc_session_id)
    form = SessionForm(obj=None if request.method == "POST" else session)
    result = submit_form(form, lambda: services.update_session(current_user, session, **form_data(form)))
    if result.done:
        flash(_("The session is saved."), "success")
        return redirect(url_for("accompaniment.show", track_id=track.id) + "#sessions")
    return render_template("accompaniment/session.html", form=form, track=track, session=session), result.status


@bp.route("/accompaniment/<int:track_id>/sessions/<int:acc_session_id>/delete", methods=["POST"])
@object_permission("facilitators of the track's city")
def delete_session(track_id, acc_session_id):
    track = _editable(track_id)
    session = _session(track, acc_session_id)
    if ConfirmForm().validate_on_submit():
        services.delete_session(current_user, session)
        flash(_("The session is deleted."), "success")
    return redirect(url_for("accompaniment.show", track_id=track.id) + "#sessions")
