"""Texts of the notifications evaluations send (``app.notifications.messages``)."""

from flask_babel import lazy_gettext as _l

from app.notifications.messages import MESSAGES

MESSAGES.update(
    {
        "evaluation.assigned": _l(
            "You are asked to evaluate the application “%(title)s” (%(protocol)s): "
            "first declare any conflict of interest."
        ),
        "evaluation.conflict": _l(
            "%(evaluator)s declared a conflict of interest on the application “%(title)s”: assign another evaluator."
        ),
    }
)
