"""``/api/v1/calls``: funding calls with every rule, their lifecycle, published versions and
consultation comments (``shared/API.md``). Bodies are the calls' input schemas
(``app.calls.schemas``), loaded once, by the service."""

from __future__ import annotations

import marshmallow as ma
from flask import url_for
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import fields, validate

from app.api import RESOURCES, lineage
from app.api.body import city_from, json_body
from app.api.schemas import SIGNED_IN, PageArgsSchema, answers, page_schema, paginate
from app.calls import compare, documents, lifecycle, queries, services
from app.calls.lineage import calls_for_need
from app.calls.schemas import CallChangeInput, CallCommentInput, CallInput, ReplyInput, TransitionInput
from app.calls.timeline import timeline_json
from app.errors import NotFound
from app.extensions import db
from app.models import Role
from app.models.call import Call, CallComment, CallKind, CallStatus, CohesionFund
from app.permissions import login_required, object_permission, public, require, roles_required
from app.schemas import MAX_INT

blp = Blueprint("api_calls", __name__, url_prefix="/calls", description="Funding calls")
RESOURCES.append(blp)

SECURITY = SIGNED_IN


def _money(description: str = "euros, decimal string"):
    return fields.String(allow_none=True, metadata={"description": description, "example": "150000.00"})


class RulesOut(ma.Schema):
    """The call body of ``shared/API.md``, as answered (money and shares as decimal strings)."""

    title = fields.String()
    summary = fields.String()
    body = fields.String(metadata={"description": "Markdown"})
    kind = fields.String(metadata={"enum": [k.value for k in CallKind]})
    department = fields.String()
    co_departments = fields.List(fields.String())
    action_code = fields.String()
    funds = fields.List(fields.Dict(), metadata={"description": "[{fund, ceiling}]"})
    budget = _money()
    min_grant = _money()
    max_grant = _money()
    cofinancing_pct = _money("percent")
    applicant_forms = fields.List(fields.String())
    profit_role = fields.String(metadata={"enum": ["applicant", "partner", "none"]})
    min_partners = fields.Integer()
    areas = fields.List(fields.Dict(), metadata={"description": "[{area, intensity_pct}]"})
    min_duration_months = fields.Integer()
    max_duration_months = fields.Integer()
    opens_at = fields.String(metadata={"format": "date-time"})
    closes_at = fields.String(allow_none=True, metadata={"format": "date-time"})
    criteria = fields.List(fields.Dict(), metadata={"description": "[{name, description, max_points, threshold}]"})
    min_score = _money("points")
    indirect_flat_rate_pct = _money("percent")
    unit_costs = fields.List(fields.Dict(), metadata={"description": "[{name, unit, rate}]"})
    advance_pct = _money("percent of the grant paid at the start (default 30)")
    intermediate_pct = _money("percent paid when the approved spend reaches the advance (default 40)")
    results_share_pct = _money("percent")
    min_achievement_pct = _money("percent")
    indicators = fields.List(
        fields.Dict(), metadata={"description": "[{code, name, unit, weight}]: weight on every one or none"}
    )
    attachments = fields.List(
        fields.Dict(), metadata={"description": "[{name, description}]: what every application must attach (PDF)"}
    )
    evaluators_per_application = fields.Integer()
    review_days = fields.Integer(metadata={"description": "days after the ranking's publication to ask for a review"})
    partial_last_award = fields.Boolean()
    requires_runts = fields.Boolean()
    idea_ids = fields.List(fields.Integer())


class CallOut(RulesOut):
    """A call: its identity and state, then every rule of the call body."""

    id = fields.Integer()
    city = fields.String(metadata={"description": "city slug"})
    status = fields.String(metadata={"enum": [s.value for s in CallStatus]})
    version = fields.Integer(metadata={"description": "0 while a draft; 1 when published"})
    budget_left = _money()
    next_steps = fields.List(fields.String(), metadata={"description": "legal steps (staff only)"})
    published_at = fields.String(allow_none=True, metadata={"format": "date-time"})
    url = fields.String()


class MomentOut(ma.Schema):
    kind = fields.String(metadata={"enum": ["created", "step", "version", "ahead"]})
    status = fields.String(allow_none=True, metadata={"enum": [s.value for s in CallStatus]})
    at = fields.String(allow_none=True, metadata={"format": "date-time", "description": "null for a step ahead"})
    reason = fields.String()
    version = fields.Integer(allow_none=True, metadata={"description": "the version a step or line published"})


class CallDetailOut(CallOut):
    """A call with its public timeline (``created`` only for staff of its city)."""

    timeline = fields.List(fields.Nested(MomentOut))


