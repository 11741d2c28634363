"""``/api/v1/network``: the partner network of a city as ``{nodes, edges}``.

Nodes are organisations (legal form, third-sector flag, verified, number of partners and of
accepted partnerships, betweenness centrality); edges join organisations that are accepted
partners of the same partnership, weighted by the partnerships they share.
"""

from __future__ import annotations

import json

import marshmallow as ma
from flask import current_app
from flask_babel import gettext as _
from flask_smorest import Blueprint
from marshmallow import fields, validate

from app.api import RESOURCES
from app.api.body import city_from
from app.api.schemas import answers
from app.errors import InvalidInput
from app.extensions import db
from app.models import Area, LegalForm
from app.organisations import network as network_service
from app.permissions import public
from app.schemas import Id

blp = Blueprint("api_network", __name__, url_prefix="/network", description="Network")
RESOURCES.append(blp)

FORMS = [form.value for form in LegalForm]


class NetworkArgsSchema(ma.Schema):
    class Meta:
        unknown = ma.EXCLUDE

    city = fields.String(required=True, validate=validate.Length(max=60), metadata={"description": "city slug"})
    area = Id(load_default=None, metadata={"description": "area id"})
    form = fields.String(load_default=None, validate=validate.OneOf(FORMS), metadata={"description": "legal form"})


class NetworkNodeSchema(ma.Schema):
    id = fields.Integer()
    name = fields.String()
    legal_form = fields.String(metadata={"enum": FORMS})
    third_sector = fields.Boolean()
    verified = fields.Boolean()
    partners = fields.Integer(metadata={"description": "distinct partner organisations (accepted)"})
    partnerships = fields.Integer(metadata={"description": "accepted partnerships, led or joined"})
    betweenness = fields.Float(metadata={"description": "normalised betweenness centrality in the city's network"})
    url = fields.String()


class NetworkEdgeSchema(ma.Schema):
    source = fields.Integer()
    target = fields.Integer()
    weight = fields.Integer(metadata={"description": "partnerships the two organisations share"})


class NetworkSchema(ma.Schema):
    city = fields.String()
    nodes = fields.List(fields.Nested(NetworkNodeSchema))
    edges = fields.List(fields.Nested(NetworkEdgeSchema))
    betweenness_sample = fields.Integer(
        allow_none=True, metadata={"description": "sources sampled to estimate betweenness; null when exact"}
    )
    betweenness_pending = fields.Boolean(
        metadata={"description": "true while a large network's betweenness is being recomputed (previous values)"}
    )


@blp.route("", methods=["GET"])
@answers(blp, NetworkSchema, 422, query=NetworkArgsSchema)
@public
def network(args):
    """The partner network of a city, optionally only organisations active in an area or of
    a legal form (partner counts and betweenness are those of the whole city)."""
    city = city_from(args["city"])
    area_id = args["area"]
    if area_id is not None:
        area = db.session.get(Area, area_id)
        if area is None or area.city_id != city.id:
            raise InvalidInput({"area": [_("Unknown reference.")]})
    form = LegalForm(args["form"]) if args["form"] else None
    data = network_service.network(city, area_id=area_id, form=form)
    # Tens of thousands of plain numbers: serialised directly (the schema above documents it).
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return current_app.response_class(body, mimetype="application/json")
