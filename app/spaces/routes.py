"""HTTP views of spaces: the public list with filters, a space's page with its week of
bookings and the booking form, registering and editing spaces, cancelling bookings, and the
idea's "which space it needs" form."""

from __future__ import annotations

from datetime import datetime, timedelta
from itertools import chain

import sqlalchemy as sa
from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.extensions import db
from app.main.routes import CITY_SECTIONS, MAIN_NAV
from app.models import Area, Booking, City, Fund, Idea, Organisation, Space, SpaceKind, User, Workshop
from app.permissions import object_permission, public, require
from app.spaces import bp, labels, queries, services
from app.spaces.forms import BookingForm, IdeaSpaceForm, SpaceForm
from app.spaces.links import object_url
from app.web import ConfirmForm, city_or_404, form_data, safe_next, submit_form

PER_PAGE = 20
#: Pages beyond this are empty anyway; a larger number would overflow the query.
MAX_PAGE = 100_000

MAIN_NAV.append(("spaces.index", _l("Spaces")))
CITY_SECTIONS.append(lambda city: [(_l("Spaces"), url_for("spaces.city_spaces", city=city.slug))])


@bp.app_template_global("space_kind_label")
def space_kind_label(kind) -> str:
    return str(labels.KIND_LABELS.get(kind, ""))


@bp.app_template_global("fund_label")
def fund_label(fund) -> str:
    return str(labels.FUND_LABELS.get(fund, ""))


@bp.app_template_global("facility_label")
def facility_label(key: str) -> str:
    return str(labels.FACILITIES.get(key, key))


@bp.app_template_global("idea_space_form")
def idea_space_form(idea):
    """The form of ``spaces/_space_for_idea.html`` (None when the viewer may not use it)."""
    if not idea.can_set_space(current_user):
        return None
    form = IdeaSpaceForm(formdata=None, space_id=str(idea.space_id or ""), space_needed=idea.space_needed)
    spaces = db.session.execute(
        sa.select(Space.id, Space.name).where(Space.city_id == idea.city_id).order_by(Space.name)
    ).all()
    form.space_id.choices = [("", _("— none yet —"))] + [(str(i), n) for i, n in spaces]
    return form


bp.add_app_template_global(Space, "Space")  # templates ask Space.can_create_in(city, current_user)


@bp.app_template_global("idea_space")
def idea_space(idea) -> Space | None:
    return db.session.get(Space, idea.space_id) if idea.space_id else None


def _space(space_id: int) -> Space:
    return db.get_or_404(Space, space_id)


# --- the public list ------------------------------------------------------------------------


@bp.route("/spaces")
@public
def index():
    """Spaces of every city: the person's own city first when signed in."""
    counts = dict(db.session.execute(sa.select(Space.city_id, sa.func.count()).group_by(Space.city_id)).all())
    cities = db.session.scalars(sa.select(City).order_by(City.name)).all()
    home = current_user.city_id if current_user.is_authenticated else None
    cities.sort(key=lambda c: c.id != home)
    return render_template("spaces/index.html", cities=cities, counts=counts)


def _filters(city: City) -> dict:
    args = request.args
    areas = db.session.scalars(sa.select(Area).where(Area.city_id == city.id).order_by(Area.name)).all()
    area = next((a for a in areas if a.slug == args.get("area")), None)
    kind = args.get("kind") if args.get("kind") in {k.value for k in SpaceKind} else None
    facility = args.get("facility") if args.get("facility") in labels.FACILITIES else None
    fund = args.get("fund") if args.get("fund") in {f.value for f in Fund} else None
    return {
        "areas": areas,
        "area": area,
        "kind": kind,
        "accessible": args.get("accessible") == "1",
        "facility": facility,
        "fund": fund,
    }


