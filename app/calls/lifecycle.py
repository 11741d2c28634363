"""The lifecycle of each kind of call (``shared/SPEC.md`` §3.8): which step may follow
which, and the guard of each step. Pure functions over the call; the service writes."""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _

from app.errors import Conflict, InvalidInput
from app.models.call import Call, CallKind, CallStatus

S = CallStatus

#: Common to every kind: consultation is optional (draft → open is legal).
_PUBLISH = {S.DRAFT: {S.CONSULTATION, S.OPEN}, S.CONSULTATION: {S.OPEN}}

STEPS: dict[CallKind, dict[CallStatus, set[CallStatus]]] = {
    CallKind.COMPETITIVE: {
        **_PUBLISH,
        S.OPEN: {S.CLOSED},
        S.CLOSED: {S.EVALUATION},
        S.EVALUATION: {S.RANKING_PUBLISHED},
        S.RANKING_PUBLISHED: {S.AWARDED},
    },
    CallKind.ROLLING: {**_PUBLISH, S.OPEN: {S.CLOSED, S.EXHAUSTED}},
    CallKind.CODESIGN: {**_PUBLISH, S.OPEN: {S.ADMISSION}, S.ADMISSION: {S.CODESIGN}, S.CODESIGN: {S.AGREEMENT}},
    CallKind.IDEAS: {**_PUBLISH, S.OPEN: {S.CLOSED}, S.CLOSED: {S.SHORTLISTED}},
}

#: States in which staff may still change the rules (with a reason once published).
EDITABLE = {S.DRAFT, S.CONSULTATION, S.OPEN}


def next_steps(call: Call) -> list[CallStatus]:
    return sorted(STEPS[call.kind].get(call.status, set()), key=lambda s: list(S).index(s))


def check(call: Call, to: str, reason: str, now: datetime) -> CallStatus:
    """The status ``to`` names, if the call may step there now; else ``Conflict`` (an
    illegal step) or ``InvalidInput`` (a legal step whose guard is not met)."""
    try:
        target = S(to)
    except ValueError:
        raise InvalidInput({"to": [_("Unknown step.")]}) from None
    if target not in STEPS[call.kind].get(call.status, set()):
        raise Conflict(
            _("A call that is %(status)s cannot go to %(to)s.", status=call.status.value, to=target.value),
            allowed=[s.value for s in next_steps(call)],
        )
    if target is S.OPEN and call.kind in (CallKind.COMPETITIVE, CallKind.ROLLING) and not call.criteria:
        raise InvalidInput({"criteria": [_("Give the evaluation criteria before opening the call.")]})
    if target is S.CLOSED and call.closes_at is not None and now < call.closes_at and not reason:
        raise InvalidInput({"reason": [_("The call closes before its closing date: say why.")]})
    return target
