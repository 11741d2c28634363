"""Texts of the notifications participation sends (``app.notifications.messages``), in the
reader's language; ``%(title)s`` is the need's or idea's title."""

from flask_babel import lazy_gettext as _l

from app.needs.labels import status_label
from app.notifications import messages as _notifications

MESSAGES = _notifications.MESSAGES

MESSAGES.update(
    {
        "comment.reply": _l("%(name)s replied to your comment on “%(title)s”."),
        "need.comment": _l("%(name)s commented on your need “%(title)s”."),
        "idea.comment": _l("%(name)s commented on your idea “%(title)s”."),
        "need.answer": _l("City staff answered the need “%(title)s”."),
        "need.status": _l("The need “%(title)s” is now: %(status)s."),
        "moderation.need_held": _l(
            "Your need “%(title)s” is hidden after several reports, until city staff review it."
        ),
        "moderation.idea_held": _l(
            "Your idea “%(title)s” is hidden after several reports, until city staff review it."
        ),
        "moderation.comment_held": _l(
            "Your comment on “%(title)s” is hidden after several reports, until city staff review it."
        ),
        "moderation.need_hidden": _l("City staff hid your need “%(title)s”: %(reason)s"),
        "moderation.idea_hidden": _l("City staff hid your idea “%(title)s”: %(reason)s"),
        "moderation.comment_hidden": _l("City staff hid your comment on “%(title)s”: %(reason)s"),
        "moderation.need_restored": _l("Your need “%(title)s” is visible again."),
        "moderation.idea_restored": _l("Your idea “%(title)s” is visible again."),
        "moderation.comment_restored": _l("Your comment on “%(title)s” is visible again."),
    }
)


def _need_status(params: dict) -> dict:
    """The status code stored with a ``need.status`` notification, in the reader's language."""
    return {**params, "status": status_label(params.get("status", ""))}


# Formatters translate params at render time (where the notifications feature offers them).
if hasattr(_notifications, "FORMATTERS"):
    _notifications.FORMATTERS["need.status"] = _need_status