@bp.route("/c/<city>/spaces")
@public
def city_spaces(city):
    city_obj = city_or_404(city)
    f = _filters(city_obj)
    query = queries.spaces_query(
        city_obj.id,
        area_id=f["area"].id if f["area"] else None,
        kind=SpaceKind(f["kind"]) if f["kind"] else None,
        accessible=f["accessible"],
        facility=f["facility"],
        fund=Fund(f["fund"]) if f["fund"] else None,
    )
    page = db.paginate(
        query, page=min(request.args.get("page", 1, type=int), MAX_PAGE), per_page=PER_PAGE, error_out=False
    )
    link_args = {
        k: v
        for k, v in {
            "area": f["area"].slug if f["area"] else None,
            "kind": f["kind"],
            "accessible": "1" if f["accessible"] else None,
            "facility": f["facility"],
            "fund": f["fund"],
        }.items()
        if v
    }
    return render_template(
        "spaces/list.html",
        city=city_obj,
        page=page,
        filters=f,
        link_args=link_args,
        facilities=labels.FACILITIES,
        funds=labels.FUND_LABELS,
        kinds=labels.KIND_LABELS,
        tile_url=current_app.config["MAP_TILE_URL"],
    )


# --- registering and editing ----------------------------------------------------------------


def _prepare(form: SpaceForm, city: City, space: Space | None) -> None:
    areas = db.session.execute(sa.select(Area.id, Area.name).where(Area.city_id == city.id).order_by(Area.name)).all()
    form.area_id.choices = [("", _("— none —"))] + [(str(i), n) for i, n in areas]
    city_ok, organisations = queries.possible_owners(current_user, city, space)
    owners = [("city", _("The City of %(city)s", city=city.name))] if city_ok else []
    form.owner.choices = owners + [(f"org:{o.id}", o.name) for o in organisations]


def _space_form_data(space: Space) -> dict:
    return {
        "name": space.name,
        "kind": space.kind.value,
        "address": space.address,
        "link": space.link,
        "lat": "" if space.lat is None else f"{space.lat:.6f}",
        "lng": "" if space.lng is None else f"{space.lng:.6f}",
        "area_id": str(space.area_id or ""),
        "capacity": space.capacity,
        "accessible": space.accessible,
        "accessibility_notes": space.accessibility_notes,
        "facilities": list(space.facilities or []),
        "availability": space.availability,
        "recovered_with": space.recovered_with.value if space.recovered_with else "",
        "owner": "city" if space.owned_by_city else f"org:{space.owner_organisation_id}",
    }


@bp.route("/c/<city>/spaces/new", methods=["GET", "POST"])
@object_permission("staff of the city or owner of an organisation of the city")
def create(city):
    city_obj = city_or_404(city)
    require(Space.can_create_in(city_obj, current_user))
    form = SpaceForm()
    _prepare(form, city_obj, None)
    result = submit_form(form, lambda: services.create_space(current_user, city_obj, form_data(form)))
    if result.done:
        flash(_("The space is registered."), "success")
        return redirect(url_for("spaces.show", space_id=result.value.id))
    form_page = render_template("spaces/form.html", form=form, city=city_obj, space=None, **_map_context(city_obj))
    return form_page, result.status


@bp.route("/spaces/<int:space_id>/edit", methods=["GET", "POST"])
@object_permission("staff of the space's city or owner of the owning organisation")
def edit(space_id):
    space = _space(space_id)
    require(space.can_edit(current_user))
    form = SpaceForm(data=None if request.method == "POST" else _space_form_data(space))
    _prepare(form, space.city, space)
    result = submit_form(form, lambda: services.update_space(current_user, space, form_data(form)))
    if result.done:
        flash(_("The space is saved."), "success")
        return redirect(url_for("spaces.show", space_id=space.id))
    form_page = render_template("spaces/form.html", form=form, city=space.city, space=space, **_map_context(space.city))
    return form_page, result.status


def _map_context(city: City) -> dict:
    return {"tile_url": current_app.config["MAP_TILE_URL"], "map_center": (city.lat, city.lng, city.zoom)}


# --- a space's page with its week -----------------------------------------------------------


def _week(offset: int) -> tuple[datetime, list]:
    """Monday 00:00 (local time) of the week ``offset`` weeks from this one, and its 7 days."""
    tz = services.local_timezone()
    today = datetime.now(tz).date()
    monday = today - timedelta(days=today.weekday()) + timedelta(weeks=offset)
    days = [monday + timedelta(days=i) for i in range(7)]
    start = datetime(monday.year, monday.month, monday.day, tzinfo=tz)
    return start, days


