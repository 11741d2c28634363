"""Rankings and awards: the only place that writes them.

- The step of a competitive call to ``ranking_published`` (``app.calls.services.
  transition_call``, through its ``STEP_HOOKS``) computes the ranking, gives each
  application its outcome and ``granted``, and freezes edition 1; the step to ``awarded``
  sets the money aside (``app.rankings.awards``).
- A funded applicant who renounces, or a grant staff revoke, hands the money to the next
  reserve (scorrimento): a new edition. A review request answered with a changed score makes
  a new edition too; nothing is ever edited in place.
- Rolling calls are decided in ``app.rankings.rolling``.
Every decision is audited; residents behind a newly funded application are told."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import gettext as _

from app import audit, realtime
from app.calls import services as call_services
from app.calls.budget import lock_call
from app.calls.services import _save
from app.errors import Conflict, InvalidInput, PermissionDenied
from app.extensions import db
from app.models.application import Application, ApplicationStatus
from app.models.base import utcnow
from app.models.call import Call, CallKind, CallStatus
from app.models.ranking import EditionCause, RankingEdition, ReviewRequest, ReviewStatus
from app.notifications.services import notify
from app.rankings import awards, compute, links, notices
from app.rankings.schemas import PublishInput, RenounceInput, ReviewAnswerInput, ReviewRequestInput, RevokeInput
from app.schemas import load


def latest_edition(call: Call) -> RankingEdition | None:
    return db.session.scalar(
        sa.select(RankingEdition).where(RankingEdition.call_id == call.id).order_by(RankingEdition.number.desc())
    )


def first_edition(call: Call) -> RankingEdition | None:
    return db.session.scalar(
        sa.select(RankingEdition).where(RankingEdition.call_id == call.id, RankingEdition.number == 1)
    )


def review_deadline(call: Call):
    first = first_edition(call)
    days = call.review_days
    return None if first is None else first.published_at + timedelta(days=days)


def _apply(entries: list[dict], applications: list[Application]) -> tuple[list[Application], list[Application]]:
    """Give each listed application its outcome and grant; returns the newly funded ones and
    every one whose outcome changed."""
    by_id = {a.id: a for a in applications}
    newly, changed = [], []
    for entry in entries:
        application = by_id[entry["application"]]
        was_funded, before = application.is_funded, (application.status, application.granted)
        application.status = compute.STATUS_OF[entry["outcome"]]
        application.granted = Decimal(entry["granted"]) if entry["granted"] else None
        if application.is_funded and not was_funded:
            newly.append(application)
        if (application.status, application.granted) != before:
            changed.append(application)
    return newly, changed


def _edition(actor, call: Call, cause: EditionCause, reason: str, applications, about=None) -> RankingEdition:
    """The next edition of the call's ranking, computed from the applications now (the caller
    holds the call's lock); an awarded call sets aside exactly what the edition grants."""
    entries = compute.rank(call, applications)
    newly, changed = _apply(entries, applications)
    last = latest_edition(call)
    edition = RankingEdition(
        call=call,
        number=(last.number if last else 0) + 1,
        cause=cause,
        application_id=getattr(about, "id", None),
        reason=reason,
        entries=entries,
        published_at=utcnow(),
        published_by_id=getattr(actor, "id", None),
    )
    db.session.add(edition)
    if call.status is CallStatus.AWARDED:
        awards.settle(call, applications)
        awards.granted(actor, newly)
    else:
        awards.check_ceilings(call, applications)
    audit.record(actor, "ranking.edition", call, number=edition.number, cause=cause.value, reason=reason)
    notices.tell_funded(actor, newly)
    notices.tell_outcomes(actor, [a for a in changed if a.status is not ApplicationStatus.INADMISSIBLE])
    topic = f"call:{call.id}"
    realtime.emit_after_commit(
        "ranking:changed", {"topic": topic, "edition": edition.number}, realtime.topic_room(topic)
    )
    return edition


def _publish_hook(actor, call: Call, reason: str) -> None:
    """Inside the step to ``ranking_published``: every application decided and scored."""
    lock_call(call)
    if call.status is not CallStatus.EVALUATION:
        raise Conflict(_("The ranking of this call is already published."))
    applications = awards.applications_of(call)
    waiting = [
        a.protocol
        for a in applications
        if a.status is ApplicationStatus.SUBMITTED or (a.status is ApplicationStatus.ADMISSIBLE and a.score is None)
    ]
    if waiting:
        raise Conflict(
            _("Decide the admissibility and finish the evaluation of every application first."), waiting=waiting
        )
    _edition(actor, call, EditionCause.PUBLICATION, reason, applications)


def _award_hook(actor, call: Call, reason: str) -> None:
    """Inside the step to ``awarded``: the grants of the latest edition are set aside."""
    lock_call(call)
    if call.status is not CallStatus.RANKING_PUBLISHED:
        raise Conflict(_("The grants of this call are already awarded."))
    applications = awards.applications_of(call)
    left = awards.settle(call, applications)
    audit.record(actor, "ranking.award", call, committed=compute.money(call.committed), budget_left=compute.money(left))
    awards.granted(actor, applications)


