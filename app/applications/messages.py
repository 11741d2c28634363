"""Texts of the notifications of submission's staff steps (``app.notifications.messages``)."""

from datetime import datetime

from flask_babel import format_datetime
from flask_babel import lazy_gettext as _l

from app.notifications.messages import FORMATTERS, MESSAGES

MESSAGES.update(
    {
        "application.admissible": _l("The application “%(title)s” (protocol %(protocol)s) is admissible."),
        "application.inadmissible": _l(
            "The application “%(title)s” (protocol %(protocol)s) is not admissible: read the reason."
        ),
        "application.clarification": _l(
            "The city asks you to complete or clarify the application “%(title)s” by %(due)s."
        ),
        "application.clarified": _l("The applicant answered your request on the application “%(title)s”."),
    }
)


def _due(params: dict) -> dict:
    """``due`` is stored as an ISO moment and read out in the reader's language and zone."""
    try:
        return {**params, "due": format_datetime(datetime.fromisoformat(params["due"]), "short")}
    except (KeyError, TypeError, ValueError):
        return params


FORMATTERS["application.clarification"] = _due
