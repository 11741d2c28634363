"""``/api/v1/projects/{id}/tranches`` (``shared/API.md``): each tranche of a funded project
with its amount, whether it is due, the steps of its computation and, for the results-based
one, the computation per indicator (``app.projects.tranches``); and, as an addition,
``POST /api/v1/projects/{id}/tranches/{tranche_id}/pay`` for staff of the project."""

from __future__ import annotations

import marshmallow as ma
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import fields

from app.api import RESOURCES
from app.api.schemas import answers
from app.extensions import db
from app.models import Project, Tranche, TrancheKind
from app.permissions import object_permission, public, require
from app.projects import payments, tranche_text
from app.projects.schemas_tranches import PayTrancheInput

blp = Blueprint("api_project_tranches", __name__, url_prefix="/projects", description="Payment tranches of projects")
RESOURCES.append(blp)

_DECIMAL = {"type": "string", "example": "0.7000"}


class StepOut(ma.Schema):
    code = fields.String(
        metadata={
            "enum": ["base", "due_at_once", "due_when_spent", "balance_cap", "due_at_closure", "results", "suspended"]
        }
    )
    values = fields.Dict(metadata={"description": "the numbers of the step, decimal strings"})
    result = fields.Raw(allow_none=True, metadata={"description": "a decimal string, or whether the rule is met"})
    text = fields.Function(tranche_text.step, metadata={"description": "the step in the reader's language"})


class LateValueOut(ma.Schema):
    value = fields.String()
    measured_on = fields.String(metadata={"format": "date"})


class IndicatorAchievementOut(ma.Schema):
    code = fields.String()
    name = fields.String()
    unit = fields.String()
    baseline = fields.String()
    target = fields.String()
    value = fields.String(allow_none=True, metadata={"description": "none: never reported by the project's end"})
    measured_on = fields.String(allow_none=True, metadata={"format": "date"})
    achievement = fields.String(metadata={**_DECIMAL, "description": "0 … 1"})
    rule = fields.String(
        metadata={"enum": ["never_reported", "level_kept", "level_missed", "no_progress", "reached", "partial"]}
    )
    rule_text = fields.Function(tranche_text.rule)
    late = fields.List(fields.Nested(LateValueOut), metadata={"description": "values measured after the end"})


class ResultsOut(ma.Schema):
    indicators = fields.List(fields.Nested(IndicatorAchievementOut))
    weighted = fields.Boolean()
    weights = fields.Dict(allow_none=True, metadata={"description": "{code: weight}; none: the plain mean"})
    mean = fields.String(metadata={**_DECIMAL, "description": "the project's achievement, 0 … 1"})
    min_achievement = fields.String(metadata={**_DECIMAL, "description": "the call's minimum, 0 … 1"})
    factor = fields.String(metadata={**_DECIMAL, "description": "0 below the minimum, else the achievement"})
    base = fields.String(metadata={"description": "the tranche's share of the grant, euros"})
    amount = fields.String(metadata={"description": "base × factor, euros"})


class TrancheOut(ma.Schema):
    id = fields.Integer()
    kind = fields.String(metadata={"enum": [k.value for k in TrancheKind]})
    position = fields.Integer()
    share_pct = fields.String(metadata={"description": "percent of the grant"})
    base = fields.String(metadata={"description": "share × grant, euros"})
    amount = fields.String(metadata={"description": "what it pays (paid: what it paid), euros"})
    due = fields.Boolean(metadata={"description": "its condition is met (and it is not paid)"})
    payable = fields.Boolean(metadata={"description": "due, and every earlier tranche is paid"})
    paid = fields.Boolean()
    paid_at = fields.DateTime(allow_none=True)
    steps = fields.List(fields.Nested(StepOut))
    results = fields.Nested(ResultsOut, allow_none=True, metadata={"description": "the results-based tranche only"})


class TranchesOut(ma.Schema):
    project = fields.Integer()
    grant = fields.String()
    spent = fields.String()
    paid = fields.String()
    items = fields.List(fields.Nested(TrancheOut))


def _project(project_id: int) -> Project:
    project = db.get_or_404(Project, project_id)
    require(project.can_view(current_user))
    return project


@blp.route("/<int:project_id>/tranches", methods=["GET"])
@answers(blp, TranchesOut, 404)
@public
def tranches(project_id):
    """The project's tranches in the order they are paid, each with its computation."""
    project = _project(project_id)
    return {
        "project": project.id,
        "grant": f"{project.grant:.2f}",
        "spent": f"{project.spent:.2f}",
        "paid": f"{project.paid:.2f}",
        "items": payments.schedule_of(project),
    }


@blp.route("/<int:project_id>/tranches/<int:tranche_id>/pay", methods=["POST"])
@object_permission("staff of the project")
@answers(blp, TrancheOut, 403, 404, 409, 422, body=PayTrancheInput, signed_in=True)
def pay(data, project_id, tranche_id):
    """Pay the next tranche when it is due ``{amount?}``: its amount and computation are
    frozen. Not due, already paid, an earlier one unpaid, or ``amount`` no longer the
    current one: 409."""
    project = _project(project_id)
    require(project.can_manage(current_user))
    tranche = db.get_or_404(Tranche, tranche_id)
    payments.pay_tranche(current_user, project, tranche, data)
    return next(r for r in payments.schedule_of(project) if r["id"] == tranche.id)
