"""Needs: the only place that writes them. A resident posts a need (title, text, category,
optional photo, optional point); the point places it in its target area and is published
coarsened; the city's live topic hears of it once it is stored."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _

from app import audit, realtime
from app.areas import geometry
from app.errors import InvalidInput, PermissionDenied, Unauthenticated
from app.extensions import db
from app.models import Anonymous, Area, City, Need, NeedCategory
from app.needs import access
from app.needs.schemas import NeedEditInput, NeedInput, NeedSchema
from app.schemas import load
from app.text import plain, render_markdown
from app.uploads import discard, save_photo

#: How far (degrees) from the city's centre a need's point may be.
MAX_FROM_CITY = 0.5


def _validate(city: City, data: dict, schema=NeedInput) -> dict:
    """The need's input loaded by its schema, then the rules that need the city: the point
    is in or near it, the area is one of its areas."""
    data = load(schema, data)
    data["title"] = plain(data["title"])
    lat, lng = data["lat"], data["lng"]
    if lat is not None and (abs(lat - city.lat) > MAX_FROM_CITY or abs(lng - city.lng) > MAX_FROM_CITY):
        raise InvalidInput({"lat": [_("The point is not in or near %(city)s.", city=city.name)]})
    if data["area"] is not None:
        area = db.session.get(Area, data["area"])
        if area is None or area.city_id != city.id:
            raise InvalidInput({"area": [_("Choose an area of %(city)s.", city=city.name)]})
        data["area"] = area
    return data


def _place(need: Need, city: City, lat: float | None, lng: float | None, chosen_area: Area | None) -> None:
    """The point wins: it decides the area. Without a point, the area the person chose."""
    need.lat, need.lng = lat, lng
    need.lat_public, need.lng_public = access.coarsen(lat), access.coarsen(lng)
    if lat is not None:
        need.area = geometry.locate(city.id, lat, lng)
    else:
        need.area = chosen_area


def _input(data: dict | None, fields: dict) -> dict:
    """The input as one dict: the JSON object or form values, and keyword fields."""
    merged = {**(data or {}), **fields}
    if isinstance(merged.get("category"), NeedCategory):
        merged["category"] = merged["category"].value
    if isinstance(merged.get("area"), Area):
        merged["area"] = merged["area"].id
    return merged


def post_need(actor, city: City, data: dict | None = None, *, photo=None, **fields) -> Need:
    """A signed-in person posts a need in ``city``: ``data`` (or keyword fields) as
    :class:`~app.needs.schemas.NeedInput` reads it; ``photo`` is the uploaded file's bytes.

    Raises ``InvalidInput`` with the fields in error; nothing is stored then (no row, no
    file). After the commit, ``item:created`` goes to the ``city:<slug>`` topic."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise Unauthenticated()
    data = _validate(city, _input(data, fields))
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
        realtime.push_item(f"city:{city.slug}", "need", NeedSchema(viewer=Anonymous()).dump(need))
        db.session.commit()
    except Exception:
        db.session.rollback()
        discard(stored_photo)
        raise
    return need


def edit_need(actor, need: Need, data: dict | None = None, *, photo=None, **fields) -> Need:
    """The author (while the need is open) or the city's staff change a need: ``data`` as
    :class:`~app.needs.schemas.NeedEditInput` reads it (``remove_photo`` included)."""
    if not need.can_edit(actor):
        raise PermissionDenied()
    data = _validate(need.city, _input(data, fields), NeedEditInput)
    old_photo = need.photo
    new_photo = save_photo(photo, owner=actor) if photo else None
    try:
        need.title, need.body = data["title"], data["body"]
        need.body_html = render_markdown(data["body"])
        need.category = data["category"]
        _place(need, need.city, data["lat"], data["lng"], data["area"])
        if new_photo is not None:
            need.photo = new_photo
        elif data["remove_photo"]:
            need.photo = None
        if actor.id != need.author_id:
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
