"""Texts of the notifications of submission's staff steps (``app.notifications.messages``)."""

from flask_babel import lazy_gettext as _l

from app.notifications.messages import MESSAGES

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
