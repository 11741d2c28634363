"""Needs: the only place that writes them. A resident posts a need (title, text, category,
optional photo, optional point); the point places it in its target area and is published
coarsened; the city's live topic hears of it once it is stored."""

from __future__ import annotations

import math

import sqlalchemy as sa
from flask_babel import gettext as _

from app import realtime
from app.areas import geometry
from app.errors import InvalidInput, PermissionDenied, Unauthenticated
from app.extensions import db
from app.models import Area, City, Need, NeedCategory
from app.needs import access
from app.needs.queries import public_item
from app.text import plain, render_markdown
from app.uploads import discard, save_photo

TITLE_MIN, TITLE_MAX = 5, 140
BODY_MIN, BODY_MAX = 10, 10_000
#: How far (degrees) from the city's centre a need's point may be.
MAX_FROM_CITY = 0.5


def _number(value, field: str, fields: dict) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        fields.setdefault(field, []).append(_("Enter a number."))
        return None
    try:
        number = float(str(value).strip().replace(",", ".")) if isinstance(value, str) else float(value)
    except (TypeError, ValueError):
        fields.setdefault(field, []).append(_("Enter a number."))
        return None
    if not math.isfinite(number):
        fields.setdefault(field, []).append(_("Enter a number."))
        return None
    return number


def _validate(city: City, *, title, body, category, lat, lng, area) -> dict:
    fields: dict[str, list[str]] = {}
    title = plain(title if isinstance(title, str) else "")
    body = (body if isinstance(body, str) else "").replace("\x00", "").strip()
    if not TITLE_MIN <= len(title) <= TITLE_MAX:
        fields["title"] = [_("Write a title of %(min)d to %(max)d characters.", min=TITLE_MIN, max=TITLE_MAX)]
    if not BODY_MIN <= len(body) <= BODY_MAX:
        fields["body"] = [_("Describe the need in %(min)d to %(max)d characters.", min=BODY_MIN, max=BODY_MAX)]
    category_value = category.value if isinstance(category, NeedCategory) else category
    try:
        category = NeedCategory(category_value)
    except ValueError:
        fields["category"] = [_("Choose a category from the list.")]
        category = None
    lat = _number(lat, "lat", fields)
    lng = _number(lng, "lng", fields)
    if "lat" not in fields and "lng" not in fields:
        if (lat is None) != (lng is None):
            fields["lat" if lat is None else "lng"] = [_("Give both latitude and longitude, or neither.")]
        elif lat is not None:
            if not (-90 <= lat <= 90 and -180 <= lng <= 180):
                fields["lat"] = [_("The point is out of range: latitude −90…90, longitude −180…180.")]
            elif abs(lat - city.lat) > MAX_FROM_CITY or abs(lng - city.lng) > MAX_FROM_CITY:
                fields["lat"] = [_("The point is not in or near %(city)s.", city=city.name)]
    area_obj = None
    if area not in (None, ""):
        area_obj = area if isinstance(area, Area) else None
        if area_obj is None:
            try:
                area_obj = db.session.get(Area, int(area))
            except (TypeError, ValueError):
                area_obj = None
        if area_obj is None or area_obj.city_id != city.id:
            fields["area"] = [_("Choose an area of %(city)s.", city=city.name)]
    if fields:
        raise InvalidInput(fields)
    return {"title": title, "body": body, "category": category, "lat": lat, "lng": lng, "area": area_obj}


def _place(need: Need, city: City, lat: float | None, lng: float | None, chosen_area: Area | None) -> None:
    """The point wins: it decides the area. Without a point, the area the person chose."""
    need.lat, need.lng = lat, lng
    need.lat_public, need.lng_public = access.coarsen(lat), access.coarsen(lng)
    if lat is not None:
        need.area = geometry.locate(city.id, lat, lng)
    else:
        need.area = chosen_area


def post_need(actor, city: City, *, title, body, category, lat=None, lng=None, area=None, photo=None) -> Need:
    """A signed-in person posts a need in ``city``. ``photo`` is the uploaded file's bytes.

    Raises ``InvalidInput`` with the fields in error; nothing is stored then (no row, no
    file). After the commit, ``item:created`` goes to the ``city:<slug>`` topic."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise Unauthenticated()
    data = _validate(city, title=title, body=body, category=category, lat=lat, lng=lng, area=area)
    stored_photo = save_photo(photo, owner=actor) if photo else None
    try:
        need = Need(
            city=city,
            author_id=actor.id,
            title=data["title"],
            body=data["body"],
            body_html=render_markdown(data["body"]),
            category=data["category"],
            photo=stored_photo,
            support_count=0,
            comment_count=0,
        )
        _place(need, city, data["lat"], data["lng"], data["area"])
        db.session.add(need)
        db.session.flush()
        realtime.push_item(f"city:{city.slug}", "need", public_item(need))
        db.session.commit()
    except Exception:
        db.session.rollback()
        discard(stored_photo)
        raise
    return need


def edit_need(
    actor, need: Need, *, title, body, category, lat=None, lng=None, area=None, photo=None, remove_photo=False
) -> Need:
    """The author (while the need is open) or the city's staff change a need."""
    if not access.can_edit(actor, need):
        raise PermissionDenied()
    data = _validate(need.city, title=title, body=body, category=category, lat=lat, lng=lng, area=area)
    old_photo = need.photo
    new_photo = save_photo(photo, owner=actor) if photo else None
    try:
        need.title, need.body = data["title"], data["body"]
        need.body_html = render_markdown(data["body"])
        need.category = data["category"]
        _place(need, need.city, data["lat"], data["lng"], data["area"])
        if new_photo is not None:
            need.photo = new_photo
        elif remove_photo:
            need.photo = None
        if actor.id != need.author_id:
            from app import audit

            audit.record(actor, "need.edit", need, city=need.city_id, title=need.title)
        db.session.commit()
    except Exception:
        db.session.rollback()
        discard(new_photo)
        raise
    if old_photo is not None and need.photo is not old_photo:
        _delete_photo(old_photo)
    return need


def _delete_photo(photo) -> None:
    still_used = db.session.scalar(sa.select(sa.func.count()).select_from(Need).where(Need.photo_id == photo.id))
    if still_used:
        return
    discard(photo)
    db.session.delete(photo)
    db.session.commit()