class CallArgs(PageArgsSchema):
    city = fields.String(load_default=None, metadata={"description": "city slug"})
    status = fields.String(load_default=None, validate=validate.OneOf([s.value for s in CallStatus]))
    kind = fields.String(load_default=None, validate=validate.OneOf([k.value for k in CallKind]))
    fund = fields.String(load_default=None, validate=validate.OneOf([f.value for f in CohesionFund]))
    area = fields.Integer(
        load_default=None, validate=validate.Range(1, MAX_INT), metadata={"description": "an eligible area's id"}
    )


class CallCreate(CallInput):
    city = fields.String(required=True, validate=validate.Length(max=60), metadata={"description": "city slug"})


class VersionOut(ma.Schema):
    number = fields.Integer()
    reason = fields.String()
    created_at = fields.DateTime()
    rules = fields.Raw(attribute="snapshot", metadata={"description": "the call body at this version"})
    changes = fields.Raw(metadata={"description": "rules that differ from the previous version, by section"})


class CompareArgs(ma.Schema):
    a = fields.Integer(load_default=None, validate=validate.Range(min=1, max=2**31 - 1))
    b = fields.Integer(load_default=None, validate=validate.Range(min=1, max=2**31 - 1))


class ChangeOut(ma.Schema):
    field = fields.String(metadata={"description": "a field of the call body"})
    label = fields.String(metadata={"description": "the rule's name in the reader's language"})
    before = fields.Raw(allow_none=True, metadata={"description": "its value in version a"})
    after = fields.Raw(allow_none=True, metadata={"description": "its value in version b"})


class CompareOut(ma.Schema):
    a = fields.Integer()
    b = fields.Integer()
    changes = fields.List(fields.Nested(ChangeOut))


class CommentOut(ma.Schema):
    """``app.calls.queries.comment_json``: the same dict the live push carries."""

    id = fields.Integer()
    section = fields.String()
    body = fields.String()
    author = fields.Dict(metadata={"description": "{id, name}; name null for a removed account"})
    version = fields.Integer()
    created_at = fields.String(metadata={"format": "date-time"})
    reply = fields.String()
    outcome = fields.String()


class VersionList(ma.Schema):
    items = fields.List(fields.Nested(VersionOut))


class CommentList(ma.Schema):
    items = fields.List(fields.Nested(CommentOut))


CallPage = page_schema(CallOut, "CallPage")


def call_json(call: Call) -> dict:
    """The one answer for a call: identity, state and ``queries.rules_of``."""
    rules = queries.rules_of(call)
    return {
        **rules,
        "id": call.id,
        "city": call.city.slug,
        "status": call.status.value,
        "version": call.version,
        "budget_left": f"{call.budget_left:.2f}",
        "next_steps": [s.value for s in lifecycle.next_steps(call)] if call.can_edit(current_user) else [],
        "published_at": call.published_at.isoformat() if call.published_at else None,
        "url": url_for("calls.detail", call_id=call.id, _external=True),
    }


def _visible(call_id: int) -> Call:
    call = db.session.get(Call, call_id)
    if call is None or not call.can_view(current_user):
        raise NotFound()
    return call


def _editable(call_id: int) -> Call:
    """A call the caller may see (404 otherwise) and edit (403 otherwise)."""
    call = _visible(call_id)
    require(call.can_edit(current_user))
    return call


@blp.route("", methods=["GET"])
@answers(blp, CallPage, 422, query=CallArgs)
@public
def list_calls(args):
    """Calls, open ones first; drafts only for staff of their city."""
    city_id = city_from(args["city"]).id if args.get("city") else None
    select = queries.calls_select(
        current_user,
        city_id=city_id,
        status=CallStatus(args["status"]) if args.get("status") else None,
        kind=CallKind(args["kind"]) if args.get("kind") else None,
        fund=CohesionFund(args["fund"]) if args.get("fund") else None,
        area_id=args.get("area"),
    )
    page = paginate(select, args)
    page["items"] = [call_json(c) for c in page["items"]]
    return page


@blp.route("", methods=["POST"])
@roles_required(Role.STAFF)
@answers(blp, CallOut, 401, 403, 422, status=201, body=CallCreate, signed_in=True)
def create_call(data):
    """Staff of the city create a draft call."""
    city = city_from(data.pop("city", None))
    return call_json(services.create_call(current_user, city, data))


