"""``/api/v1/needs``: needs, filtered and searched; posting a need; one need with its status
history; and ``/api/v1/needs.geojson`` for maps (points coarsened to about 100 m)."""

from __future__ import annotations

import marshmallow as ma
import sqlalchemy as sa
from flask import url_for
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import fields, validate

from app.api import RESOURCES
from app.api.body import city_from
from app.api.schemas import PageArgsSchema, answers, page_schema, paginate
from app.errors import NotFound
from app.extensions import db, limiter
from app.models import Area, Need, NeedStatusChange
from app.needs import queries, services
from app.needs.limits import POST_LIMIT, poster_key
from app.needs.schemas import CATEGORIES, STATUSES, NeedCreateInput, NeedSchema
from app.permissions import login_required, public
from app.schemas import MAX_INT, Id

blp = Blueprint("api_needs", __name__, url_prefix="/needs", description="Needs")
RESOURCES.append(blp)
# /api/v1/needs.geojson sits beside /api/v1/needs/…, so it has a blueprint without prefix.
geo_blp = Blueprint("api_needs_geo", __name__, url_prefix="", description="Needs on the map")
RESOURCES.append(geo_blp)


class StatusChangeSchema(ma.Schema):
    from_status = fields.Function(lambda c: c.from_status.value if c.from_status else None, allow_none=True)
    to_status = fields.Function(lambda c: c.to_status.value)
    text = fields.String()
    actor = fields.Function(lambda c: c.actor.display_name if c.actor else None, allow_none=True)
    created_at = fields.DateTime()


class NeedDetailSchema(NeedSchema):
    history = fields.Method("_history", metadata={"description": "public status changes, oldest first"})

    def _history(self, need):
        changes = db.session.scalars(
            sa.select(NeedStatusChange)
            .where(NeedStatusChange.need_id == need.id)
            .order_by(NeedStatusChange.created_at, NeedStatusChange.id)
        )
        return StatusChangeSchema(many=True).dump(changes)


NeedPage = page_schema(NeedSchema, "NeedPage")


class NeedArgsSchema(PageArgsSchema):
    city = fields.String(load_default=None, metadata={"description": "city slug"})
    area = Id(load_default=None, metadata={"description": "area id"})
    category = fields.String(load_default=None, validate=validate.OneOf(CATEGORIES))
    status = fields.String(load_default=None, validate=validate.OneOf(STATUSES))
    q = fields.String(load_default=None, validate=validate.Length(max=200), metadata={"description": "full text"})
    bbox = fields.String(load_default=None, metadata={"description": "west,south,east,north (degrees)"})
    sort = fields.String(load_default="newest", validate=validate.OneOf(queries.SORTS))


class NeedGeoArgsSchema(ma.Schema):
    class Meta:
        unknown = ma.EXCLUDE

    city = fields.String(load_default=None, metadata={"description": "city slug"})
    bbox = fields.String(load_default=None, metadata={"description": "west,south,east,north (degrees)"})
    area = Id(load_default=None, metadata={"description": "area id"})
    category = fields.String(load_default=None, validate=validate.OneOf(CATEGORIES))
    status = fields.String(load_default=None, validate=validate.OneOf(STATUSES))
    q = fields.String(load_default=None, validate=validate.Length(max=200))
    limit = fields.Integer(load_default=2000, validate=validate.Range(min=1, max=10000))


class NeedFeatureCollectionSchema(ma.Schema):
    type = fields.String(metadata={"example": "FeatureCollection"})
    features = fields.Raw(metadata={"type": "array", "items": {"type": "object"}, "description": "GeoJSON Features"})
    truncated = fields.Boolean(metadata={"description": "true when more needs match than `limit`"})


def _filters(args: dict) -> dict:
    return {
        "city_id": city_from(args["city"]).id if args.get("city") else None,
        "area_id": args.get("area"),
        "category": queries.parse_category(args.get("category")),
        "status": queries.parse_status(args.get("status")),
        "q": args.get("q"),
        "bbox": queries.parse_bbox(args.get("bbox")),
    }


@blp.route("", methods=["GET"])
@answers(blp, NeedPage, 422, query=NeedArgsSchema)
@public
def list_needs(args):
    """Needs, newest first (or ``sort=supported|discussed``), filtered; ``q`` searches the
    title and text (Italian word stems); ``bbox`` keeps needs whose public point is inside."""
    select = queries.needs_select(current_user, sort=args["sort"], **_filters(args))
    return paginate(queries.with_relations(select), args)


@blp.route("", methods=["POST"])
@login_required
@answers(blp, NeedDetailSchema, 401, 422, 429, status=201, body=NeedCreateInput, signed_in=True)
@limiter.limit(POST_LIMIT, key_func=poster_key, deduct_when=lambda r: r.status_code == 201)
def post_need(data):
    """Post a need (signed in). The point, when given, places it in its target area."""
    city = city_from(data.pop("city", None))
    return services.post_need(current_user, city, data)


@blp.route("/<int:need_id>", methods=["GET"])
@answers(blp, NeedDetailSchema, 404)
@public
def get_need(need_id):
    """One need with its counts and its public status history."""
    need = db.session.get(Need, need_id) if need_id <= MAX_INT else None
    if need is None or not need.can_view(current_user):
        raise NotFound()
    return need


@geo_blp.route("/needs.geojson", methods=["GET"])
@answers(geo_blp, NeedFeatureCollectionSchema, 422, query=NeedGeoArgsSchema)
@public
def needs_geojson(args):
    """Needs with a point as a GeoJSON FeatureCollection, points coarsened to the 0.001°
    grid (about 100 m) for everyone; at most ``limit`` (the newest, when more match)."""
    limit = args["limit"]
    select = queries.needs_select(current_user, with_point=True, **_filters(args)).with_only_columns(*_GEO_COLUMNS)
    # Unordered first: the box's index alone, stopping at limit + 1. Only when the box holds
    # more than ``limit`` needs is the order needed (the newest), which means sorting them all.
    rows = db.session.execute(select.order_by(None).limit(limit + 1)).all()
    if len(rows) > limit:
        rows = db.session.execute(select.limit(limit + 1)).all()
    areas = dict(db.session.execute(sa.select(Area.id, Area.name)).all()) if rows else {}
    page = url_for("needs.detail", need_id=0)[:-1]  # + id: one url_for, not thousands
    features = [
        {
            "type": "Feature",
            "id": row.id,
            "geometry": {"type": "Point", "coordinates": [row.lng_public, row.lat_public]},
            "properties": {**queries.card(row), "area": areas.get(row.area_id), "url": f"{page}{row.id}"},
        }
        for row in rows[:limit]
    ]
    return {"type": "FeatureCollection", "features": features, "truncated": len(rows) > limit}


_GEO_COLUMNS = (
    Need.id,
    Need.title,
    Need.category,
    Need.status,
    Need.area_id,
    Need.lat_public,
    Need.lng_public,
    Need.support_count,
    Need.comment_count,
)
