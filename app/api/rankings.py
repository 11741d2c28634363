"""``/api/v1/calls/{id}/ranking`` (``shared/API.md``): the latest published edition of a
competitive call's ranking (staff of the city: a preview before publication), and, as
additions, its editions and the renounce, revocation and review requests of its grants.
Publishing and awarding are the call's steps (``POST /calls/{id}/transition``)."""

from __future__ import annotations

import marshmallow as ma
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import fields

from app.api import RESOURCES
from app.api.schemas import answers
from app.extensions import db
from app.models.application import Application
from app.models.call import Call
from app.models.ranking import ReviewRequest
from app.permissions import object_permission, public, require
from app.rankings import queries, services
from app.rankings.compute import STATUS_OF
from app.rankings.schemas import RenounceInput, ReviewAnswerInput, ReviewRequestInput, RevokeInput

blp = Blueprint("api_rankings", __name__, url_prefix="", description="Rankings and awards")
RESOURCES.append(blp)


class RankingScoreOut(ma.Schema):
    criterion = fields.Integer(metadata={"description": "the criterion's id in the call"})
    name = fields.String()
    points = fields.String()


class RankingOrganisationOut(ma.Schema):
    id = fields.Integer()
    name = fields.String()


class RankingItemOut(ma.Schema):
    rank = fields.Integer(allow_none=True, metadata={"description": "none when below threshold or inadmissible"})
    application = fields.Integer()
    protocol = fields.String()
    title = fields.String()
    organization = fields.Nested(RankingOrganisationOut)
    score = fields.String(allow_none=True)
    scores = fields.List(fields.Nested(RankingScoreOut))
    requested = fields.String()
    granted = fields.String(allow_none=True)
    outcome = fields.String(metadata={"enum": list(STATUS_OF)})
    reason = fields.String(metadata={"description": "why the outcome, in the reader's language"})


class RankingEditionOut(ma.Schema):
    number = fields.Integer()
    published_at = fields.DateTime()
    cause = fields.Function(lambda e: e.cause.value)
    reason = fields.String()


class RankingOut(ma.Schema):
    items = fields.List(fields.Nested(RankingItemOut))
    edition = fields.Nested(RankingEditionOut, allow_none=True, metadata={"description": "none: a staff preview"})
    editions = fields.List(fields.Nested(RankingEditionOut))


class RankedApplicationOut(ma.Schema):
    id = fields.Integer()
    status = fields.Function(lambda a: a.status.value)
    granted = fields.String(allow_none=True)


class ReviewRequestOut(ma.Schema):
    id = fields.Integer()
    application = fields.Integer(attribute="application_id")
    status = fields.Function(lambda r: r.status.value)
    reasons = fields.String()
    answer = fields.String()
    score_before = fields.String(allow_none=True)
    score_after = fields.String(allow_none=True)


@blp.route("/calls/<int:call_id>/ranking", methods=["GET"])
@answers(blp, RankingOut, 404)
@public
def ranking(call_id):
    """The ranking: anyone once published; staff of the city also a preview before."""
    call = db.get_or_404(Call, call_id)
    entries, edition = queries.visible_ranking(call, current_user)
    return {"items": queries.items(call, entries), "edition": edition, "editions": queries.editions_of(call)}


def _application(application_id: int, allowed: str) -> Application:
    application = db.get_or_404(Application, application_id)
    require(getattr(application, allowed)(current_user))
    return application


@blp.route("/applications/<int:ranked_application_id>/renounce", methods=["POST"])
@object_permission("who acts for the funded organisation")
@answers(blp, RankedApplicationOut, 403, 409, 422, body=RenounceInput, signed_in=True)
def renounce(data, ranked_application_id):
    """Renounce a grant ``{reason?}``: the next reserve is funded in a new edition."""
    return services.renounce(current_user, _application(ranked_application_id, "can_renounce"), data)


@blp.route("/applications/<int:ranked_application_id>/revoke", methods=["POST"])
@object_permission("staff of the call's city")
@answers(blp, RankedApplicationOut, 403, 409, 422, body=RevokeInput, signed_in=True)
def revoke(data, ranked_application_id):
    """Revoke a grant ``{reason}``: the next reserve is funded in a new edition."""
    return services.revoke(current_user, _application(ranked_application_id, "can_revoke"), data)


@blp.route("/applications/<int:ranked_application_id>/review", methods=["POST"])
@object_permission("the applicants of a ranked application")
@answers(blp, ReviewRequestOut, 403, 409, 422, status=201, body=ReviewRequestInput, signed_in=True)
def request_review(data, ranked_application_id):
    """Ask for a review of the evaluation ``{reasons}``, within the days after publication."""
    return services.request_review(current_user, _application(ranked_application_id, "can_request_review"), data)


@blp.route("/reviews/<int:review_id>/answer", methods=["POST"])
@object_permission("staff of the call's city")
@answers(blp, ReviewRequestOut, 403, 409, 422, body=ReviewAnswerInput, signed_in=True)
def answer_review(data, review_id):
    """Answer a review request ``{answer, score?}``; a changed score makes a new edition."""
    review = db.get_or_404(ReviewRequest, review_id)
    require(review.application.call.can_edit(current_user))
    return services.answer_review(current_user, review, data)
