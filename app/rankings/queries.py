"""Reading rankings: the latest published edition (anyone), the preview (staff of the call's
city before publication), the editions, the review requests and a rolling call's queue."""

from __future__ import annotations

import sqlalchemy as sa

from app.errors import NotFound
from app.extensions import db
from app.models.application import Application
from app.models.call import Call, CallKind, CallStatus
from app.models.ranking import RankingEdition, ReviewRequest, ReviewStatus
from app.rankings import awards, compute, labels, rolling
from app.rankings.services import latest_edition, review_deadline

__all__ = ["editions_of", "items", "latest_edition", "queue", "review_deadline", "reviews_of", "visible_ranking"]


def visible_ranking(call: Call, user) -> tuple[list[dict], RankingEdition | None]:
    """The entries ``user`` may read and their edition (``None``: a staff preview)."""
    if call.kind is not CallKind.COMPETITIVE or not call.can_view(user):
        raise NotFound()
    edition = latest_edition(call)
    if edition is not None:
        return edition.entries, edition
    if call.can_edit(user) and call.status in (CallStatus.CLOSED, CallStatus.EVALUATION):
        return compute.rank(call, awards.applications_of(call)), None
    raise NotFound()


def items(call: Call, entries: list[dict]) -> list[dict]:
    """The API's items: scores per criterion named, the reason of each outcome in words."""
    names = {str(c.id): c.name for c in call.criteria}
    return [
        {
            **{k: entry[k] for k in ("rank", "application", "protocol", "title", "organization", "score")},
            "scores": [
                {"criterion": int(cid), "name": names.get(cid, ""), "points": points}
                for cid, points in entry["scores"].items()
            ],
            "requested": entry["requested"],
            "granted": entry["granted"],
            "outcome": entry["outcome"],
            "outcome_label": str(labels.OUTCOMES[entry["outcome"]]),
            "reason": labels.reason(entry),
        }
        for entry in entries
    ]


def editions_of(call: Call) -> list[RankingEdition]:
    return list(
        db.session.scalars(
            sa.select(RankingEdition).where(RankingEdition.call_id == call.id).order_by(RankingEdition.number)
        )
    )


def reviews_of(call: Call, user) -> list[ReviewRequest]:
    """The review requests ``user`` may read: all for staff, their own applications' for applicants."""
    query = (
        sa.select(ReviewRequest)
        .join(Application)
        .where(Application.call_id == call.id)
        .order_by(ReviewRequest.status != ReviewStatus.PENDING, ReviewRequest.id)
    )
    found = list(db.session.scalars(query))
    return found if call.can_edit(user) else [r for r in found if r.application.is_applicant(user)]


def queue(call: Call) -> list[dict]:
    """A rolling call's queue (protocol, place, status), for its page."""
    return rolling.queue_of(awards.applications_of(call)) if call.kind is CallKind.ROLLING else []
