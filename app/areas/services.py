"""Target areas: the only place that writes them. Staff of the city create, edit and delete
areas; every change is audited, and the needs with a point are placed again in the area
that now holds them."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

import sqlalchemy as sa
from flask_babel import gettext as _

from app import audit
from app.areas import geometry
from app.errors import InvalidInput, PermissionDenied
from app.extensions import db
from app.models import Area, AreaIndicator, City, Need
from app.text import plain, slug

MAX_INDICATORS = 30
MAX_DESCRIPTION = 5000
RESERVED_SLUGS = {"new"}  # /c/<city>/areas/new is the editor


def can_manage(user, city: City | int | None) -> bool:
    """Staff of the city (and administrators) manage its areas."""
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_staff_of(city))


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


def _decimal(value, field: str, fields: dict, *, low=None, high=None, message=None) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = Decimal(str(value).strip().replace(",", ".")) if not isinstance(value, Decimal) else value
    except (InvalidOperation, ValueError):
        fields.setdefault(field, []).append(message or _("Enter a number."))
        return None
    if not number.is_finite() or (low is not None and number < low) or (high is not None and number > high):
        fields.setdefault(field, []).append(message or _("Enter a number."))
        return None
    return number


def clean_indicators(rows, fields: dict) -> list[dict]:
    """Indicator rows ``{name, value, unit, year, source}``; blank rows are skipped."""
    clean = []
    if not isinstance(rows, list):
        fields["indicators"] = [_("Indicators must be a list.")]
        return clean
    for index, row in enumerate(rows):
        if not isinstance(row, dict):
            fields.setdefault("indicators", []).append(_("Indicator %(n)d is not valid.", n=index + 1))
            continue
        name = plain(str(row.get("name") or ""))
        value = row.get("value")
        unit = plain(str(row.get("unit") or ""))
        source = plain(str(row.get("source") or ""))
        year = row.get("year")
        if not name and (value is None or str(value).strip() == "") and not unit and not source and not year:
            continue
        key = f"indicators-{index}"
        if not 1 <= len(name) <= 120:
            fields.setdefault(key, []).append(_("Give the indicator a name of at most 120 characters."))
        number = _decimal(
            value,
            key,
            fields,
            low=Decimal("-1e11"),
            high=Decimal("1e11"),
            message=_("Give the indicator a numeric value."),
        )
        if number is None and key not in fields:
            fields.setdefault(key, []).append(_("Give the indicator a numeric value."))
        if len(unit) > 20:
            fields.setdefault(key, []).append(_("The unit has at most 20 characters."))
        if len(source) > 200:
            fields.setdefault(key, []).append(_("The source has at most 200 characters."))
        year_number = None
        if year not in (None, ""):
            try:
                year_number = int(str(year).strip())
            except ValueError:
                year_number = -1
            if not 1900 <= year_number <= 2100:
                fields.setdefault(key, []).append(_("Enter a year between 1900 and 2100."))
        if number is not None:
            number = number.quantize(Decimal("0.001"))
        clean.append({"name": name, "value": number, "unit": unit, "year": year_number, "source": source})
    if len(clean) > MAX_INDICATORS:
        fields.setdefault("indicators", []).append(_("At most %(n)d indicators.", n=MAX_INDICATORS))
    return clean


def _validate(city: City, *, name, description, geometry_raw, funding_intensity, indicators):
    fields: dict[str, list[str]] = {}
    name = plain(name)
    description = (description or "").replace("\x00", "").strip()
    if not 2 <= len(name) <= 120:
        fields["name"] = [_("Enter a name of 2 to 120 characters.")]
    if len(description) > MAX_DESCRIPTION:
        fields["description"] = [_("Use at most %(n)d characters.", n=MAX_DESCRIPTION)]
    intensity = _decimal(
        funding_intensity,
        "funding_intensity",
        fields,
        low=Decimal(0),
        high=Decimal(100),
        message=_("Enter a percentage between 0 and 100."),
    )
    if intensity is None and "funding_intensity" not in fields:
        fields["funding_intensity"] = [_("Enter a percentage between 0 and 100.")]
    rows = clean_indicators(indicators or [], fields)
    boundary = None
    if geometry_raw in (None, "", {}):
        fields["geometry"] = [_("Draw the area on the map or upload its GeoJSON boundary.")]
    else:
        try:
            boundary = geometry.validate(geometry_raw, city)
        except InvalidInput as error:
            fields.update(error.fields)
    if fields:
        raise InvalidInput(fields)
    return name, description, boundary, intensity.quantize(Decimal("0.01")), rows


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


def create_area(actor, city: City, *, name, description="", geometry, funding_intensity, indicators=()) -> Area:
    """Staff of ``city`` add a target area (audited ``area.create``)."""
    if not can_manage(actor, city):
        raise PermissionDenied()
    name, description, boundary, intensity, rows = _validate(
        city,
        name=name,
        description=description,
        geometry_raw=geometry,
        funding_intensity=funding_intensity,
        indicators=list(indicators),
    )
    area = Area(city=city, slug=_unique_slug(city.id, name), geometry={}, min_lat=0, min_lng=0, max_lat=0, max_lng=0)
    db.session.add(area)
    _apply(area, name, description, boundary, intensity, rows)
    db.session.flush()
    placed = place_needs(city.id, [boundary])
    audit.record(actor, "area.create", area, city=city, name=name, intensity=str(intensity), needs_placed=placed)
    db.session.commit()
    return area


def update_area(actor, area: Area, *, name, description="", geometry, funding_intensity, indicators=()) -> Area:
    """Staff of the area's city change it (audited ``area.update``)."""
    if not can_manage(actor, area.city_id):
        raise PermissionDenied()
    old = geometry_box(area)
    name, description, boundary, intensity, rows = _validate(
        area.city,
        name=name,
        description=description,
        geometry_raw=geometry,
        funding_intensity=funding_intensity,
        indicators=list(indicators),
    )
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
    if not can_manage(actor, area.city_id):
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
    from shapely.geometry import Point, shape

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
