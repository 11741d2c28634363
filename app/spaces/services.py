"""Spaces (physical places, often recovered with FESR money, and virtual rooms) and their
bookings.

``book_space`` is the one way to book a space (the workshops feature calls it too). Bookings
of one space never overlap: half-open intervals ``[starts_at, ends_at)``, so touching slots
are fine. The check is safe under concurrent requests: the space row is locked first
(``SELECT … FOR UPDATE`` on PostgreSQL; on SQLite an UPDATE of the row takes the database
write lock, which serialises writers like ``BEGIN IMMEDIATE``) and only then are overlapping
bookings looked for, so two requests can never both pass the check.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import sqlalchemy as sa
import sqlalchemy.orm
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app import audit, times
from app.errors import InvalidInput, PermissionDenied
from app.extensions import db
from app.models import (
    Area,
    Booking,
    City,
    Fund,
    MemberRole,
    Membership,
    MemberStatus,
    Organisation,
    Role,
    Space,
    SpaceKind,
)
from app.models.base import utcnow
from app.text import plain

MAX_BOOKING = timedelta(hours=24)


def local_timezone() -> ZoneInfo:
    """The city's local time zone (Europe/Rome by default), as a ``zoneinfo`` zone: pytz
    zones must never be given as ``tzinfo=`` (they would use local mean time, +0:50)."""
    return times.local_zone()


#: The fixed list of facilities a space can offer (stored keys, translated labels).
FACILITIES = {
    "wifi": _l("Wi-Fi"),
    "projector": _l("Projector or screen"),
    "audio": _l("Sound system"),
    "computers": _l("Computers"),
    "kitchen": _l("Kitchen"),
    "garden": _l("Garden or courtyard"),
    "lab": _l("Workshop room (laboratorio)"),
    "kids": _l("Children's corner"),
    "accessible_toilet": _l("Accessible toilet"),
    "parking": _l("Parking"),
    "video_call": _l("Video-call equipment"),
}

FUND_LABELS = {Fund.FESR: _l("FESR (ERDF)"), Fund.FSE_PLUS: _l("FSE+ (ESF+)")}
KIND_LABELS = {SpaceKind.PHYSICAL: _l("Physical place"), SpaceKind.VIRTUAL: _l("Virtual room")}


# --- who may do what ------------------------------------------------------------------------


def _signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def _membership(user, organisation_id: int | None, *, owner: bool = False) -> bool:
    if organisation_id is None or not _signed_in(user):
        return False
    query = sa.select(Membership.id).where(
        Membership.organisation_id == organisation_id,
        Membership.user_id == user.id,
        Membership.status == MemberStatus.ACTIVE,
    )
    if owner:
        query = query.where(Membership.role == MemberRole.OWNER)
    return db.session.scalar(query.limit(1)) is not None


def owned_organisations(user, city: City | int) -> list[Organisation]:
    """The organisations of ``city`` that ``user`` may attach spaces to: all of them for
    staff of the city, else those the person owns."""
    if not _signed_in(user):
        return []
    city_id = city.id if isinstance(city, City) else city
    query = sa.select(Organisation).where(Organisation.city_id == city_id).order_by(Organisation.name)
    if not user.is_staff_of(city_id):
        query = query.join(Membership, Membership.organisation_id == Organisation.id).where(
            Membership.user_id == user.id,
            Membership.status == MemberStatus.ACTIVE,
            Membership.role == MemberRole.OWNER,
        )
    return list(db.session.scalars(query))


def can_create_space(user, city: City | int) -> bool:
    """Staff of the city, and owners of an organisation of the city."""
    if not _signed_in(user):
        return False
    city_id = city.id if isinstance(city, City) else city
    return user.is_staff_of(city_id) or bool(owned_organisations(user, city_id))


def can_edit_space(user, space: Space) -> bool:
    """Staff of the space's city and owners of the owning organisation."""
    if not _signed_in(user):
        return False
    return user.is_staff_of(space.city_id) or _membership(user, space.owner_organisation_id, owner=True)


def can_book(user, space: Space) -> bool:
    """Staff and facilitators of the space's city, owners/members of the owning organisation."""
    if not _signed_in(user):
        return False
    if user.is_staff_of(space.city_id) or user.has_role(Role.FACILITATOR, space.city_id):
        return True
    return _membership(user, space.owner_organisation_id)


def can_cancel_booking(user, booking: Booking) -> bool:
    """Whoever made the booking, and those who manage the space."""
    if not _signed_in(user) or booking.cancelled_at is not None:
        return False
    return booking.booked_by_id == user.id or can_edit_space(user, booking.space)


