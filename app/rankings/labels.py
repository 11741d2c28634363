"""Words of the rankings in the reader's language: outcomes, causes of an edition, and the
reason of each outcome (an entry keeps a code and its parameters, read out here)."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.i18n import euro
from app.models.ranking import EditionCause, ReviewStatus

OUTCOMES = {
    "funded": _l("Funded"),
    "partly_funded": _l("Partly funded"),
    "reserve": _l("Reserve"),
    "below_threshold": _l("Below threshold"),
    "inadmissible": _l("Inadmissible"),
}

CAUSES = {
    EditionCause.PUBLICATION: _l("Publication of the ranking"),
    EditionCause.RENOUNCE: _l("Renounce of a funded applicant: the money goes to the next reserve"),
    EditionCause.REVOCATION: _l("Revocation of a grant: the money goes to the next reserve"),
    EditionCause.REVIEW: _l("Review request upheld: a score changed"),
}

#: A rolling call's queue: what became of a decided application.
QUEUE_STATUSES = {
    "funded": _l("funded"),
    "partly_funded": _l("partly funded"),
    "reserve": _l("reserve"),
    "not_funded": _l("not funded"),
    "inadmissible": _l("inadmissible"),
    "renounced": _l("renounced"),
    "revoked": _l("revoked"),
}

REVIEW_STATUSES = {
    ReviewStatus.PENDING: _l("Waiting for an answer"),
    ReviewStatus.UPHELD: _l("Upheld: the score changed"),
    ReviewStatus.REJECTED: _l("Answered: the score stays"),
}


def reason(entry: dict) -> str:
    """Why the entry has its outcome, in the reader's language."""
    code, params = entry.get("reason"), entry.get("params") or {}
    if code == "funded":
        return _("Funded in full: within the budget and the funds' ceilings.")
    if code == "partly_funded":
        return _("Partly funded: the budget left covers %(granted)s.", granted=euro(params.get("granted", 0)))
    if code == "reserve":
        return _("Reserve: the budget is used by the applications ranked above.")
    if code == "reserve_fund":
        return _("Reserve: the ceiling of the %(fund)s fund is used.", fund=params.get("fund", ""))
    if code == "below_criterion":
        return _(
            "Below the threshold of the criterion “%(criterion)s”: %(points)s points of at least %(threshold)s.",
            criterion=params.get("criterion", ""),
            points=params.get("points"),
            threshold=params.get("threshold"),
        )
    if code == "below_min_score":
        return _(
            "Below the minimum total: %(score)s points of at least %(min)s.",
            score=params.get("score"),
            min=params.get("min_score"),
        )
    if code == "not_scored":
        return _("Not evaluated yet.")
    if params.get("reason"):
        return _("Inadmissible: %(reason)s", reason=params["reason"])
    return _("Inadmissible.")