@blp.route("/<int:call_id>", methods=["GET"])
@answers(blp, CallDetailOut, 404)
@public
def get_call(call_id):
    """A call with every rule, its funds, areas, criteria, ``budget_left``, ``version`` and
    ``timeline`` (steps with date and reason, versions, the steps ahead)."""
    call = _visible(call_id)
    return {**call_json(call), "timeline": timeline_json(call, current_user)}


@blp.route("/<int:call_id>", methods=["PATCH"])
@object_permission("staff of the call's city")
@json_body(blp, CallChangeInput(partial=True))
@answers(blp, CallOut, 401, 403, 404, 409, 422, signed_in=True)
def change_call(data, call_id):
    """Change rules (partial body); once published the body needs ``reason`` and makes a new version."""
    call = _editable(call_id)
    return call_json(services.update_call(current_user, call, data))


@blp.route("/<int:call_id>/transition", methods=["POST"])
@object_permission("staff of the call's city")
@answers(blp, CallOut, 401, 403, 404, 409, 422, body=TransitionInput, signed_in=True)
def transition(data, call_id):
    """One lifecycle step (``to``); an illegal step answers 409 with the ``allowed`` ones."""
    call = _editable(call_id)
    return call_json(services.transition_call(current_user, call, data))


@blp.route("/<int:call_id>/versions", methods=["GET"])
@answers(blp, VersionList, 404)
@public
def versions(call_id):
    """The published versions, each with its reason and what changed from the one before."""
    call = _visible(call_id)
    items, previous = [], None
    for version in queries.versions_of(call):
        version.changes = queries.changed_sections(previous.snapshot, version.snapshot) if previous else {}
        items.append(version)
        previous = version
    return {"items": items}


@blp.route("/<int:call_id>/versions/compare", methods=["GET"])
@answers(blp, CompareOut, 404, 422, query=CompareArgs)
@public
def compare_versions(args, call_id):
    """The rules and text that differ between versions ``a`` and ``b`` (by default the one
    before the latest and the latest), field by field."""
    a, b, _versions = documents.version_pair(_visible(call_id), args["a"], args["b"])
    return {"a": a.number, "b": b.number, "changes": compare.changes(a.snapshot, b.snapshot)}


@blp.route("/<int:call_id>/versions/<int:number>", methods=["GET"])
@answers(blp, VersionOut, 404)
@public
def version(call_id, number):
    """One published version of the call's text and rules."""
    call = _visible(call_id)
    found = queries.version_of(call, number)
    if found is None:
        raise NotFound()
    earlier = queries.version_of(call, number - 1) if number > 1 else None
    found.changes = queries.changed_sections(earlier.snapshot, found.snapshot) if earlier else {}
    return found


@blp.route("/<int:call_id>/comments", methods=["GET"])
@answers(blp, CommentList, 404)
@public
def comments(call_id):
    """Consultation comments with the staff's replies."""
    return {"items": [queries.comment_json(c) for c in queries.comments_of(_visible(call_id))]}


@blp.route("/<int:call_id>/comments", methods=["POST"])
@login_required
@answers(blp, CommentOut, 401, 404, 409, 422, status=201, body=CallCommentInput, signed_in=True)
def comment(data, call_id):
    """Comment on a section (``text``, ``eligibility``, ``budget``, ``criteria``, ``timing``)
    while the call is in consultation."""
    return queries.comment_json(services.comment_on_call(current_user, _visible(call_id), data))


@blp.route("/<int:call_id>/comments/<int:call_comment_id>/reply", methods=["POST"])
@object_permission("staff of the call's city")
@answers(blp, CommentOut, 401, 403, 404, 422, body=ReplyInput, signed_in=True)
def reply(data, call_id, call_comment_id):
    """Staff reply to a comment with ``outcome`` ``accepted``, ``answered`` or ``not_taken``."""
    call = _visible(call_id)
    found = db.session.get(CallComment, call_comment_id)
    if found is None or found.call_id != call.id:
        raise NotFound()
    require(call.can_edit(current_user))
    return queries.comment_json(services.reply_to_comment(current_user, found, data))


def _lineage_calls(need) -> list[dict]:
    """The ``calls`` of ``GET /api/v1/needs/{id}/lineage``: the calls the caller may see
    that name an idea of the need, with those ideas' ids."""
    return [
        {
            "id": fed.call.id,
            "title": fed.call.title,
            "status": fed.call.status.value,
            "idea_ids": [idea.id for idea in fed.ideas],
            "url": url_for("calls.detail", call_id=fed.call.id, _external=True),
        }
        for fed in calls_for_need(need, current_user)
    ]


lineage.SECTIONS["calls"] = _lineage_calls
