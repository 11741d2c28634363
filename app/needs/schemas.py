"""The schemas of needs: the input of posting and editing one (the service loads them; the
API documents them; the form shows their errors; checks that need the city — the point is
near it, the area is one of its areas — are the service's) and :class:`NeedSchema`, the one
representation of a need that the API answers and the live ``item:created`` push carries."""

from __future__ import annotations

import math

import marshmallow as ma
from flask import url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from marshmallow import fields

from app.models import Need, NeedCategory, NeedStatus
from app.schemas import Choice, Flag, Id, InputSchema, Text

TITLE_MIN, TITLE_MAX = 5, 140
BODY_MIN, BODY_MAX = 10, 10_000


class Coordinate(fields.Float):
    """A latitude or longitude in degrees: ``41.12`` or ``"41,12"``; empty is ``None``."""

    default_error_messages = {"invalid": _l("Enter a number.")}

    def __init__(self, **kwargs):
        super().__init__(allow_none=True, load_default=None, metadata={"description": "degrees (WGS84)"}, **kwargs)

    def deserialize(self, value, attr=None, data=None, **kwargs):
        if isinstance(value, str) and not value.strip():
            value = None
        return super().deserialize(value, attr, data, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool) or (isinstance(value, str) and len(value) > 30):
            raise self.make_error("invalid")
        if isinstance(value, str):
            value = value.strip().replace(",", ".")
        number = super()._deserialize(value, attr, data, **kwargs)
        if not math.isfinite(number):
            raise self.make_error("invalid")
        return number


def _sized(low: int, high: int, message, **kwargs) -> Text:
    """A required text of ``low``–``high`` characters, with one message for every miss."""
    return Text(min=low, max=high, required=True, min_error=message, max_error=message, **kwargs)


class NeedInput(InputSchema):
    """A need as its author writes it: ``title`` 5–140, ``body`` 10–10 000 characters
    (limited Markdown), a ``category``, an optional point (``lat`` and ``lng`` together)
    and, without a point, an optional ``area`` of the city."""

    title = _sized(
        TITLE_MIN, TITLE_MAX, _l("Write a title of %(min)d to %(max)d characters.", min=TITLE_MIN, max=TITLE_MAX)
    )
    body = _sized(
        BODY_MIN,
        BODY_MAX,
        _l("Describe the need in %(min)d to %(max)d characters.", min=BODY_MIN, max=BODY_MAX),
        metadata={"description": "limited Markdown"},
    )
    category = Choice(NeedCategory, required=True, error_messages={"unknown": _l("Choose a category from the list.")})
    lat = Coordinate()
    lng = Coordinate()
    area = Id(
        allow_none=True,
        load_default=None,
        range_error=_l("Choose an area of the city."),
        metadata={"description": "area id, used without a point"},
    )

    @ma.validates_schema
    def _point(self, data, **kwargs):
        lat, lng = data.get("lat"), data.get("lng")
        if (lat is None) != (lng is None):
            raise ma.ValidationError(
                str(_l("Give both latitude and longitude, or neither.")), "lat" if lat is None else "lng"
            )
        if lat is not None and not (-90 <= lat <= 90 and -180 <= lng <= 180):
            raise ma.ValidationError(str(_l("The point is out of range: latitude −90…90, longitude −180…180.")), "lat")


class NeedEditInput(NeedInput):
    """Editing also lets the author remove the current photo."""

    remove_photo = Flag()


class NeedCreateInput(NeedInput):
    """``POST /api/v1/needs``: the need and the slug of its ``city``."""

    city = fields.String(required=True, metadata={"description": "city slug"})


# --- the need as the API and the live pushes show it ----------------------------------------

CATEGORIES = [c.value for c in NeedCategory]
STATUSES = [s.value for s in NeedStatus]


def _photo_url(need: Need, thumb: bool):
    if not need.photo_id:
        return None
    return url_for("needs.photo_thumb" if thumb else "needs.photo", need_id=need.id, _external=True)


class NeedAreaSchema(ma.Schema):
    id = fields.Integer()
    name = fields.String()
    url = fields.Function(lambda a: url_for("areas.detail", city=a.city.slug, area_slug=a.slug, _external=True))


class NeedSchema(ma.Schema):
    """A need as the API lists it and as ``item:created`` (kind ``need``) pushes it. The
    exact point is dumped only for a ``viewer`` who is staff of the need's city (default:
    the signed-in person; a push to everyone dumps for ``Anonymous()``)."""

    id = fields.Integer()
    city = fields.Function(lambda n: n.city.slug, metadata={"description": "city slug"})
    area = fields.Nested(NeedAreaSchema, allow_none=True)
    title = fields.String()
    body = fields.String(metadata={"description": "limited Markdown, as written"})
    body_html = fields.String(metadata={"description": "sanitised HTML rendering of body"})
    category = fields.Function(lambda n: n.category.value, metadata={"enum": CATEGORIES})
    status = fields.Function(lambda n: n.status.value, metadata={"enum": STATUSES})
    author = fields.Function(lambda n: {"id": n.author_id, "name": n.author.display_name})
    lat_public = fields.Float(allow_none=True, metadata={"description": "latitude snapped to the 0.001° grid"})
    lng_public = fields.Float(allow_none=True, metadata={"description": "longitude snapped to the 0.001° grid"})
    lat = fields.Float(allow_none=True, metadata={"description": "exact latitude: only for staff of the city"})
    lng = fields.Float(allow_none=True, metadata={"description": "exact longitude: only for staff of the city"})
    photo_url = fields.Function(lambda n: _photo_url(n, False), allow_none=True)
    photo_thumb_url = fields.Function(lambda n: _photo_url(n, True), allow_none=True)
    support_count = fields.Function(lambda n: n.support_count or 0)
    comment_count = fields.Function(lambda n: n.comment_count or 0)
    hidden = fields.Boolean(metadata={"description": "hidden by moderation (seen only by staff)"})
    created_at = fields.DateTime()
    updated_at = fields.DateTime()
    url = fields.Function(lambda n: url_for("needs.detail", need_id=n.id, _external=True))

    def __init__(self, *args, viewer=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.viewer = viewer

    @ma.post_dump(pass_original=True)
    def _exact_point_for_staff_only(self, data, need, **kwargs):
        if not need.sees_exact_point(self.viewer or current_user):
            data.pop("lat", None)
            data.pop("lng", None)
        return data
