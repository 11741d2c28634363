"""Ideas (``shared/API.md``): list with filters, propose, read one. Each endpoint calls
the ideas services or queries."""

from __future__ import annotations

import marshmallow as ma
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import fields, validate

from app.api import RESOURCES
from app.api.body import city_from
from app.api.schemas import PageArgsSchema, answers, page_schema, paginate
from app.errors import NotFound
from app.extensions import db
from app.ideas import links, queries, services, stages
from app.ideas.schemas import STAGES, IdeaProposal, IdeaSchema
from app.models import Idea
from app.permissions import login_required, public
from app.schemas import Id

blp = Blueprint("api_ideas", __name__, url_prefix="/ideas", description="Ideas")
RESOURCES.append(blp)


class StageChangeSchema(ma.Schema):
    from_stage = fields.Function(lambda c: c.from_stage.value if c.from_stage else None, metadata={"enum": STAGES})
    to_stage = fields.Function(lambda c: c.to_stage.value, metadata={"enum": STAGES})
    note = fields.String()
    actor = fields.Function(lambda c: {"id": c.actor.id, "name": c.actor.display_name} if c.actor else None)
    created_at = fields.DateTime()


class IdeaDetailSchema(IdeaSchema):
    stage_history = fields.Function(
        lambda i: StageChangeSchema(many=True).dump(queries.stage_history(i)),
        metadata={"description": "every stage change, oldest first, with its note"},
    )
    history_url = fields.Function(
        lambda i: links.absolute(links.path_for("ideas.history", city=i.city.slug, idea_id=i.id))
    )


IdeaPage = page_schema(IdeaSchema, "IdeaPage")


class IdeaArgsSchema(PageArgsSchema):
    city = fields.String(load_default=None, validate=validate.Length(max=60), metadata={"description": "city slug"})
    area = Id(load_default=None, metadata={"description": "target area id"})
    stage = fields.String(load_default=None, validate=validate.OneOf(STAGES))
    need = Id(load_default=None, metadata={"description": "ideas answering this need id"})
    q = fields.String(
        load_default=None, validate=validate.Length(max=100), metadata={"description": "words in title or summary"}
    )
    sort = fields.String(load_default="newest", validate=validate.OneOf(queries.SORTS))


@blp.route("", methods=["GET"])
@public
@answers(blp, IdeaPage, 422, query=IdeaArgsSchema)
def list_ideas(args):
    """Ideas, newest (or most supported, ``sort=supported``) first; hidden ones are left out."""
    city = city_from(args["city"]) if args["city"] else None
    query = queries.ideas_select(
        city,
        area_id=args["area"],
        stage=stages.parse(args["stage"]) if args["stage"] else None,
        need_id=args["need"],
        q=(args["q"] or "").strip() or None,
        sort=args["sort"],
    )
    return paginate(query, args)


@blp.route("", methods=["POST"])
@login_required
@answers(blp, IdeaDetailSchema, 401, 422, status=201, body=IdeaProposal, signed_in=True)
def create_idea(data):
    """Propose an idea answering one or more needs of the city (signed in)."""
    return services.propose_idea(current_user, data)


@blp.route("/<int:idea_id>", methods=["GET"])
@public
@answers(blp, IdeaDetailSchema, 404)
def get_idea(idea_id):
    """One idea with its needs, counts and stage history."""
    idea = db.session.get(Idea, idea_id)
    if idea is None or not idea.can_view(current_user):
        raise NotFound()
    return idea
