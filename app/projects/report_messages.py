"""Texts of the notifications about a project's reports (``app.notifications.messages``)."""

from flask_babel import lazy_gettext as _l

from app.notifications.messages import FORMATTERS, MESSAGES

MESSAGES.update(
    {
        "project.report_approved": _l("Your report “%(report)s” on “%(title)s” is approved."),
        "project.report_sent_back": _l(
            "Your report “%(report)s” on “%(title)s” is sent back: %(reason)s. File a corrected report."
        ),
        "project.report_due": _l("A report on “%(title)s” is due by %(due)s (%(milestone)s)."),
    }
)


def _due(params: dict) -> dict:
    from datetime import date

    from flask_babel import format_date

    try:
        due = format_date(date.fromisoformat(params.get("due", "")), "long")
    except (TypeError, ValueError):
        due = params.get("due", "")
    return {**params, "due": due}


FORMATTERS["project.report_due"] = _due
