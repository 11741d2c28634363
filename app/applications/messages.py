"""Texts of the notifications applications send, in the reader's language."""

from flask_babel import lazy_gettext as _l

from app.notifications.messages import MESSAGES

MESSAGES.update(
    {
        "application.partner_invited": _l(
            "%(organisation)s invites your organisation as a partner of the application “%(title)s”: answer it."
        ),
        "application.partner_accepted": _l("%(organisation)s accepted to be a partner of “%(title)s”."),
        "application.partner_declined": _l("%(organisation)s declined to be a partner of “%(title)s”."),
    }
)
