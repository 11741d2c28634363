"""Reads of spaces: the filtered registry (HTML list, API, GeoJSON), a space's bookings, and
the organisations a person may attach spaces to."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm

from app.extensions import db
from app.models import Booking, City, MemberRole, Membership, MemberStatus, Organisation, Space
from app.models.base import utcnow


def owned_organisations(user, city: City | int) -> list[Organisation]:
    """The organisations of ``city`` that ``user`` may attach spaces to: all of them for
    staff of the city, else those the person owns."""
    if not user.is_authenticated:
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


def possible_owners(user, city: City, space: Space | None) -> tuple[bool, list[Organisation]]:
    """Who ``user`` may make the owner of a space of ``city``: the city (for its staff, or
    when it owns the space already) and the organisations they may attach spaces to, plus
    the space's current organisation (keeping the owner is fine). The form offers them, the
    service accepts only them."""
    city_ok = user.is_staff_of(city) or (space is not None and space.owned_by_city)
    organisations = owned_organisations(user, city)
    current = space.owner_organisation if space is not None else None
    if current is not None and all(o.id != current.id for o in organisations):
        organisations.append(current)
    return city_ok, organisations


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


def overlapping(space_id: int, starts_at: datetime, ends_at: datetime) -> list[Booking]:
    """Confirmed bookings of the space that overlap ``[starts_at, ends_at)``."""
    query = sa.select(Booking).where(
        Booking.space_id == space_id,
        Booking.cancelled_at.is_(None),
        Booking.starts_at < ends_at,
        Booking.ends_at > starts_at,
    )
    return list(db.session.scalars(query.order_by(Booking.starts_at)))


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
