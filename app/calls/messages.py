"""Texts of the notifications calls send (``app.notifications.messages``), in the reader's
language; ``%(title)s`` is the call's title."""

from flask_babel import lazy_gettext as _l

from app.notifications.messages import MESSAGES

MESSAGES.update(
    {
        "call.interest_admitted": _l("%(organisation)s is admitted to the co-design tables of the call “%(title)s”."),
        "call.interest_refused": _l(
            "The expression of interest of %(organisation)s in the call “%(title)s” is not admitted: read why."
        ),
        "call.answer_shortlisted": _l("Your idea “%(idea)s” is shortlisted by the call for ideas “%(title)s”."),
    }
)
