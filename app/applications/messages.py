"""Texts of the notifications applications send (``app.notifications.messages``), in the
reader's language: partners invited and answering, admissibility, requests to complete."""

from datetime import datetime

from flask_babel import format_datetime
from flask_babel import lazy_gettext as _l

from app.notifications.messages import FORMATTERS, MESSAGES

MESSAGES.update(
    {
        "application.partner_invited": _l(
            "%(organisation)s invites your organisation as a partner of the application “%(title)s”: answer it."
        ),
        "application.partner_accepted": _l("%(organisation)s accepted to be a partner of “%(title)s”."),
        "application.partner_declined": _l("%(organisation)s declined to be a partner of “%(title)s”."),
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
