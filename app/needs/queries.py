"""Reading needs: the one select behind the HTML list, the API list, the map and search."""

from __future__ import annotations

import math
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from app.errors import InvalidInput
from app.extensions import db
from app.models import Area, Need, NeedCategory, NeedStatus, Role
from app.needs import search

SORTS = ("newest", "supported", "discussed")


@dataclass
class BBox:
    west: float
    south: float
    east: float
    north: float


def parse_bbox(raw: str | None, field: str = "bbox") -> BBox | None:
    """``west,south,east,north`` in degrees (as GeoJSON orders a bbox), or None."""
    if raw is None or not str(raw).strip():
        return None
    parts = str(raw).split(",")
    try:
        numbers = [float(p) for p in parts]
    except ValueError:
        numbers = []
    if len(numbers) != 4 or not all(math.isfinite(n) for n in numbers):
        raise InvalidInput({field: [_("Give the box as west,south,east,north in degrees.")]})
    west, south, east, north = numbers
    if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
        raise InvalidInput({field: [_("Give the box as west,south,east,north in degrees.")]})
    return BBox(west, south, east, north)


def parse_category(raw: str | None, field: str = "category") -> NeedCategory | None:
    if not raw:
        return None
    try:
        return NeedCategory(raw)
    except ValueError:
        raise InvalidInput({field: [_("Unknown category.")]}) from None


def parse_status(raw: str | None, field: str = "status") -> NeedStatus | None:
    if not raw:
        return None
    try:
        return NeedStatus(raw)
    except ValueError:
        raise InvalidInput({field: [_("Unknown status.")]}) from None


def listing_clause(viewer):
    """The WHERE clause that keeps hidden needs out of lists for everyone but the staff of
    their city (``Need.can_view`` for one need, as a query)."""
    if viewer is None or not viewer.is_authenticated:  # None: a visitor (bench, scripts)
        return Need.hidden.is_not(True)
    if viewer.is_admin:
        return sa.true()
    staff_cities = viewer.cities_with(Role.STAFF)
    if not staff_cities:
        return Need.hidden.is_not(True)
    return sa.or_(Need.hidden.is_not(True), Need.city_id.in_(sorted(staff_cities)))


def needs_select(
    viewer,
    *,
    city_id: int | None = None,
    area_id: int | None = None,
    category: NeedCategory | None = None,
    status: NeedStatus | None = None,
    q: str | None = None,
    bbox: BBox | None = None,
    sort: str = "newest",
    with_point: bool = False,
):
    """Needs that ``viewer`` may see in lists, filtered and ordered (ties: newest id first)."""
    select = sa.select(Need).where(listing_clause(viewer))
    if area_id is not None:
        # The area names its city: filtering on the area alone lets the database use the
        # area's index (a city filter too would tempt it into scanning the whole city).
        select = select.where(Need.area_id == area_id)
        if city_id is not None:
            if db.session.scalar(sa.select(Area.city_id).where(Area.id == area_id)) != city_id:
                select = select.where(sa.false())
    elif city_id is not None:
        select = select.where(Need.city_id == city_id)
    if category is not None:
        select = select.where(Need.category == category)
    if status is not None:
        select = select.where(Need.status == status)
    if q is not None and q.strip():
        select = select.where(search.matches(q))
    if bbox is not None:
        select = select.where(
            Need.lat_public.between(bbox.south, bbox.north), Need.lng_public.between(bbox.west, bbox.east)
        )
    elif with_point:
        select = select.where(Need.lat_public.is_not(None))
    if sort == "supported":
        select = select.order_by(Need.support_count.desc(), Need.created_at.desc(), Need.id.desc())
    elif sort == "discussed":
        select = select.order_by(Need.comment_count.desc(), Need.created_at.desc(), Need.id.desc())
    else:
        select = select.order_by(Need.created_at.desc(), Need.id.desc())
    return select


def with_relations(select):
    """Load the area, author and city of the listed needs in one query each (no N+1)."""
    return select.options(selectinload(Need.area), selectinload(Need.author), selectinload(Need.city))


def card(need) -> dict:
    """The map's GeoJSON properties of a need (``need`` is a row of its columns: the map
    reads thousands at once, so it does not load objects; the names are NeedSchema's)."""
    return {
        "id": need.id,
        "title": need.title,
        "category": need.category.value,
        "status": need.status.value,
        "support_count": need.support_count or 0,
        "comment_count": need.comment_count or 0,
    }
