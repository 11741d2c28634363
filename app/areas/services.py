"""Target areas: the only place that writes them. Staff of the city create, edit and delete
areas; every change is audited, and the needs with a point are placed again in the area
that now holds them."""

from __future__ import annotations

import sqlalchemy as sa
from shapely.geometry import Point, shape

from app import audit
from app.areas import geometry
from app.areas.schemas import AreaInput
from app.errors import PermissionDenied
from app.extensions import db
from app.models import Area, AreaIndicator, City, Need
from app.schemas import load
from app.text import plain, slug

RESERVED_SLUGS = {"new"}  # /c/<city>/areas/new is the editor


def slugify(text: str) -> str:
    """An area's slug from its name (app.text.slug; ``area`` when nothing is left)."""
    return slug(text, fallback="area")


def _unique_slug(city_id: int, name: str) -> str:
    base = slugify(name)
    taken = set(db.session.scalars(sa.select(Area.slug).where(Area.city_id == city_id, Area.slug.like(f"{base}%"))))
    slug, n = base, 2
    while slug in taken or slug in RESERVED_SLUGS:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _validate(city: City, data: dict):
    """The area's input loaded by :class:`~app.areas.schemas.AreaInput`, then its boundary
    checked against the city."""
    data = load(AreaInput, data)
    boundary = geometry.validate(data["geometry"], city)
    rows = [
        {**row, "name": plain(row["name"]), "unit": plain(row["unit"]), "source": plain(row["source"])}
        for row in data["indicators"]
    ]
    description = data["description"].replace("\x00", "")
    return plain(data["name"]), description, boundary, data["funding_intensity"], rows


def _input(data: dict | None, fields: dict) -> dict:
    merged = {**(data or {}), **fields}
    if "indicators" in merged and not isinstance(merged["indicators"], list):
        merged["indicators"] = list(merged["indicators"])
    return merged


def _apply(area: Area, name, description, boundary, intensity, rows) -> None:
    area.name = name
    area.description = description
    area.geometry = boundary.geometry
    area.min_lat, area.min_lng = boundary.min_lat, boundary.min_lng
    area.max_lat, area.max_lng = boundary.max_lat, boundary.max_lng
    area.funding_intensity = intensity
    area.indicators.clear()
    db.session.flush()
    for position, row in enumerate(rows):
        area.indicators.append(AreaIndicator(position=position, **row))


def create_area(actor, city: City, data: dict | None = None, **fields) -> Area:
    """Staff of ``city`` add a target area: ``data`` (or keyword fields) as
    :class:`~app.areas.schemas.AreaInput` reads it (audited ``area.create``)."""
    if not city.can_manage_areas(actor):
        raise PermissionDenied()
    name, description, boundary, intensity, rows = _validate(city, _input(data, fields))
    area = Area(city=city, slug=_unique_slug(city.id, name), geometry={}, min_lat=0, min_lng=0, max_lat=0, max_lng=0)
    db.session.add(area)
    _apply(area, name, description, boundary, intensity, rows)
    db.session.flush()
    placed = place_needs(city.id, [boundary])
    audit.record(actor, "area.create", area, city=city, name=name, intensity=str(intensity), needs_placed=placed)
    db.session.commit()
    return area


def update_area(actor, area: Area, data: dict | None = None, **fields) -> Area:
    """Staff of the area's city change it: ``data`` as :class:`~app.areas.schemas.AreaInput`
    reads it (audited ``area.update``)."""
    if not area.can_manage(actor):
        raise PermissionDenied()
    old = geometry_box(area)
    name, description, boundary, intensity, rows = _validate(area.city, _input(data, fields))
    before = {"name": area.name, "intensity": str(area.funding_intensity)}
    _apply(area, name, description, boundary, intensity, rows)
    db.session.flush()
    placed = place_needs(area.city_id, [old, boundary])
    audit.record(
        actor,
        "area.update",
        area,
        city=area.city_id,
        before=before,
        name=name,
        intensity=str(intensity),
        needs_placed=placed,
    )
    db.session.commit()
    return area


def delete_area(actor, area: Area) -> None:
    """Staff remove an area; its needs keep their point and lose the area (audited)."""
    if not area.can_manage(actor):
        raise PermissionDenied()
    box = geometry_box(area)
    city_id = area.city_id
    audit.record(actor, "area.delete", area, city=city_id, name=area.name)
    db.session.execute(sa.update(Need).where(Need.area_id == area.id).values(area_id=None))
    db.session.delete(area)
    db.session.flush()
    place_needs(city_id, [box])
    db.session.commit()


def geometry_box(area: Area) -> geometry.Boundary:
    return geometry.Boundary(area.geometry, area.min_lat, area.min_lng, area.max_lat, area.max_lng)


def place_needs(city_id: int, boxes) -> int:
    """Put each need of the city with a point inside ``boxes`` in the area that holds it
    now (after an area was drawn, moved or removed). Returns how many changed."""
    areas = db.session.scalars(sa.select(Area).where(Area.city_id == city_id)).all()
    shapes = sorted(((shape(a.geometry), a.id) for a in areas if a.geometry), key=lambda s: s[0].area)
    changed = 0
    for box in boxes:
        rows = db.session.execute(
            sa.select(Need.id, Need.lat, Need.lng, Need.area_id).where(
                Need.city_id == city_id,
                Need.lat.is_not(None),
                Need.lat.between(box.min_lat, box.max_lat),
                Need.lng.between(box.min_lng, box.max_lng),
            )
        ).all()
        for need_id, lat, lng, area_id in rows:
            point = Point(lng, lat)
            found = next((aid for shp, aid in shapes if shp.covers(point)), None)
            if found != area_id:
                db.session.execute(sa.update(Need).where(Need.id == need_id).values(area_id=found))
                changed += 1
    return changed
