"""Texts of the notifications the rankings send (``app.notifications.messages``)."""

from flask_babel import lazy_gettext as _l

from app.notifications.messages import FORMATTERS, MESSAGES
from app.rankings.labels import QUEUE_STATUSES

MESSAGES.update(
    {
        "ranking.funded_need": _l(
            "“%(title)s”, a project born from needs you raised or supported, is funded by the call “%(call)s”."
        ),
        "ranking.outcome": _l("Your application “%(title)s” is now: %(status)s."),
        "ranking.review_answered": _l("The city answered your review request for “%(title)s”: read the answer."),
    }
)


def _status(params: dict) -> dict:
    return {**params, "status": str(QUEUE_STATUSES.get(params.get("status"), params.get("status", "")))}


FORMATTERS["ranking.outcome"] = _status
