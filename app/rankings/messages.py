"""Texts of the notifications the rankings send (``app.notifications.messages``)."""

from flask_babel import lazy_gettext as _l

from app.notifications.messages import MESSAGES

MESSAGES.update(
    {
        "ranking.funded_need": _l("“%(title)s”, a project born from needs you raised or supported, is funded by the call “%(call)s”."),
        "ranking.review_answered": _l("The city answered your review request for “%(title)s”: read the answer."),
    }
)
