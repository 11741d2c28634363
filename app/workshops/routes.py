"""Public pages of workshops: the calendars, a workshop's page, registering and cancelling,
the minutes (printable page and PDF). Facilitators' pages are in ``routes_manage.py``, the
live board's in ``routes_board.py``."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user

from app.errors import Conflict, NotFound
from app.extensions import db
from app.models import City
from app.models.base import utcnow
from app.models.workshop import RegistrationStatus, Workshop, WorkshopStatus
from app.permissions import login_required, public
from app.web import ConfirmForm
from app.workshops import bp, services
from app.workshops.common import (
    OPEN_FOR_REGISTRATION,
    get_row,
    ideas_produced,
    places_left,
    utc_to_rome,
    waitlist_position,
)
from app.workshops.minutes import build_snapshot, parse_time, render_pdf, time_range
from app.workshops.outcomes import minutes_of
from app.workshops.registrations import cancel_registration, register_for_workshop

PER_PAGE = 30


def load_visible(workshop_id: int) -> Workshop:
    """The workshop, or 404 when it does not exist or is invite-only and hidden from this person."""
    workshop = get_row(Workshop, workshop_id)
    if workshop is None or not workshop.can_view(current_user):
        abort(404)
    return workshop


@bp.app_template_global()
def optional_url(endpoint: str, **values) -> str | None:
    """The URL of a page another feature may offer (need and idea pages, the board)."""
    if endpoint not in current_app.view_functions:
        return None
    try:
        return url_for(endpoint, **values)
    except Exception:  # a view with other arguments than expected
        return None


bp.add_app_template_global(time_range, "time_range")


@bp.app_template_global()
def workshops_for(target, kind: str) -> list[dict]:
    """Workshops that worked on a need or idea (or produced the idea), that this person may
    see: used by ``workshops/_for_target.html``."""
    if kind == "need":
        items = services.workshops_for_need(target, current_user)
    else:
        items = services.workshops_for_idea(target, current_user)
    return [{**item, "starts_at_dt": parse_time(item["starts_at"])} for item in items]


def _upcoming_condition(now):
    return sa.or_(
        Workshop.status == WorkshopStatus.LIVE,
        sa.and_(Workshop.status.in_([WorkshopStatus.SCHEDULED, WorkshopStatus.CANCELLED]), Workshop.ends_at >= now),
    )


def _by_month(workshops) -> list[tuple[str, list[Workshop]]]:
    months: list[tuple[tuple[int, int], str, list[Workshop]]] = []
    for workshop in workshops:
        local = utc_to_rome(workshop.starts_at)
        key = (local.year, local.month)
        if not months or months[-1][0] != key:
            months.append((key, format_date(date(local.year, local.month, 1), "LLLL yyyy").capitalize(), []))
        months[-1][2].append(workshop)
    return [(label, items) for _key, label, items in months]


def _listing(city: City | None, when: str):
    now = utcnow()
    query = services.visible_workshops(current_user, city)
    if when == "past":
        query = query.where(sa.not_(_upcoming_condition(now))).order_by(Workshop.starts_at.desc(), Workshop.id.desc())
    else:
        query = query.where(_upcoming_condition(now)).order_by(Workshop.starts_at, Workshop.id)
    page = request.args.get("page", 1, type=int)
    return db.paginate(query, page=max(1, min(page, 10000)), per_page=PER_PAGE, error_out=False)


@bp.route("/workshops")
@public
def index():
    """Upcoming (or past) workshops in every city."""
    when = "past" if request.args.get("when") == "past" else "upcoming"
    page = _listing(None, when)
    return render_template("workshops/calendar.html", city=None, when=when, page=page, months=_by_month(page.items))


@bp.route("/c/<city>/workshops")
@public
def calendar(city):
    """A city's calendar of workshops, by month: upcoming or past."""
    city_obj = db.one_or_404(sa.select(City).where(City.slug == city))
    when = "past" if request.args.get("when") == "past" else "upcoming"
    page = _listing(city_obj, when)

    return render_template(
        "workshops/calendar.html",
        city=city_obj,
        when=when,
        page=page,
        months=_by_month(page.items),
    )


