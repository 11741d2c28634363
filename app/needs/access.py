"""Who sees which need, and how precisely.

- A hidden need (moderation) is gone from lists, search, map and API for the public; the
  staff of its city (and administrators) still see it everywhere, its author sees its page.
- The exact point is shown only to the staff of the need's city; everyone else sees the
  point coarsened to the 0.001° grid (about 100 m).
"""

from __future__ import annotations

import sqlalchemy as sa

from app.models import Need, Role

GRID = 1000  # points are snapped to 1/GRID degree: 0.001° ≈ 111 m north-south, ≈ 85 m east-west here


def coarsen(value: float | None) -> float | None:
    """Snap a latitude or longitude to the public 0.001° grid."""
    if value is None:
        return None
    return round(round(value * GRID) / GRID, 3)


def _signed_in(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


def is_city_staff(user, city_id: int) -> bool:
    return _signed_in(user) and user.is_staff_of(city_id)


def can_view(user, need: Need) -> bool:
    if not need.hidden:
        return True
    return _signed_in(user) and (user.id == need.author_id or user.is_staff_of(need.city_id))


def sees_exact_point(user, need: Need) -> bool:
    return is_city_staff(user, need.city_id)


def can_edit(user, need: Need) -> bool:
    """The author while nobody has answered yet (status open, not hidden); the city's staff always."""
    if not _signed_in(user):
        return False
    if user.is_staff_of(need.city_id):
        return True
    from app.models import NeedStatus

    return user.id == need.author_id and need.status is NeedStatus.OPEN and not need.hidden


def listing_clause(user):
    """The WHERE clause that keeps hidden needs out of lists for everyone but staff."""
    if not _signed_in(user):
        return Need.hidden.is_not(True)
    if user.is_admin:
        return sa.true()
    staff_cities = user.cities_with(Role.STAFF)
    if not staff_cities:
        return Need.hidden.is_not(True)
    return sa.or_(Need.hidden.is_not(True), Need.city_id.in_(sorted(staff_cities)))