@bp.route("/spaces/<int:space_id>")
@public
def show(space_id, booking_form=None, status=200):
    space = _space(space_id)
    offset = max(-52, min(104, request.args.get("week", 0, type=int)))
    tz = services.local_timezone()
    start, days = _week(offset)
    end = datetime.combine(days[-1] + timedelta(days=1), datetime.min.time(), tzinfo=tz)
    bookings = queries.bookings_between(space, start, end)
    by_day = {day: [] for day in days}
    for booking in bookings:
        first = max(booking.starts_at.astimezone(tz).date(), days[0])
        last = min((booking.ends_at - timedelta(microseconds=1)).astimezone(tz).date(), days[-1])
        day = first
        while day <= last:
            by_day[day].append(booking)
            day += timedelta(days=1)
    workshop_ids = {b.workshop_id for b in bookings if b.workshop_id}
    workshops = (
        {w.id: w for w in db.session.scalars(sa.select(Workshop).where(Workshop.id.in_(workshop_ids)))}
        if workshop_ids
        else {}
    )
    bookers = {}
    ids = {b.booked_by_id for b in bookings if b.can_manage(current_user)}
    if ids:
        bookers = {u.id: u for u in db.session.scalars(sa.select(User).where(User.id.in_(ids)))}
    if booking_form is None and space.can_book(current_user):
        booking_form = BookingForm(formdata=None)
    owner = db.session.get(Organisation, space.owner_organisation_id) if space.owner_organisation_id else None
    return render_template(
        "spaces/show.html",
        space=space,
        owner=owner,
        owner_url=object_url("organisation", owner.id) if owner else None,
        days=days,
        by_day=by_day,
        offset=offset,
        workshops=workshops,
        workshop_url=lambda wid: object_url("workshop", wid),
        bookers=bookers,
        booking_form=booking_form,
        cancel_form=ConfirmForm(formdata=None),
        tz=tz,
        tile_url=current_app.config["MAP_TILE_URL"],
    ), status


@bp.route("/spaces/<int:space_id>/bookings", methods=["POST"])
@object_permission("staff or facilitator of the space's city, or member of the owning organisation")
def book(space_id):
    space = _space(space_id)
    require(space.can_book(current_user))
    form = BookingForm()
    result = submit_form(form, lambda: services.book_slot(current_user, space, form_data(form)))
    if result.done:
        flash(_("The space is booked."), "success")
        starts_on = result.value.starts_at.astimezone(services.local_timezone()).date()
        week = (starts_on - _week(0)[1][0]).days // 7
        return redirect(url_for("spaces.show", space_id=space.id, week=week or None) + "#calendar")
    return show(space_id, booking_form=form, status=422)


@bp.route("/bookings/<int:booking_id>/cancel", methods=["POST"])
@object_permission("who made the booking, or who manages the space")
def cancel(booking_id):
    booking = db.get_or_404(Booking, booking_id)
    require(booking.can_manage(current_user))
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if booking.can_cancel(current_user):
        services.cancel_booking(current_user, booking)
        flash(_("The booking is cancelled."), "success")
    return redirect(safe_next("spaces.show", space_id=booking.space_id))


# --- ideas say which space they need ------------------------------------------------------


@bp.route("/ideas/<int:idea_id>/space", methods=["POST"])
@object_permission("author of the idea or staff of its city")
def set_idea_space(idea_id):
    idea = db.get_or_404(Idea, idea_id)
    require(idea.can_set_space(current_user))
    form = IdeaSpaceForm()
    fallback = object_url("idea", idea.id, city=idea.city.slug) or url_for("spaces.index")
    target = safe_next("spaces.index")
    if target == url_for("spaces.index"):
        target = fallback
    result = submit_form(
        form,
        lambda: services.set_idea_space(current_user, idea, form.space_id.data, space_needed=form.space_needed.data),
    )
    if result.done:
        flash(_("The space the idea needs is saved."), "success")
    for message in chain.from_iterable(form.errors.values()):
        flash(message, "danger")
    return redirect(target)
