"""The ranking of a competitive call, computed (pure functions over the call and its
applications; the services write the result).

Admissible applications that meet every criterion's threshold and the call's minimum total
are ordered by score; ties go to the higher score on the first criterion, then the second…,
then to the earlier protocol number. They are funded in that order while the budget and
each fund's ceiling allow (an application's budget lines say how its grant splits by fund);
the first one that does not fit is partly funded when the call allows it, else a reserve,
and every one after it is a reserve. Below-threshold and inadmissible applications are
listed after them with their outcome. Each entry carries the reason of its outcome as a
code and its parameters, read out in the reader's language (``app.rankings.labels``)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_DOWN, Decimal

from app.models.application import Application, ApplicationStatus
from app.models.call import Call

CENT = Decimal("0.01")
ZERO = Decimal("0")

#: Statuses of the applications a ranking lists (admissibility decided, not given up).
RANKED = (
    ApplicationStatus.ADMISSIBLE,
    ApplicationStatus.FUNDED,
    ApplicationStatus.PARTLY_FUNDED,
    ApplicationStatus.RESERVE,
    ApplicationStatus.NOT_FUNDED,
)
LISTED = (*RANKED, ApplicationStatus.INADMISSIBLE)

#: The outcome of an entry → the status its application takes when the ranking is published.
STATUS_OF = {
    "funded": ApplicationStatus.FUNDED,
    "partly_funded": ApplicationStatus.PARTLY_FUNDED,
    "reserve": ApplicationStatus.RESERVE,
    "below_threshold": ApplicationStatus.NOT_FUNDED,
    "inadmissible": ApplicationStatus.INADMISSIBLE,
}


def money(value) -> str:
    return f"{Decimal(value):.2f}"


def criterion_points(application: Application) -> dict[int, Decimal]:
    """``{criterion_id: points}`` of the application (``criterion_scores``, keys as ints)."""
    return {int(k): Decimal(str(v)) for k, v in (application.criterion_scores or {}).items()}


def fund_shares(application: Application) -> dict[str, Decimal]:
    """How the application's grant splits by fund: each fund's share of its budget lines."""
    totals: dict[str, Decimal] = {}
    for line in application.budget_lines:
        totals[line.fund.value] = totals.get(line.fund.value, ZERO) + (line.amount or ZERO)
    whole = sum(totals.values(), ZERO)
    if whole <= 0:
        return {}
    return {fund: amount / whole for fund, amount in totals.items() if amount > 0}


def split_by_fund(application: Application, amount: Decimal) -> dict[str, Decimal]:
    return {fund: (amount * share).quantize(CENT) for fund, share in fund_shares(application).items()}


def ceilings(call: Call) -> dict[str, Decimal] | None:
    """Each fund's ceiling, or ``None`` when the call names no fund (no ceiling but the budget)."""
    return {f.fund.value: f.ceiling for f in call.funds} or None


def room(call: Call, application: Application, budget_left: Decimal, fund_left: dict[str, Decimal] | None):
    """The most the budget and the funds' ceilings still allow for ``application``, and the
    limit that binds (``"budget"`` or a fund's name)."""
    best, limit = budget_left, "budget"
    if fund_left is not None:
        for fund, share in fund_shares(application).items():
            cap = (fund_left.get(fund, ZERO) / share).quantize(CENT, rounding=ROUND_DOWN)
            if cap < best:
                best, limit = cap, fund
    return max(best, ZERO), limit


def below_threshold(call: Call, application: Application) -> tuple[str, dict] | None:
    """Why the application is below a threshold (a reason code and its parameters), or None."""
    if application.score is None:
        return "not_scored", {}
    points = criterion_points(application)
    for criterion in call.criteria:
        got = points.get(criterion.id)
        if criterion.threshold and (got is None or got < criterion.threshold):
            return "below_criterion", {
                "criterion": criterion.name,
                "points": money(got or ZERO),
                "threshold": money(criterion.threshold),
            }
    if application.score < (call.min_score or ZERO):
        return "below_min_score", {"score": money(application.score), "min_score": money(call.min_score)}
    return None


def order_key(call: Call):
    """Higher score first, then higher points on each criterion in the call's order, then
    the earlier protocol number."""
    ids = [c.id for c in call.criteria]

    def key(application: Application):
        points = criterion_points(application)
        return (-application.score, *(-points.get(i, ZERO) for i in ids), application.protocol_number or 0)

    return key


def _entry(application: Application, outcome: str, reason: str, params: dict, granted=None, rank=None) -> dict:
    return {
        "rank": rank,
        "application": application.id,
        "protocol": application.protocol,
        "title": application.title,
        "organization": {"id": application.organisation_id, "name": application.organisation.name},
        "score": None if application.score is None else money(application.score),
        "scores": {str(k): money(v) for k, v in criterion_points(application).items()},
        "requested": money(application.requested_grant or ZERO),
        "granted": None if granted is None else money(granted),
        "outcome": outcome,
        "reason": reason,
        "params": params,
    }


def rank(call: Call, applications: Iterable[Application]) -> list[dict]:
    """The entries of the call's ranking over ``applications`` (any statuses: only those the
    ranking lists are kept), in the order they are published."""
    listed = sorted((a for a in applications if a.status in LISTED), key=lambda a: a.protocol_number or 0)
    eligible, below, inadmissible = [], [], []
    for application in listed:
        if application.status is ApplicationStatus.INADMISSIBLE:
            params = {"reason": application.admissibility_reason or ""}
            inadmissible.append(_entry(application, "inadmissible", "inadmissible", params))
        elif (why := below_threshold(call, application)) is not None:
            below.append(_entry(application, "below_threshold", *why))
        else:
            eligible.append(application)
    eligible.sort(key=order_key(call))
    budget_left, fund_left = call.budget, ceilings(call)
    entries, stopped = [], False
    for position, application in enumerate(eligible, start=1):
        requested = application.requested_grant or ZERO
        allowed, limit = room(call, application, budget_left, fund_left)
        if stopped or allowed <= 0 or (allowed < requested and not call.partial_last_award):
            reason = "reserve" if stopped or limit == "budget" else "reserve_fund"
            entries.append(_entry(application, "reserve", reason, {"fund": limit}, rank=position))
            stopped = True
            continue
        granted = min(requested, allowed)
        outcome = "funded" if granted == requested else "partly_funded"
        stopped = outcome == "partly_funded"
        budget_left -= granted
        if fund_left is not None:
            for fund, part in split_by_fund(application, granted).items():
                fund_left[fund] = fund_left.get(fund, ZERO) - part
        entries.append(
            _entry(application, outcome, outcome, {"granted": money(granted)}, granted=granted, rank=position)
        )
    return entries + below + inadmissible