# --- spaces ---------------------------------------------------------------------------------


def area_for_point(city_id: int, lat: float, lng: float) -> Area | None:
    """The target area of the city containing the point (point-in-polygon with shapely)."""
    from shapely.geometry import Point, shape

    candidates = db.session.scalars(
        sa.select(Area)
        .where(
            Area.city_id == city_id,
            Area.min_lat <= lat,
            Area.max_lat >= lat,
            Area.min_lng <= lng,
            Area.max_lng >= lng,
        )
        .order_by(Area.id)
    )
    point = Point(lng, lat)
    for area in candidates:
        try:
            if shape(area.geometry).covers(point):
                return area
        except (ValueError, TypeError, AttributeError, KeyError):
            continue  # a broken geometry never blocks saving a space
    return None


def _is_web_link(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and " " not in value


def _int_or_none(value):
    if value in (None, ""):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return "invalid"


def _float_or_none(value):
    if value in (None, ""):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return "invalid"
    return number if number == number and abs(number) != float("inf") else "invalid"


def _clean(actor, city: City, data: dict, current: Space | None) -> dict:
    """Validate what a form or the API sent; returns the column values or raises InvalidInput."""
    fields: dict[str, list[str]] = {}
    values: dict = {}

    def text(name: str, limit: int, required: bool = False) -> str:
        value = plain(data.get(name))
        if required and not value:
            fields[name] = [_("This field is required.")]
        elif len(value) > limit:
            fields[name] = [_("Use at most %(n)d characters.", n=limit)]
        return value

    values["name"] = text("name", 200, required=True)
    if values["name"] and len(values["name"]) < 3:
        fields["name"] = [_("Enter a name of at least 3 characters.")]
    try:
        kind = SpaceKind(data.get("kind") or "physical")
    except ValueError:
        fields["kind"] = [_("Choose physical place or virtual room.")]
        kind = SpaceKind.PHYSICAL
    values["kind"] = kind
    values["address"] = text("address", 300, required=kind is SpaceKind.PHYSICAL)
    values["link"] = text("link", 500, required=kind is SpaceKind.VIRTUAL)
    if values["link"] and "link" not in fields and not _is_web_link(values["link"]):
        fields["link"] = [_("Enter a web address starting with https://.")]
    values["availability"] = text("availability", 300)
    values["accessibility_notes"] = text("accessibility_notes", 500)
    values["accessible"] = bool(data.get("accessible"))

    capacity = _int_or_none(data.get("capacity"))
    if capacity == "invalid" or (capacity is not None and not 0 <= capacity <= 100000):
        fields["capacity"] = [_("Enter a number of people from 0 to 100000.")]
        capacity = 0
    values["capacity"] = capacity or 0

    facilities = data.get("facilities") or []
    if isinstance(facilities, str):
        facilities = [facilities]
    unknown = [f for f in facilities if f not in FACILITIES]
    if unknown or not isinstance(facilities, list | tuple):
        fields["facilities"] = [_("Choose facilities from the list.")]
        facilities = []
    values["facilities"] = [key for key in FACILITIES if key in facilities]

    fund = data.get("recovered_with") or None
    if fund is not None:
        try:
            fund = Fund(fund)
        except ValueError:
            fields["recovered_with"] = [_("Choose a fund from the list.")]
            fund = None
    values["recovered_with"] = fund

    # The point: both coordinates or none, inside the world; virtual rooms have none.
    lat, lng = _float_or_none(data.get("lat")), _float_or_none(data.get("lng"))
    if lat == "invalid" or (lat is not None and not -90 <= lat <= 90):
        fields["lat"] = [_("Enter a latitude between -90 and 90.")]
    if lng == "invalid" or (lng is not None and not -180 <= lng <= 180):
        fields["lng"] = [_("Enter a longitude between -180 and 180.")]
    if "lat" not in fields and "lng" not in fields and (lat is None) != (lng is None):
        fields["lat" if lat is None else "lng"] = [_("Give both latitude and longitude, or neither.")]
    if kind is SpaceKind.VIRTUAL:
        lat = lng = None
        values["address"] = ""
    else:
        values["link"] = ""
    point_ok = "lat" not in fields and "lng" not in fields
    values["lat"], values["lng"] = (lat, lng) if point_ok else (None, None)

    area_id = _int_or_none(data.get("area_id"))
    area = None
    if area_id == "invalid":
        fields["area_id"] = [_("Choose an area of the city.")]
    elif area_id is not None:
        area = db.session.get(Area, area_id)
        if area is None or area.city_id != city.id:
            fields["area_id"] = [_("Choose an area of the city.")]
            area = None
    if point_ok and lat is not None:
        area = area_for_point(city.id, lat, lng) or area  # the point decides when it is in an area
    values["area_id"] = area.id if area else None

    # The owner: the city, or an organisation the actor may attach spaces to.
    owner = str(data.get("owner") or "")
    if owner == "city":
        if not actor.is_staff_of(city.id) and not (current is not None and current.owned_by_city):
            fields["owner"] = [_("Only city staff can register a space of the city.")]
        values["owner_organisation_id"], values["owned_by_city"] = None, True
    elif owner.startswith("org:") and owner[4:].isdigit():
        org_id = int(owner[4:])
        allowed = {o.id for o in owned_organisations(actor, city)}
        if current is not None and current.owner_organisation_id:
            allowed.add(current.owner_organisation_id)  # keeping the current owner is fine
        if org_id not in allowed:
            fields["owner"] = [_("Choose an organisation you own, or the city.")]
        values["owner_organisation_id"], values["owned_by_city"] = org_id, False
    else:
        fields["owner"] = [_("Say who owns the space: the city or an organisation.")]
    if fields:
        raise InvalidInput(fields)
    return values


def create_space(actor, city: City, data: dict) -> Space:
    """Register a space of ``city`` (staff of the city, owners of an organisation)."""
    if not can_create_space(actor, city):
        raise PermissionDenied()
    values = _clean(actor, city, data, None)
    space = Space(city_id=city.id, **values)
    db.session.add(space)
    db.session.flush()
    audit.record(actor, "space.create", space, city=city.id, name=space.name)
    db.session.commit()
    return space


def update_space(actor, space: Space, data: dict) -> Space:
    """Change a space (staff of its city, owners of the owning organisation)."""
    if not can_edit_space(actor, space):
        raise PermissionDenied()
    values = _clean(actor, space.city, data, space)
    changed = sorted(k for k, v in values.items() if getattr(space, k) != v)
    for key, value in values.items():
        setattr(space, key, value)
    if changed:
        audit.record(actor, "space.update", space, city=space.city_id, fields=changed)
    db.session.commit()
    return space


def spaces_query(city_id: int | None = None, *, area_id=None, kind=None, accessible=None, facility=None, fund=None):
    """Spaces filtered as the public list and the API offer (each filter optional)."""
    query = sa.select(Space)
    if city_id is not None:
        query = query.where(Space.city_id == city_id)
    if area_id is not None:
        query = query.where(Space.area_id == area_id)
    if kind is not None:
        query = query.where(Space.kind == kind)
    if accessible:
        query = query.where(Space.accessible.is_(True))
    if fund is not None:
        query = query.where(Space.recovered_with == fund)
    if facility:
        # JSON lists hold plain keys from FACILITIES: a quoted match is exact on both backends.
        query = query.where(sa.cast(Space.facilities, sa.Text).like(f'%"{facility}"%'))
    return query.options(sa.orm.selectinload(Space.area), sa.orm.selectinload(Space.city)).order_by(
        Space.name, Space.id
    )


# --- bookings -------------------------------------------------------------------------------


def _lock_space(space_id: int) -> None:
    """Take a lock that serialises bookings of this space until the transaction ends."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(sa.select(Space.id).where(Space.id == space_id).with_for_update())
    else:  # SQLite: a write takes the database write lock (BEGIN IMMEDIATE semantics)
        db.session.execute(
            sa.update(Space)
            .where(Space.id == space_id)
            .values(name=Space.name)
            .execution_options(synchronize_session=False)
        )


def overlapping(space_id: int, starts_at: datetime, ends_at: datetime) -> list[Booking]:
    """Confirmed bookings of the space that overlap ``[starts_at, ends_at)``."""
    query = sa.select(Booking).where(
        Booking.space_id == space_id,
        Booking.cancelled_at.is_(None),
        Booking.starts_at < ends_at,
        Booking.ends_at > starts_at,
    )
    return list(db.session.scalars(query.order_by(Booking.starts_at)))


def book_space(
    actor,
    space: Space,
    starts_at: datetime,
    ends_at: datetime,
    *,
    workshop=None,
    purpose: str = "",
    commit: bool = True,
) -> Booking:
    """Book ``space`` for ``[starts_at, ends_at)`` (timezone-aware datetimes).

    Raises ``PermissionDenied`` when ``actor`` may not book it, ``InvalidInput`` with field
    ``space`` for a double booking and ``starts_at``/``ends_at``/``purpose`` for bad values.
    With ``commit=False`` the booking is only flushed and the caller commits (the lock is held
    until then), e.g. when a workshop is created in the same transaction.
    """
    if not can_book(actor, space):
        raise PermissionDenied()
    fields: dict[str, list[str]] = {}
    purpose = plain(purpose)
    if len(purpose) > 300:
        fields["purpose"] = [_("Use at most %(n)d characters.", n=300)]
    if not isinstance(starts_at, datetime) or starts_at.tzinfo is None:
        fields["starts_at"] = [_("Enter a valid start date and time.")]
    if not isinstance(ends_at, datetime) or ends_at.tzinfo is None:
        fields["ends_at"] = [_("Enter a valid end date and time.")]
    if not fields:
        if ends_at <= starts_at:
            fields["ends_at"] = [_("The end must be after the start.")]
        elif ends_at - starts_at > MAX_BOOKING:
            fields["ends_at"] = [_("A booking can last at most 24 hours.")]
        elif ends_at <= utcnow():
            fields["starts_at"] = [_("This time slot is already over.")]
    if fields:
        raise InvalidInput(fields)

    _lock_space(space.id)
    clash = overlapping(space.id, starts_at, ends_at)
    if clash:
        message = double_booking_message(clash[0])
        if commit:
            db.session.rollback()  # release the lock at once
        raise InvalidInput({"space": [message]}, message=message)
    booking = Booking(
        space_id=space.id,
        starts_at=starts_at,
        ends_at=ends_at,
        purpose=purpose,
        workshop_id=getattr(workshop, "id", None),
        booked_by_id=actor.id,
    )
    db.session.add(booking)
    db.session.flush()
    if commit:
        db.session.commit()
    return booking


def double_booking_message(clash: Booking) -> str:
    """The clear refusal of a double booking, naming the slot already taken."""
    from flask_babel import format_datetime

    return _(
        "This space is already booked from %(start)s to %(end)s. Choose another time slot.",
        start=format_datetime(clash.starts_at, "short"),
        end=format_datetime(clash.ends_at, "short"),
    )


def cancel_booking(actor, booking: Booking, *, commit: bool = True) -> Booking:
    """Cancel a booking (whoever made it, or who manages the space); the slot is free again."""
    if not can_cancel_booking(actor, booking):
        raise PermissionDenied()
    booking.cancelled_at = utcnow()
    if booking.booked_by_id != actor.id:
        audit.record(actor, "booking.cancel", booking, city=booking.space.city_id, space=booking.space_id)
    if commit:
        db.session.commit()
    return booking


def bookings_between(space: Space, start: datetime, end: datetime) -> list[Booking]:
    """Confirmed bookings of the space overlapping ``[start, end)``, in time order."""
    return overlapping(space.id, start, end)


def upcoming_bookings(space: Space, limit: int = 50) -> list[Booking]:
    return list(
        db.session.scalars(
            sa.select(Booking)
            .where(Booking.space_id == space.id, Booking.cancelled_at.is_(None), Booking.ends_at > utcnow())
            .order_by(Booking.starts_at)
            .limit(limit)
        )
    )


# --- ideas say which space they need ------------------------------------------------------


def can_set_idea_space(user, idea) -> bool:
    """The idea's author and staff of its city."""
    return _signed_in(user) and (idea.author_id == user.id or user.is_staff_of(idea.city_id))


def set_idea_space(actor, idea, space: Space | None, *, space_needed: str | None = None):
    """Say which space an idea needs: a registered space of its city (or none) and, when
    given, a short description of the space wanted (``space_needed``)."""
    if not can_set_idea_space(actor, idea):
        raise PermissionDenied()
    fields: dict[str, list[str]] = {}
    if space is not None and space.city_id != idea.city_id:
        fields["space_id"] = [_("Choose a space of the idea's city.")]
    if space_needed is not None:
        space_needed = plain(space_needed)
        if len(space_needed) > 300:
            fields["space_needed"] = [_("Use at most %(n)d characters.", n=300)]
    if fields:
        raise InvalidInput(fields)
    idea.space_id = space.id if space is not None else None
    if space_needed is not None:
        idea.space_needed = space_needed
    if actor.id != idea.author_id:
        audit.record(actor, "idea.space", idea, city=idea.city_id, space=idea.space_id)
    db.session.commit()
    return idea
