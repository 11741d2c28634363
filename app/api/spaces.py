"""``/api/v1/spaces``: the public registry of spaces, one space with its upcoming bookings,
and the spaces as GeoJSON for maps."""

from __future__ import annotations

import marshmallow as ma
import sqlalchemy as sa
from flask import url_for
from flask_smorest import Blueprint
from marshmallow import fields, validate

from app.api import RESOURCES
from app.api.body import city_from
from app.api.schemas import PageArgsSchema, answers, page_schema, paginate
from app.extensions import db
from app.models import Area, Fund, Organisation, Space, SpaceKind
from app.permissions import public
from app.schemas import MAX_INT
from app.spaces import queries
from app.spaces.labels import FACILITIES

blp = Blueprint("api_spaces", __name__, url_prefix="", description="Spaces and their bookings")
RESOURCES.append(blp)

KINDS = [k.value for k in SpaceKind]
FUNDS = [f.value for f in Fund]


def _area(space: Space):
    if space.area is None:
        return None
    return {"id": space.area.id, "slug": space.area.slug, "name": space.area.name}


def _owner(space: Space):
    if space.owned_by_city:
        return {"kind": "city", "id": space.city_id, "name": space.city.name}
    if space.owner_organisation_id:
        organisation = db.session.get(Organisation, space.owner_organisation_id)
        return {"kind": "organisation", "id": space.owner_organisation_id, "name": organisation.name}
    return None


class AreaRefSchema(ma.Schema):
    id = fields.Integer()
    slug = fields.String()
    name = fields.String()


class OwnerSchema(ma.Schema):
    kind = fields.String(metadata={"enum": ["city", "organisation"]})
    id = fields.Integer()
    name = fields.String()


class SpaceSchema(ma.Schema):
    id = fields.Integer()
    city = fields.Function(lambda s: s.city.slug, metadata={"description": "city slug"})
    name = fields.String()
    kind = fields.Function(lambda s: s.kind.value, metadata={"enum": KINDS})
    address = fields.String()
    link = fields.String(metadata={"description": "the virtual room's address (virtual spaces)"})
    lat = fields.Float(allow_none=True)
    lng = fields.Float(allow_none=True)
    area = fields.Function(_area, metadata={"description": "the target area, or null"})
    capacity = fields.Integer()
    accessible = fields.Boolean(metadata={"description": "step-free access"})
    accessibility_notes = fields.String()
    facilities = fields.List(fields.String(), metadata={"description": "keys: " + ", ".join(FACILITIES)})
    availability = fields.String()
    recovered_with = fields.Function(
        lambda s: s.recovered_with.value if s.recovered_with else None,
        metadata={"enum": [*FUNDS, None], "description": "the cohesion fund that recovered it"},
    )
    owner = fields.Function(_owner, metadata={"description": "{kind: city|organisation, id, name}"})
    created_at = fields.DateTime()
    url = fields.Function(lambda s: url_for("spaces.show", space_id=s.id, _external=True))


class BookingSlotSchema(ma.Schema):
    starts_at = fields.DateTime()
    ends_at = fields.DateTime()
    workshop_id = fields.Integer(allow_none=True)


class SpaceDetailSchema(SpaceSchema):
    upcoming_bookings = fields.Function(
        lambda s: BookingSlotSchema(many=True).dump(queries.upcoming_bookings(s)),
        metadata={"description": "confirmed bookings not yet over: [{starts_at, ends_at, workshop_id}]"},
    )


SpacePage = page_schema(SpaceSchema, "SpacePage")


class SpaceArgsSchema(PageArgsSchema):
    city = fields.String(load_default=None, metadata={"description": "city slug"})
    area = fields.String(load_default=None, metadata={"description": "area id or slug (slug with city)"})
    kind = fields.String(load_default=None, validate=validate.OneOf(KINDS))
    accessible = fields.Boolean(load_default=None, metadata={"description": "only step-free spaces"})
    facility = fields.String(load_default=None, validate=validate.OneOf(list(FACILITIES)))
    fund = fields.String(load_default=None, validate=validate.OneOf(FUNDS), metadata={"description": "e.g. fesr"})


class GeoArgsSchema(ma.Schema):
    class Meta:
        unknown = ma.EXCLUDE

    city = fields.String(load_default=None, metadata={"description": "city slug"})


class FeatureCollectionSchema(ma.Schema):
    type = fields.String(metadata={"enum": ["FeatureCollection"]})
    features = fields.List(fields.Dict(), metadata={"description": "GeoJSON Point features"})


def _city_id(slug: str | None) -> int | None:
    """The filter's city: unknown answers the API's one 422 (``city_from``), as everywhere."""
    return None if slug is None else city_from(slug).id


@blp.route("/spaces", methods=["GET"])
@answers(blp, SpacePage, 404, query=SpaceArgsSchema)
@public
def list_spaces(args):
    """Spaces, filtered by city, area, kind, step-free access, facility and fund."""
    city_id = _city_id(args["city"])
    area_id = None
    if args["area"]:
        value = args["area"]
        query = sa.select(Area.id)
        if value.isdigit() and len(value) <= 10 and int(value) <= MAX_INT:
            query = query.where(Area.id == int(value))
        else:
            query = query.where(Area.slug == value)
        if city_id is not None:
            query = query.where(Area.city_id == city_id)
        area_id = db.session.scalar(query.limit(1)) or -1  # no such area: nothing matches
    query = queries.spaces_query(
        city_id,
        area_id=area_id,
        kind=SpaceKind(args["kind"]) if args["kind"] else None,
        accessible=args["accessible"],
        facility=args["facility"],
        fund=Fund(args["fund"]) if args["fund"] else None,
    )
    return paginate(query, args)


@blp.route("/spaces/<int:space_id>", methods=["GET"])
@answers(blp, SpaceDetailSchema, 404)
@public
def get_space(space_id):
    """One space with its upcoming bookings (times only)."""
    return db.get_or_404(Space, space_id)


@blp.route("/spaces.geojson", methods=["GET"])
@answers(blp, FeatureCollectionSchema, 404, query=GeoArgsSchema)
@public
def spaces_geojson(args):
    """Spaces with a point, as a GeoJSON FeatureCollection (for the city map)."""
    city_id = _city_id(args["city"])
    query = queries.spaces_query(city_id).where(Space.lat.is_not(None), Space.lng.is_not(None))
    features = []
    for space in db.session.scalars(query):
        features.append(
            {
                "type": "Feature",
                "id": space.id,
                "geometry": {"type": "Point", "coordinates": [space.lng, space.lat]},
                "properties": {
                    "id": space.id,
                    "name": space.name,
                    "kind": space.kind.value,
                    "address": space.address,
                    "area": _area(space),
                    "capacity": space.capacity,
                    "accessible": space.accessible,
                    "facilities": list(space.facilities or []),
                    "recovered_with": space.recovered_with.value if space.recovered_with else None,
                    "url": url_for("spaces.show", space_id=space.id, _external=True),
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}
