"""``/api/v1/areas``: target areas with their GeoJSON boundary, indicators and intensity."""

from __future__ import annotations

import marshmallow as ma
import sqlalchemy as sa
from flask import url_for
from flask_smorest import Blueprint
from marshmallow import fields

from app.api import RESOURCES
from app.api.body import city_from
from app.api.schemas import PageArgsSchema, answers, page_schema, paginate
from app.errors import NotFound
from app.extensions import db
from app.models import Area, Need
from app.permissions import public
from app.schemas import MAX_INT

blp = Blueprint("api_areas", __name__, url_prefix="/areas", description="Target areas")
RESOURCES.append(blp)


class IndicatorSchema(ma.Schema):
    name = fields.String()
    value = fields.Function(lambda i: float(i.value), metadata={"type": "number"})
    unit = fields.String()
    year = fields.Integer(allow_none=True)
    source = fields.String()


class AreaSchema(ma.Schema):
    id = fields.Integer()
    city = fields.Function(lambda a: a.city.slug, metadata={"description": "city slug"})
    name = fields.String()
    slug = fields.String()
    description = fields.String()
    funding_intensity = fields.Function(
        lambda a: float(a.funding_intensity),
        metadata={"type": "number", "description": "maximum grant share of eligible cost, in percent"},
    )
    geometry = fields.Dict(metadata={"description": "GeoJSON Polygon or MultiPolygon (WGS84)"})
    bbox = fields.Function(
        lambda a: [a.min_lng, a.min_lat, a.max_lng, a.max_lat],
        metadata={"description": "[west, south, east, north]"},
    )
    indicators = fields.List(fields.Nested(IndicatorSchema))
    need_count = fields.Function(
        lambda a: db.session.scalar(
            sa.select(sa.func.count()).select_from(Need).where(Need.area_id == a.id, Need.hidden.is_(False))
        ),
        metadata={"description": "visible needs placed in this area"},
    )
    url = fields.Function(lambda a: url_for("areas.detail", city=a.city.slug, area_slug=a.slug, _external=True))


class AreaArgsSchema(PageArgsSchema):
    city = fields.String(load_default=None, metadata={"description": "city slug"})


AreaPage = page_schema(AreaSchema, "AreaPage")


@blp.route("", methods=["GET"])
@answers(blp, AreaPage, 422, query=AreaArgsSchema)
@public
def list_areas(args):
    """Target areas, of one city (``city=<slug>``) or of all."""
    select = sa.select(Area).order_by(Area.city_id, Area.name, Area.id)
    if args.get("city"):
        select = select.where(Area.city_id == city_from(args["city"]).id)
    return paginate(select, args)


@blp.route("/<int:area_id>", methods=["GET"])
@answers(blp, AreaSchema, 404)
@public
def get_area(area_id):
    """One target area."""
    area = db.session.get(Area, area_id) if area_id <= MAX_INT else None
    if area is None:
        raise NotFound()
    return area
