"""``/api/v1/calls/{id}/interests`` and ``/answers``: expressions of interest in a co-design
call (art. 55) and staff's admission, answers to a call for ideas and staff's shortlist.
Bodies are ``app.calls.schemas_participation``, loaded once, by ``app.calls.participation``."""

from __future__ import annotations

import marshmallow as ma
from flask import url_for
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import fields

from app.api import RESOURCES
from app.api.calls import _visible
from app.api.schemas import answers
from app.calls import participation
from app.calls import participation_queries as queries
from app.calls.schemas_participation import AnswerInput, InterestDecisionInput, InterestInput, ShortlistInput
from app.errors import NotFound
from app.extensions import db
from app.models.call_participation import CallAnswer, CallInterest, InterestStatus
from app.permissions import login_required, object_permission, public, require

blp = Blueprint(
    "api_call_participation", __name__, url_prefix="/calls", description="Co-design calls and calls for ideas"
)
RESOURCES.append(blp)


class InterestOut(ma.Schema):
    id = fields.Integer()
    organisation = fields.Dict(metadata={"description": "{id, name}"})
    status = fields.String(metadata={"enum": [s.value for s in InterestStatus]})
    reason = fields.String(allow_none=True, metadata={"description": "a refusal's: staff and the organisation only"})
    runts_number = fields.String(allow_none=True, metadata={"description": "staff and the organisation only"})
    statement = fields.String(allow_none=True, metadata={"description": "staff and the organisation only"})
    contact = fields.String(allow_none=True, metadata={"description": "staff and the organisation only"})
    decided_at = fields.String(allow_none=True, metadata={"format": "date-time"})
    created_at = fields.String(metadata={"format": "date-time"})


class AnswerOut(ma.Schema):
    id = fields.Integer()
    idea = fields.Dict(metadata={"description": "{id, title, url}"})
    note = fields.String()
    author = fields.Dict(allow_none=True, metadata={"description": "{id, name}"})
    organisation = fields.Dict(allow_none=True, metadata={"description": "{id, name}"})
    shortlisted = fields.Boolean()
    reason = fields.String()
    decided_at = fields.String(allow_none=True, metadata={"format": "date-time"})
    created_at = fields.String(metadata={"format": "date-time"})


class InterestList(ma.Schema):
    items = fields.List(fields.Nested(InterestOut))


class AnswerList(ma.Schema):
    items = fields.List(fields.Nested(AnswerOut))


def _when(value):
    return value.isoformat() if value else None


def interest_json(interest: CallInterest) -> dict:
    details = interest.can_see_details(current_user)
    shown_reason = interest.reason if (interest.admitted or details) else None
    return {
        "id": interest.id,
        "organisation": {"id": interest.organisation_id, "name": interest.organisation.name},
        "status": interest.status.value,
        "reason": shown_reason,
        "runts_number": interest.runts_number if details else None,
        "statement": interest.statement if details else None,
        "contact": interest.contact if details else None,
        "decided_at": _when(interest.decided_at),
        "created_at": _when(interest.created_at),
    }


def answer_json(answer: CallAnswer) -> dict:
    idea = answer.idea
    return {
        "id": answer.id,
        "idea": {
            "id": idea.id,
            "title": idea.title,
            "url": url_for("ideas.detail", city=answer.call.city.slug, idea_id=idea.id, _external=True),
        },
        "note": answer.note,
        "author": {"id": answer.author_id, "name": answer.author.display_name} if answer.author else None,
        "organisation": {"id": answer.organisation_id, "name": answer.organisation.name}
        if answer.organisation
        else None,
        "shortlisted": answer.shortlisted,
        "reason": answer.reason,
        "decided_at": _when(answer.decided_at),
        "created_at": _when(answer.created_at),
    }


def _row(model, row_id: int, call):
    found = db.session.get(model, row_id)
    if found is None or found.call_id != call.id:
        raise NotFound()
    return found


@blp.route("/<int:call_id>/interests", methods=["GET"])
@answers(blp, InterestList, 404)
@public
def interests(call_id):
    """Expressions of interest: the admitted ones for everyone; every one, with statement,
    contact and reasons, for staff of the city and for the organisation's members."""
    call = _visible(call_id)
    return {"items": [interest_json(i) for i in queries.interests_of(call, current_user)]}


@blp.route("/<int:call_id>/interests", methods=["POST"])
@login_required
@answers(blp, InterestOut, 403, 409, 422, status=201, body=InterestInput, signed_in=True)
def express_interest(data, call_id):
    """An owner of a third-sector organisation expresses its interest in an open co-design
    call (one per organisation; ``runts_number`` required)."""
    return interest_json(participation.express_interest(current_user, _visible(call_id), data))


@blp.route("/<int:call_id>/interests/<int:interest_id>/decision", methods=["POST"])
@object_permission("staff of the call's city")
@answers(blp, InterestOut, 404, 409, 422, body=InterestDecisionInput, signed_in=True)
def decide_interest(data, call_id, interest_id):
    """Staff admit (``admitted: true``) or refuse an expression of interest with a ``reason``,
    while the call is open or in admission; the organisation's members are notified."""
    call = _visible(call_id)
    require(call.can_edit(current_user))
    return interest_json(participation.decide_interest(current_user, _row(CallInterest, interest_id, call), data))


@blp.route("/<int:call_id>/answers", methods=["GET"])
@answers(blp, AnswerList, 404)
@public
def list_answers(call_id):
    """Answers to a call for ideas, shortlisted ones first."""
    call = _visible(call_id)
    return {"items": [answer_json(a) for a in queries.answers_of(call, current_user)]}


@blp.route("/<int:call_id>/answers", methods=["POST"])
@login_required
@answers(blp, AnswerOut, 403, 409, 422, status=201, body=AnswerInput, signed_in=True)
def answer(data, call_id):
    """Answer an open call for ideas with ``idea`` (an idea of the call's city) or
    ``new_idea`` (proposed in the same step), and a ``note``."""
    return answer_json(participation.answer_call(current_user, _visible(call_id), data))


@blp.route("/<int:call_id>/answers/<int:answer_id>/shortlist", methods=["POST"])
@object_permission("staff of the call's city")
@answers(blp, AnswerOut, 404, 409, 422, body=ShortlistInput, signed_in=True)
def shortlist(data, call_id, answer_id):
    """Staff put an answer on the shortlist (``shortlisted``) with a ``reason``, once the
    call for ideas is closed."""
    call = _visible(call_id)
    require(call.can_edit(current_user))
    return answer_json(participation.shortlist_answer(current_user, _row(CallAnswer, answer_id, call), data))
