"""Texts of the notifications calls send (``app.notifications.messages``), in the reader's
language: an idea one follows goes into a call, the call takes a public step or publishes a
new version, an expression of interest is decided, an answer is shortlisted. ``%(status)s``
is stored as its code and read out in the reader's language."""

from flask_babel import lazy_gettext as _l

from app.calls.labels import STATUSES
from app.models.call import CallStatus
from app.notifications.messages import FORMATTERS, MESSAGES

MESSAGES.update(
    {
        "call.idea_in_call": _l("The idea “%(idea)s” is now part of the funding call “%(call)s”"),
        "call.idea_in_draft": _l("The city is preparing a funding call from the idea “%(idea)s”"),
        "call.step": _l("The funding call “%(call)s”, born from ideas you follow, is now: %(status)s"),
        "call.version": _l("The funding call “%(call)s” has a new version (%(version)s): %(reason)s"),
        "call.version_draft": _l(
            "The call “%(call)s” you are applying to has a new version (%(version)s): %(reason)s. Check your draft."
        ),
        "call.interest_admitted": _l("%(organisation)s is admitted to the co-design tables of the call “%(title)s”."),
        "call.interest_refused": _l(
            "The expression of interest of %(organisation)s in the call “%(title)s” is not admitted: read why."
        ),
        "call.agreement_to_sign": _l("The agreement of the call “%(title)s” is ready: sign it for your organisation."),
        "call.agreement_signed": _l("The agreement of the call “%(title)s” is signed by every partner and the city."),
        "call.answer_shortlisted": _l("Your idea “%(idea)s” is shortlisted by the call for ideas “%(title)s”."),
    }
)


def _status(params: dict) -> dict:
    try:
        return {**params, "status": str(STATUSES[CallStatus(params.get("status"))])}
    except ValueError:
        return params


FORMATTERS["call.step"] = _status
