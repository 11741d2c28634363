"""Submitting an application, and withdrawing it: the only writes of those steps.

Submitting is final. The application must meet every eligibility rule of its call
version, the call must be open and not past its closing time (server time), and then, in
one transaction, the call's protocol counter goes up by one (``UPDATE call SET
protocol_seq = protocol_seq + 1 … RETURNING``: the row's write lock serialises concurrent
submissions on PostgreSQL, the database's write lock on SQLite), and the application is
frozen with that number, the time and the call version. Numbers never repeat nor skip: a
transaction that fails rolls its increment back with it.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app import audit, realtime
from app.applications import eligibility
from app.calls.services import _save
from app.errors import Conflict, InvalidInput, PermissionDenied
from app.extensions import db
from app.models import Application, ApplicationStatus, Call
from app.models.base import utcnow
from app.times import now_local

#: Statuses that count as submitted on the call's page (``applications_submitted``).
COUNTED = tuple(s for s in ApplicationStatus if s not in (ApplicationStatus.DRAFT, ApplicationStatus.WITHDRAWN))


class Ineligible(InvalidInput, code="ineligible", message=_l("The application does not meet the rules of the call.")):
    """422 with ``problems: [{rule, field, message}]`` (and the same as ``fields``)."""

    def __init__(self, problems: list[dict]):
        fields: dict[str, list[str]] = {}
        for problem in problems:
            fields.setdefault(problem["field"], []).append(problem["message"])
        super().__init__(fields)
        self.extra["problems"] = problems
        self.problems = problems


def eligibility_report(actor, application: Application) -> dict:
    """``{eligible, problems}`` for whoever may read the application."""
    if not application.can_view(actor):
        raise PermissionDenied()
    problems = eligibility.check(application)
    return {"eligible": not problems, "problems": problems}


def _topic(call: Call) -> str:
    return f"call:{call.id}"


def submitted_count(call: Call) -> int:
    return db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Application)
        .where(Application.call_id == call.id, Application.status.in_(COUNTED))
    )


def _next_protocol(call_id: int) -> int:
    """The call's next protocol number, taken in the caller's transaction (locks the row)."""
    return db.session.execute(
        sa.update(Call)
        .where(Call.id == call_id)
        .values(protocol_seq=Call.protocol_seq + 1)
        .returning(Call.protocol_seq)
        .execution_options(synchronize_session=False)
    ).scalar_one()


def _freeze(application: Application, number: int, revision: int) -> bool:
    """Submitted with ``number``, only if still the draft that was checked: a concurrent
    submit of the same application, or a save made since the check, changes no row."""
    now = utcnow()
    done = db.session.execute(
        sa.update(Application)
        .where(
            Application.id == application.id,
            Application.status == ApplicationStatus.DRAFT,
            Application.revision == revision,  # as checked: no save slipped in since
        )
        .values(
            status=ApplicationStatus.SUBMITTED,
            protocol_number=number,
            protocol=f"{number}/{now_local().year}",
            submitted_at=now,
            call_version=application.call.version,
            revision=Application.revision + 1,
            updated_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    return done.rowcount == 1


#: ``fn(actor, application)`` run after a submission is committed (a rolling call decides
#: its queue: ``app.rankings`` registers it).
SUBMITTED: list = []


def submit_application(actor, application: Application) -> Application:
    """The applying organisation's owners submit a draft that meets every rule."""
    if not application.organisation.can_act_for(actor):
        raise PermissionDenied()
    if not application.is_draft:
        raise Conflict(_("This application has already been submitted."))
    call = application.call
    if not application.call_takes_applications:
        raise Conflict(_("The call is not open for applications."))
    revision = application.revision  # the draft as it is checked
    problems = eligibility.check(application)
    if problems:
        raise Ineligible(problems)
    application_id, call_id = application.id, call.id
    try:
        number = _next_protocol(call_id)  # the first write: from here the lock is held
        if not _freeze(application, number, revision):
            raise Conflict(_("This application was submitted or changed meanwhile: check it again."))
        db.session.expire(application)
        audit.record(actor, "application.submit", application, city=call.city_id, protocol=application.protocol)
        realtime.push_counter(_topic(call), "applications_submitted", submitted_count(call))
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    submitted = db.session.get(Application, application_id)
    for hook in SUBMITTED:
        hook(actor, submitted)
    return submitted


def withdraw_application(actor, application: Application) -> Application:
    """The owners withdraw a submitted application before the deadline; its protocol
    number stays taken (numbers never repeat)."""
    if not application.organisation.can_act_for(actor):
        raise PermissionDenied()
    if application.status is not ApplicationStatus.SUBMITTED:
        raise Conflict(_("Only a submitted application can be withdrawn."))
    if not application.call_takes_applications:
        raise Conflict(_("The deadline has passed: the application can no longer be withdrawn."))

    def write():
        application.status = ApplicationStatus.WITHDRAWN
        application.withdrawn_at = utcnow()
        audit.record(
            actor, "application.withdraw", application, city=application.call.city_id, protocol=application.protocol
        )
        realtime.push_counter(_topic(application.call), "applications_submitted", submitted_count(application.call))
        return application

    return _save(write)