call_services.STEP_HOOKS.setdefault(CallStatus.RANKING_PUBLISHED, []).append(_publish_hook)
call_services.STEP_HOOKS.setdefault(CallStatus.AWARDED, []).append(_award_hook)


def publish_ranking(actor, call: Call, data: dict) -> Call:
    """Staff publish the ranking: the call's step to ``ranking_published``."""
    fields = load(PublishInput, data)
    return call_services.transition_call(actor, call, {"to": "ranking_published", "reason": fields["reason"]})


def award(actor, call: Call, data: dict) -> Call:
    """Staff award the grants of the published ranking: the call's step to ``awarded``."""
    fields = load(PublishInput, data)
    return call_services.transition_call(actor, call, {"to": "awarded", "reason": fields["reason"]})


def _give_up(actor, application: Application, status: ApplicationStatus, cause: EditionCause, reason: str):
    """A funded application gives its grant back: the next reserve gets it (a new edition of
    a competitive ranking; a rolling call's budget left grows)."""
    call = application.call

    def write():
        lock_call(call)
        applications = awards.applications_of(call)
        if not application.is_funded:
            raise Conflict(_("This application is not funded."))
        granted = application.granted
        application.status, application.granted = status, None
        for hook in awards.GIVEN_UP:
            hook(actor, application, reason)
        audit.record(
            actor,
            f"application.{status.value}",
            application,
            city=call.city_id,
            granted=compute.money(granted or 0),
            reason=reason,
        )
        if call.kind is CallKind.COMPETITIVE and call.status in (CallStatus.RANKING_PUBLISHED, CallStatus.AWARDED):
            _edition(actor, call, cause, reason, applications, about=application)
        else:
            awards.settle(call, applications)
        return application

    return _save(write)


def renounce(actor, application: Application, data: dict) -> Application:
    """Who acts for the applying organisation renounces its grant."""
    if not application.can_renounce(actor):
        raise PermissionDenied()
    fields = load(RenounceInput, data)
    return _give_up(actor, application, ApplicationStatus.RENOUNCED, EditionCause.RENOUNCE, fields["reason"])


def revoke(actor, application: Application, data: dict) -> Application:
    """Staff of the call's city revoke a grant, saying why."""
    if not application.can_revoke(actor):
        raise PermissionDenied()
    fields = load(RevokeInput, data)
    return _give_up(actor, application, ApplicationStatus.REVOKED, EditionCause.REVOCATION, fields["reason"])


def request_review(actor, application: Application, data: dict) -> ReviewRequest:
    """An applicant asks for a review of the evaluation, within the days after publication."""
    if not application.can_request_review(actor):
        raise PermissionDenied()
    fields = load(ReviewRequestInput, data)
    call = application.call
    deadline = review_deadline(call)
    if deadline is None or utcnow() > deadline:
        raise Conflict(_("The days for asking a review of this ranking are over."))
    pending = db.session.scalar(
        sa.select(ReviewRequest.id).where(
            ReviewRequest.application_id == application.id, ReviewRequest.status == ReviewStatus.PENDING
        )
    )
    if pending is not None:
        raise Conflict(_("A review request of this application is already waiting for an answer."))

    def write():
        review = ReviewRequest(
            application=application,
            edition=latest_edition(call),
            reasons=fields["reasons"],
            created_by_id=actor.id,
            score_before=application.score,
        )
        db.session.add(review)
        audit.record(actor, "ranking.review_request", review, city=call.city_id, application=application.id)
        return review

    return _save(write)


def answer_review(actor, review: ReviewRequest, data: dict) -> ReviewRequest:
    """Staff answer a review request with reasons; a changed score makes a new edition."""
    if not review.application.call.can_edit(actor):
        raise PermissionDenied()
    if not review.can_answer(actor):
        raise Conflict(_("This review request is already answered."))
    fields = load(ReviewAnswerInput, {**data, "score": data.get("score") or None})
    application = review.application
    call = application.call
    if fields["score"] is not None and fields["score"] > sum((c.max_points for c in call.criteria), Decimal(0)):
        raise InvalidInput({"score": [_("The score cannot be more than the criteria's points together.")]})

    def write():
        lock_call(call)
        applications = awards.applications_of(call)
        changed = fields["score"] is not None and fields["score"] != application.score
        review.answer, review.answered_by_id, review.answered_at = fields["answer"], actor.id, utcnow()
        review.status = ReviewStatus.UPHELD if changed else ReviewStatus.REJECTED
        if changed:
            application.score = fields["score"]
            _edition(actor, call, EditionCause.REVIEW, fields["answer"], applications, about=application)
        review.score_after = application.score
        audit.record(actor, "ranking.review_answer", review, city=call.city_id, status=review.status.value)
        if review.created_by_id:
            notify(review.created_by_id, "ranking.review_answered", links.ranking_path(call), title=application.title)
        return review

    return _save(write)
