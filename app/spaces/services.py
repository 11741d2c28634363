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

from datetime import datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
import sqlalchemy.orm
from flask_babel import format_datetime
from flask_babel import gettext as _

from app import audit, times
from app.areas import geometry
from app.errors import InvalidInput, PermissionDenied
from app.extensions import db
from app.models import (
    Area,
    Booking,
    City,
    Space,
)
from app.models.base import utcnow
from app.schemas import load
from app.spaces import queries
from app.spaces.schemas import BookingInput, IdeaSpaceInput, SlotInput, SpaceInput


def local_timezone() -> ZoneInfo:
    """The city's local time zone (Europe/Rome by default), as a ``zoneinfo`` zone: pytz
    zones must never be given as ``tzinfo=`` (they would use local mean time, +0:50)."""
    return times.local_zone()


# --- spaces ---------------------------------------------------------------------------------


def _check(actor, city: City, values: dict, current: Space | None) -> dict:
    """The rules of a space that need the database: the area is of the city (the point
    decides when it is in an area), and the owner is the city (for its staff) or an
    organisation the actor may attach spaces to (the current owner may stay)."""
    fields: dict[str, list[str]] = {}
    area = None
    if values["area_id"] is not None:
        area = db.session.get(Area, values["area_id"])
        if area is None or area.city_id != city.id:
            fields["area_id"] = [_("Choose an area of the city.")]
            area = None
    if values["lat"] is not None:
        area = geometry.locate(city.id, values["lat"], values["lng"]) or area
    values["area_id"] = area.id if area else None
    city_ok, organisations = queries.possible_owners(actor, city, current)
    if values["owned_by_city"] and not city_ok:
        fields["owner"] = [_("Only city staff can register a space of the city.")]
    elif not values["owned_by_city"] and all(o.id != values["owner_organisation_id"] for o in organisations):
        fields["owner"] = [_("Choose an organisation you own, or the city.")]
    if fields:
        raise InvalidInput(fields)
    return values


def create_space(actor, city: City, data: dict) -> Space:
    """Register a space of ``city`` (staff of the city, owners of an organisation)."""
    if not Space.can_create_in(city, actor):
        raise PermissionDenied()
    values = _check(actor, city, load(SpaceInput, data), None)
    space = Space(city_id=city.id, **values)
    db.session.add(space)
    db.session.flush()
    audit.record(actor, "space.create", space, city=city.id, name=space.name)
    db.session.commit()
    return space


def update_space(actor, space: Space, data: dict) -> Space:
    """Change a space (staff of its city, owners of the owning organisation)."""
    if not space.can_edit(actor):
        raise PermissionDenied()
    values = _check(actor, space.city, load(SpaceInput, data), space)
    changed = sorted(k for k, v in values.items() if getattr(space, k) != v)
    for key, value in values.items():
        setattr(space, key, value)
    if changed:
        audit.record(actor, "space.update", space, city=space.city_id, fields=changed)
    db.session.commit()
    return space


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
    if not space.can_book(actor):
        raise PermissionDenied()
    slot = load(SlotInput, {"starts_at": starts_at, "ends_at": ends_at, "purpose": purpose})
    starts_at, ends_at = slot["starts_at"], slot["ends_at"]
    _lock_space(space.id)
    clash = queries.overlapping(space.id, starts_at, ends_at)
    if clash:
        message = double_booking_message(clash[0])
        if commit:
            db.session.rollback()  # release the lock at once
        raise InvalidInput({"space": [message]}, message=message)
    booking = Booking(
        space_id=space.id,
        starts_at=starts_at,
        ends_at=ends_at,
        purpose=slot["purpose"],
        workshop_id=getattr(workshop, "id", None),
        booked_by_id=actor.id,
    )
    db.session.add(booking)
    db.session.flush()
    if commit:
        db.session.commit()
    return booking


def book_slot(actor, space: Space, data: dict) -> Booking:
    """Book ``space`` from its page: ``data`` holds a day and two times in the city's local
    time (``BookingInput``); errors name those fields (``start``, ``end``) or ``space``."""
    values = load(BookingInput, data)
    tz = local_timezone()
    starts_at = datetime.combine(values["day"], values["start"], tzinfo=tz)
    ends_at = datetime.combine(values["day"], values["end"], tzinfo=tz)
    try:
        return book_space(actor, space, starts_at, ends_at, purpose=values["purpose"])
    except InvalidInput as error:
        names = {"starts_at": "start", "ends_at": "end"}
        raise InvalidInput({names.get(k, k): v for k, v in error.fields.items()}, message=error.message) from None


def double_booking_message(clash: Booking) -> str:
    """The clear refusal of a double booking, naming the slot already taken."""
    return _(
        "This space is already booked from %(start)s to %(end)s. Choose another time slot.",
        start=format_datetime(clash.starts_at, "short"),
        end=format_datetime(clash.ends_at, "short"),
    )


def cancel_booking(actor, booking: Booking, *, commit: bool = True) -> Booking:
    """Cancel a booking (whoever made it, or who manages the space); the slot is free again."""
    if not booking.can_cancel(actor):
        raise PermissionDenied()
    booking.cancelled_at = utcnow()
    if booking.booked_by_id != actor.id:
        audit.record(actor, "booking.cancel", booking, city=booking.space.city_id, space=booking.space_id)
    if commit:
        db.session.commit()
    return booking


# --- ideas say which space they need ------------------------------------------------------


def set_idea_space(actor, idea, space, *, space_needed: str | None = None):
    """Say which space an idea needs: ``space`` is a registered space of its city (a Space
    or its id; None or "" for none) and, when given, ``space_needed`` a short description of
    the space wanted."""
    if not idea.can_set_space(actor):
        raise PermissionDenied()
    values = load(IdeaSpaceInput, {"space_id": getattr(space, "id", space), "space_needed": space_needed})
    if values["space_id"] is not None:
        chosen = db.session.get(Space, values["space_id"])
        if chosen is None or chosen.city_id != idea.city_id:
            raise InvalidInput({"space_id": [_("Choose a space of the idea's city.")]})
    idea.space_id = values["space_id"]
    if values["space_needed"] is not None:
        idea.space_needed = values["space_needed"]
    if actor.id != idea.author_id:
        audit.record(actor, "idea.space", idea, city=idea.city_id, space=idea.space_id)
    db.session.commit()
    return idea
