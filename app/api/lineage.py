"""Lineage (SPEC §3): what came from a need — ideas now; workshops, calls, applications and
projects as their features add them.

Features fill their part with ``SECTIONS[name] = fn(need) -> list[dict]`` (each dict with
at least ``id``, ``title`` and ``url``); ``ideas`` is filled here (Idea objects, dumped
with the one idea representation, ``app.ideas.schemas.IdeaSchema``); ``applications`` and
``projects`` by ``app.api.my_lineage`` (``app.lineage.chain``). The blueprint has no
prefix and writes its path in full, beside the needs resource.
"""

from __future__ import annotations

import marshmallow as ma
from flask import url_for
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import fields

from app.api import RESOURCES
from app.api.lineage_items import LineageApplicationSchema, LineageProjectSchema
from app.api.schemas import answers
from app.errors import NotFound
from app.extensions import db
from app.ideas import queries
from app.ideas.schemas import IdeaSchema, NeedRefSchema
from app.models import Need
from app.permissions import public
from app.schemas import MAX_INT

blp = Blueprint("api_lineage", __name__, url_prefix="", description="Lineage: what came from a need")
RESOURCES.append(blp)


def _ideas(need: Need) -> list:
    """Idea objects, dumped by ``IdeaSchema`` (the other sections give plain dicts)."""
    return queries.ideas_for_need(need, current_user)


#: ``name -> fn(need) -> list[dict]``; the workshops, applications and projects features
#: set theirs.
SECTIONS: dict = {
    "ideas": _ideas,
    "workshops": lambda need: [],
    "calls": lambda need: [],
    "applications": lambda need: [],
    "projects": lambda need: [],
}


class LineageNeedSchema(NeedRefSchema):
    city = fields.Function(lambda n: n.city.slug)
    created_at = fields.DateTime()


class LineageSchema(ma.Schema):
    need = fields.Nested(LineageNeedSchema, required=True)
    ideas = fields.List(fields.Nested(IdeaSchema), required=True)
    workshops = fields.List(fields.Dict(), required=True)
    calls = fields.List(fields.Dict(), required=True, metadata={"description": "[{id, title, status, idea_ids, url}]"})
    applications = fields.List(fields.Nested(LineageApplicationSchema), required=True)
    projects = fields.List(fields.Nested(LineageProjectSchema), required=True)
    url = fields.String(metadata={"description": "the need's ideas in the web interface"})


@blp.route("/needs/<int:need_id>/lineage", methods=["GET"])
@public
@answers(blp, LineageSchema, 404)
def need_lineage(need_id):
    """Ideas, workshops, applications and projects that came from this need."""
    need = db.session.get(Need, need_id) if need_id <= MAX_INT else None
    if need is None or not need.can_view(current_user):
        raise NotFound()
    answer = {"need": need, "url": url_for("ideas.index", city=need.city.slug, need=need.id, _external=True)}
    for name, provider in SECTIONS.items():
        answer[name] = provider(need)
    return answer