@bp.route("/workshops/<int:workshop_id>")
@public
def detail(workshop_id: int):
    """A workshop: goal, when and where, agenda, places left (live), registration, and
    after it the ideas produced and the minutes."""
    workshop = load_visible(workshop_id)
    registration = workshop.registration_of(current_user)
    return render_template(
        "workshops/detail.html",
        workshop=workshop,
        registration=registration,
        waitlist_position=waitlist_position(registration) if registration else None,
        places_left=places_left(workshop),
        minutes=minutes_of(workshop),
        ideas_produced=ideas_produced(workshop) if workshop.status is WorkshopStatus.CLOSED else [],
        open_for_registration=workshop.status in OPEN_FOR_REGISTRATION,
        action_form=ConfirmForm(),
        Status=WorkshopStatus,
        RegStatus=RegistrationStatus,
    )


def _registration_change(workshop_id: int, change, answered) -> Response:
    """A registration button on the workshop page: ``change(current_user, workshop)`` once
    the CSRF token holds, ``answered(registration)`` flashes what happened; a ``Conflict``
    is flashed as a warning. Back to the workshop's page."""
    workshop = load_visible(workshop_id)
    if not ConfirmForm().validate_on_submit():
        flash(_("The form expired; please send it again."), "danger")
        return redirect(url_for("workshops.detail", workshop_id=workshop.id))
    try:
        registration = change(current_user, workshop)
    except NotFound:
        abort(404)
    except Conflict as error:
        flash(error.message, "warning")
    else:
        answered(registration)
    return redirect(url_for("workshops.detail", workshop_id=workshop.id))


@bp.route("/workshops/<int:workshop_id>/unregister", methods=["POST"])
@login_required
def unregister(workshop_id: int):
    """Give up a place or a place on the waitlist (also: decline an invitation)."""

    def answered(registration):
        if registration is not None:
            flash(_("Your registration is cancelled."), "info")

    return _registration_change(workshop_id, cancel_registration, answered)


@bp.route("/workshops/<int:workshop_id>/register", methods=["POST"])
@login_required
def register(workshop_id: int):
    """Take a place, or a place on the waitlist (also: accept an invitation)."""

    def answered(registration):
        if registration.status is RegistrationStatus.REGISTERED:
            flash(_("You are registered. See you there!"), "success")
        else:
            flash(
                _(
                    "The workshop is full: you are number %(n)s on the waitlist. We will tell you if a place frees up.",
                    n=waitlist_position(registration),
                ),
                "info",
            )

    return _registration_change(workshop_id, register_for_workshop, answered)


def _minutes_snapshot(workshop: Workshop) -> tuple[dict, bool]:
    """(snapshot, approved): the frozen minutes, or the draft preview for managers."""
    if not workshop.can_read_minutes(current_user):
        abort(404)
    minutes = minutes_of(workshop)
    if minutes is not None and minutes.approved:
        return minutes.snapshot, True
    if workshop.status is WorkshopStatus.CLOSED:  # before, there is no draft to preview
        return build_snapshot(workshop, minutes), False
    abort(404)


@bp.route("/workshops/<int:workshop_id>/minutes")
@public
def minutes(workshop_id: int):
    """The minutes (verbale) as a printable page; the draft preview for facilitators."""
    workshop = load_visible(workshop_id)
    snapshot, approved = _minutes_snapshot(workshop)
    return render_template(
        "workshops/minutes.html",
        workshop=workshop,
        m=snapshot,
        approved=approved,
        starts_at=parse_time(snapshot["workshop"]["starts_at"]),
        ends_at=parse_time(snapshot["workshop"]["ends_at"]),
        approved_at=parse_time(snapshot.get("approved_at")),
    )


@bp.route("/workshops/<int:workshop_id>/minutes.pdf")
@public
def minutes_pdf(workshop_id: int):
    """The minutes as a PDF file."""
    workshop = load_visible(workshop_id)
    snapshot, approved = _minutes_snapshot(workshop)
    data = render_pdf(snapshot, draft=not approved)
    name = f"verbale-laboratorio-{workshop.id}{'' if approved else '-bozza'}.pdf"
    return Response(
        data,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "private, no-store"},
    )
