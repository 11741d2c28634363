"""``/api/v1/projects`` (``shared/API.md``): funded projects with CUP, grant per fund,
milestones, spend, indicators (baseline, target, latest approved value) and tranches; staff's
PATCH of the CUP, dates and milestones and, as an addition, ``POST …/state`` (suspend,
resume, close with a reason). Bodies are the projects' input schemas, loaded by the service."""

from __future__ import annotations

import marshmallow as ma
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import fields, validate

from app.api import RESOURCES
from app.api.applications import IndicatorOut
from app.api.body import city_from
from app.api.schemas import PageArgsSchema, answers, page_schema, paginate
from app.extensions import db
from app.models import CohesionFund, Project, ProjectStatus, TrancheKind, TrancheStatus
from app.permissions import object_permission, public, require
from app.projects import queries, services
from app.projects.schemas import ProjectPatchInput, StateInput

blp = Blueprint("api_projects", __name__, url_prefix="/projects", description="Funded projects")
RESOURCES.append(blp)


def _money(description: str = "euros, decimal string"):
    return fields.String(allow_none=True, metadata={"description": description, "example": "12500.00"})


def _day(description: str = ""):
    return fields.String(allow_none=True, metadata={"format": "date", "description": description})


class ProjectOrganizationOut(ma.Schema):
    id = fields.Integer(allow_none=True, metadata={"description": "none for a project imported from the monitoring"})
    name = fields.String()


class ProjectFundOut(ma.Schema):
    fund = fields.String(metadata={"enum": [f.value for f in CohesionFund]})
    amount = _money()


class ProjectMilestoneOut(ma.Schema):
    id = fields.Integer()
    name = fields.String()
    due_on = _day()
    reached_on = _day("none while not reached")
    late = fields.Boolean(metadata={"description": "past due and not reached"})


class ProjectIndicatorOut(IndicatorOut):
    """An indicator as the application committed to it, with its latest approved value."""

    latest_value = fields.String(
        allow_none=True, metadata={"description": "the latest approved value by measured_on; none before any"}
    )
    measured_on = _day("when the latest value was measured")


class ProjectTrancheOut(ma.Schema):
    kind = fields.String(metadata={"enum": [k.value for k in TrancheKind]})
    share_pct = _money("percent of the grant")
    status = fields.String(metadata={"enum": [s.value for s in TrancheStatus]})
    amount = _money("none until computed or paid")


class ProjectOut(ma.Schema):
    id = fields.Integer()
    title = fields.String()
    summary = fields.String()
    city = fields.String(metadata={"description": "city slug"})
    organization = fields.Nested(ProjectOrganizationOut)
    call = fields.Integer(allow_none=True)
    application = fields.Integer(allow_none=True)
    agreement = fields.Integer(allow_none=True, metadata={"description": "the art. 55 agreement it came from"})
    action = fields.String(allow_none=True, metadata={"description": "programme action code, e.g. 3.3.1"})
    cup = fields.String(allow_none=True)
    local_code = fields.String(metadata={"description": "COD_LOCALE_PROGETTO"})
    grant = _money()
    funds = fields.List(fields.Nested(ProjectFundOut))
    starts_on = _day()
    ends_on = _day()
    status = fields.String(metadata={"enum": [s.value for s in ProjectStatus]})
    state_reason = fields.String(metadata={"description": "why it was last suspended, resumed or closed"})
    closed_at = fields.String(allow_none=True, metadata={"format": "date-time"})
    milestones = fields.List(fields.Nested(ProjectMilestoneOut))
    spent = _money("approved expenditure")
    paid = _money("paid in tranches")
    indicators = fields.List(fields.Nested(ProjectIndicatorOut))
    tranches = fields.List(fields.Nested(ProjectTrancheOut))
    url = fields.String()


ProjectPage = page_schema(ProjectOut, "ProjectPage")


class ProjectArgs(PageArgsSchema):
    city = fields.String(load_default=None, metadata={"description": "city slug"})
    fund = fields.String(load_default=None, validate=validate.OneOf([f.value for f in CohesionFund]))
    action = fields.String(load_default=None, validate=validate.Length(max=40), metadata={"example": "3.3.1"})
    status = fields.String(load_default=None, validate=validate.OneOf([s.value for s in ProjectStatus]))


def _json(project: Project) -> dict:
    return queries.project_json(project, queries.latest_values([project]))


def _managed(project_id: int) -> Project:
    project = db.get_or_404(Project, project_id)
    require(project.can_manage(current_user))
    return project


@blp.route("", methods=["GET"])
@answers(blp, ProjectPage, 422, query=ProjectArgs)
@public
def list_projects(args):
    """Funded projects, newest first; ``status`` ``late`` is an active project with a
    milestone past due and not reached."""
    select = queries.projects_select(
        city_id=city_from(args["city"]).id if args.get("city") else None,
        fund=CohesionFund(args["fund"]) if args.get("fund") else None,
        action=args.get("action"),
        status=ProjectStatus(args["status"]) if args.get("status") else None,
    )
    page = paginate(select, args)
    latest = queries.latest_values(page["items"])
    page["items"] = [queries.project_json(p, latest) for p in page["items"]]
    return page


@blp.route("/<int:project_id>", methods=["GET"])
@answers(blp, ProjectOut, 404)
@public
def get_project(project_id):
    """A funded project: anyone reads it."""
    return _json(db.get_or_404(Project, project_id))


@blp.route("/<int:project_id>", methods=["PATCH"])
@object_permission("staff of the project's city")
@answers(blp, ProjectOut, 401, 403, 404, 409, 422, body=ProjectPatchInput, signed_in=True)
def patch_project(data, project_id):
    """Change ``{cup, starts_on, ends_on, milestones?}`` (partial). ``milestones`` is the whole
    list: ``[{id?, name, due_on, reached_on?}]``, those with an ``id`` changed in place, those
    not listed removed. A CUP of another project answers 422 on ``cup``; a closed project 409."""
    return _json(services.update_project(current_user, _managed(project_id), data))


@blp.route("/<int:project_id>/state", methods=["POST"])
@object_permission("staff of the project's city")
@answers(blp, ProjectOut, 401, 403, 404, 409, 422, body=StateInput, signed_in=True)
def set_state(data, project_id):
    """Suspend, resume or close ``{state: suspended|active|closed, reason}``; closing is final
    (any later change answers 409)."""
    return _json(services.set_state(current_user, _managed(project_id), data))
