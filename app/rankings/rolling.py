"""Rolling calls (avvisi a sportello): each admissible application is decided in protocol
order as soon as its evaluation is complete (its ``score`` is set), funded in full while
the budget and the funds' ceilings allow; one that does not fit is not funded. An
application whose admissibility or evaluation is still pending holds the ones after it
(the order of arrival is the rule). When what is left is less than the call's minimum grant
the call closes itself (``exhausted``). Every open page sees the budget left
(``counter:changed``) and each application's place in the queue (``queue:changed``)."""

from __future__ import annotations

from app import audit, realtime
from app.calls.budget import commit_funds, lock_call
from app.calls.services import _save
from app.models.application import Application, ApplicationStatus
from app.models.call import Call, CallKind, CallStatus
from app.rankings import awards, compute, notices

WAITING = (ApplicationStatus.SUBMITTED, ApplicationStatus.ADMISSIBLE)
QUEUED = (
    *WAITING,
    *awards.FUNDED,
    ApplicationStatus.NOT_FUNDED,
    ApplicationStatus.INADMISSIBLE,
    ApplicationStatus.RENOUNCED,
    ApplicationStatus.REVOKED,
)


def queue_of(applications: list[Application]) -> list[dict]:
    """The queue in protocol order: ``position`` (1, 2, …) of those still waiting, ``None``
    for the decided ones."""
    rows, position = [], 0
    for application in sorted(applications, key=lambda a: a.protocol_number or 0):
        if application.status not in QUEUED:
            continue
        waiting = application.status in WAITING
        position += waiting
        rows.append(
            {
                "application": application.id,
                "protocol": application.protocol,
                "position": position if waiting else None,
                "status": application.status.value,
                "granted": None if application.granted is None else compute.money(application.granted),
            }
        )
    return rows


def _decide(call: Call, application: Application, fund_left) -> str:
    """Fund or refuse one application (the call is locked); returns the reason code."""
    if (why := compute.below_threshold(call, application)) is not None:
        application.status, application.granted = ApplicationStatus.NOT_FUNDED, None
        return why[0]
    requested = application.requested_grant or compute.ZERO
    allowed, _limit = compute.room(call, application, call.budget_left, fund_left)
    if allowed < requested or requested <= 0:
        application.status, application.granted = ApplicationStatus.NOT_FUNDED, None
        return "does_not_fit"
    application.status, application.granted = ApplicationStatus.FUNDED, requested
    commit_funds(call, requested)
    if fund_left is not None:
        for fund, part in compute.split_by_fund(application, requested).items():
            fund_left[fund] = fund_left.get(fund, compute.ZERO) - part
    return "funded"


def _fund_left(call: Call, applications: list[Application]):
    limits = compute.ceilings(call)
    if limits is None:
        return None
    used = awards.fund_usage(applications)
    return {fund: ceiling - used.get(fund, compute.ZERO) for fund, ceiling in limits.items()}


def _push_queue(call: Call, rows: list[dict]) -> None:
    topic = f"call:{call.id}"
    for row in rows:
        realtime.emit_after_commit(
            "queue:changed",
            {"topic": topic, "protocol": row["protocol"], "position": row["position"], "status": row["status"]},
            realtime.topic_room(topic),
        )


def decide_rolling(call: Call, actor=None) -> list[Application]:
    """Decide, in protocol order, the applications of a rolling call whose evaluation is
    complete; call it after any submission, evaluation submit or admissibility decision (it
    also pushes the queue). Returns the applications decided now. Safe when called
    concurrently (the call's row is locked)."""
    if call.kind is not CallKind.ROLLING:
        return []

    def write():
        lock_call(call)
        if call.status not in (CallStatus.OPEN, CallStatus.CLOSED):
            return []  # closed by its date: what arrived before is still decided
        applications = awards.applications_of(call)
        fund_left, decided = _fund_left(call, applications), []
        for application in applications:
            if application.status is ApplicationStatus.SUBMITTED or (
                application.status is ApplicationStatus.ADMISSIBLE and application.score is None
            ):
                break  # the order of arrival: the ones after it wait for it
            if application.status is not ApplicationStatus.ADMISSIBLE:
                continue
            reason = _decide(call, application, fund_left)
            decided.append(application)
            audit.record(
                actor,
                "ranking.rolling_decision",
                application,
                city=call.city_id,
                outcome=reason,
                granted=compute.money(application.granted or 0),
                budget_left=compute.money(call.budget_left),
            )
        awards.check_ceilings(call, applications)
        if call.status is CallStatus.OPEN and call.budget_left < max(call.min_grant, compute.CENT):
            _exhaust(actor, call)
        notices.tell_funded(actor, [a for a in decided if a.is_funded])
        awards.granted(actor, decided)
        notices.tell_outcomes(actor, decided)
        _push_queue(call, queue_of(applications))
        return decided

    return _save(write)


def _exhaust(actor, call: Call) -> None:
    call.status = CallStatus.EXHAUSTED
    audit.record(actor, "call.exhausted", call, budget_left=compute.money(call.budget_left))
    topic = f"call:{call.id}"
    realtime.emit_after_commit(
        "call:changed",
        {"topic": topic, "status": call.status.value, "version": call.version},
        realtime.topic_room(topic),
    )
