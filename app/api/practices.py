"""``/api/v1/good-practices`` (additions to ``shared/API.md``): every city's published good
practices, searched and filtered; one practice with its project and indicator results; a
closed project proposed as a good practice; the authority's curation."""

from __future__ import annotations

import marshmallow as ma
from flask import url_for
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import fields, validate

from app.api import RESOURCES
from app.api.body import city_from
from app.api.schemas import CitySchema, PageArgsSchema, answers, page_schema, paginate
from app.extensions import db
from app.models import GoodPractice, PracticeStatus, Project
from app.permissions import object_permission, public, require
from app.projects import practice_queries, practices
from app.projects.schemas_practices import PracticeCurationInput, PracticeProposalInput
from app.schemas import Id

blp = Blueprint("api_practices", __name__, url_prefix="", description="Good practices")
RESOURCES.append(blp)

STATUSES = [s.value for s in PracticeStatus]


class PracticeFundOut(ma.Schema):
    fund = fields.Function(lambda f: f.fund.value, metadata={"enum": ["FSE+", "FESR"]})
    amount = fields.String()


class PracticeProjectOut(ma.Schema):
    id = fields.Integer()
    title = fields.String()
    cup = fields.String(allow_none=True)
    organization = fields.Function(lambda p: p.organisation.name if p.organisation else p.beneficiary)
    grant = fields.String()
    funds = fields.List(fields.Nested(PracticeFundOut))
    spent = fields.String()
    starts_on = fields.Date(allow_none=True)
    ends_on = fields.Date(allow_none=True)
    action = fields.Function(lambda p: p.action.code if p.action else None, allow_none=True)
    area = fields.Function(lambda p: p.area_id, allow_none=True)


class PracticeOut(ma.Schema):
    id = fields.Integer()
    url = fields.Function(lambda g: url_for("projects.practice", practice_id=g.id, _external=True))
    title = fields.String()
    lessons = fields.String()
    status = fields.Function(lambda g: g.status.value, metadata={"enum": STATUSES})
    city = fields.Function(lambda g: CitySchema(only=("id", "name", "slug")).dump(g.project.city))
    project = fields.Nested(PracticeProjectOut)
    proposed_at = fields.DateTime()
    curated_at = fields.DateTime(allow_none=True)
    curation_reason = fields.String(metadata={"description": "why it was declined (or a note on publishing)"})


class IndicatorResultOut(ma.Schema):
    code = fields.Function(lambda r: r["indicator"].code)
    name = fields.Function(lambda r: r["indicator"].name)
    unit = fields.Function(lambda r: r["indicator"].unit)
    baseline = fields.Function(lambda r: str(r["indicator"].baseline))
    target = fields.Function(lambda r: str(r["indicator"].target))
    value = fields.Function(lambda r: None if r["value"] is None else str(r["value"]), allow_none=True)
    measured_on = fields.Date(allow_none=True)


class PracticeDetailOut(PracticeOut):
    indicators = fields.Method("_results", metadata={"description": "the latest approved value of each indicator"})

    def _results(self, practice):
        return IndicatorResultOut(many=True).dump(practice_queries.indicator_results(practice.project))


PracticePage = page_schema(PracticeOut, "PracticePage")


class PracticeArgsSchema(PageArgsSchema):
    q = fields.String(load_default=None, validate=validate.Length(max=200), metadata={"description": "full text"})
    city = fields.String(load_default=None, metadata={"description": "city slug"})
    fund = fields.String(load_default=None, validate=validate.OneOf(["FSE+", "FESR"]))
    action = Id(load_default=None, metadata={"description": "programme action id"})
    area = Id(load_default=None, metadata={"description": "target area id"})
    status = fields.String(
        load_default=PracticeStatus.PUBLISHED.value,
        validate=validate.OneOf(STATUSES),
        metadata={"description": "proposed and declined ones only for who may read them"},
    )


@blp.route("/good-practices", methods=["GET"])
@answers(blp, PracticePage, 422, query=PracticeArgsSchema)
@public
def list_practices(args):
    """Good practices of every city (``city`` keeps one), newest first; ``q`` searches the
    title and the lessons learned (Italian word stems, accents folded)."""
    select = practice_queries.practices_select(
        current_user,
        q=args["q"],
        city_id=city_from(args["city"]).id if args["city"] else None,
        fund=practice_queries.parse_fund(args["fund"]),
        action_id=args["action"],
        area_id=args["area"],
        status=PracticeStatus(args["status"]),
    )
    return paginate(practice_queries.with_relations(select), args)


@blp.route("/good-practices/<int:practice_id>", methods=["GET"])
@answers(blp, PracticeDetailOut, 403, 404)
@public
def get_practice(practice_id):
    """One practice with its project (grant per fund, dates) and indicator results; a
    practice not yet published only for its organisation, the city's staff and the authority."""
    practice = db.get_or_404(GoodPractice, practice_id)
    require(practice.can_view(current_user))
    return practice


@blp.route("/projects/<int:project_id>/good-practice", methods=["POST"])
@object_permission("the project's organisation or the city's staff, once the project is closed")
@answers(blp, PracticeDetailOut, 403, 404, 409, 422, status=201, body=PracticeProposalInput, signed_in=True)
def propose(data, project_id):
    """Propose a closed project as a good practice ``{title, lessons}``: one per project
    (409 again, and for a project not closed)."""
    project = db.get_or_404(Project, project_id)
    require(practices.may_propose(current_user, project))
    return practices.propose_practice(current_user, project, data)


@blp.route("/good-practices/<int:practice_id>/curation", methods=["POST"])
@object_permission("the programme's authority")
@answers(blp, PracticeDetailOut, 403, 404, 409, 422, body=PracticeCurationInput, signed_in=True)
def curate(data, practice_id):
    """The authority publishes ``{publish: true}`` or declines ``{publish: false, reason}``
    a proposed practice (409 once curated); the proposer is told."""
    practice = db.get_or_404(GoodPractice, practice_id)
    require(practice.can_curate(current_user))
    return practices.curate_practice(current_user, practice, data)
