"""Admissibility and requests to complete (soccorso istruttorio): the only writes of those
steps. Staff of the call's city decide while the call is in ``evaluation`` (competitive) or
``open`` (rolling); an inadmissible application needs a reason; the applicant is notified;
every step is audited. Before declaring an application inadmissible for something missing,
staff may ask for it by a date; the applicant answers once, in the platform, adding only
the attachments that were asked for; an answer after the due time is refused.
"""

from __future__ import annotations

import re

from flask_babel import gettext as _

from app import audit
from app.applications.submit_schemas import AdmissibilityInput, ClarificationAnswerInput, ClarificationInput
from app.calls.services import _save
from app.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from app.extensions import db
from app.ideas import links
from app.models import Application, ApplicationAttachment, ApplicationStatus, CallKind, CallStatus
from app.models.base import utcnow
from app.models.call_documents import CallAttachment
from app.models.clarification import ClarificationRequest
from app.notifications.services import notify, notify_many
from app.organisations.services import owner_ids
from app.schemas import load
from app.uploads import discard_file, save_pdf

#: A field a request may name: ``summary``, ``budget_lines.2.fund``, ``attachments.7``, …
FIELD_NAME = re.compile(r"^[a-z_]{2,40}(\.[A-Za-z0-9_+]{1,40}){0,2}$")


def in_decision_phase(application: Application) -> bool:
    """Competitive calls decide in ``evaluation``, rolling calls while ``open``."""
    call = application.call
    if call.kind is CallKind.ROLLING:
        return call.status is CallStatus.OPEN
    return call.status is CallStatus.EVALUATION


def _decidable(actor, application: Application) -> None:
    if not application.can_decide(actor):
        raise PermissionDenied()
    if application.status is not ApplicationStatus.SUBMITTED:
        raise Conflict(_("Admissibility has already been decided for this application."))
    if not in_decision_phase(application):
        raise Conflict(_("Admissibility is decided while the call is in evaluation (open, for a rolling call)."))


def pending_request(application: Application) -> ClarificationRequest | None:
    """An unanswered request still within its time."""
    return db.session.scalars(
        db.select(ClarificationRequest).where(
            ClarificationRequest.application_id == application.id,
            ClarificationRequest.answered_at.is_(None),
            ClarificationRequest.due_at > utcnow(),
        )
    ).first()


def _link(application: Application) -> str:
    return links.path_for("applications.submit_page", application_id=application.id)


#: ``fn(actor, application)`` run after an admissibility decision is committed.
DECIDED: list = []


def decide_admissibility(actor, application: Application, data: dict) -> Application:
    """``{admissible, reason?}``: inadmissible needs a reason, and no request still open."""
    _decidable(actor, application)
    fields = load(AdmissibilityInput, data)
    if not fields["admissible"] and not fields["reason"]:
        raise InvalidInput({"reason": [_("Give the reason why the application is not admissible.")]})
    if not fields["admissible"] and pending_request(application) is not None:
        raise Conflict(_("A request to complete the application is still waiting for its answer."))

    def write():
        admissible = fields["admissible"]
        application.status = ApplicationStatus.ADMISSIBLE if admissible else ApplicationStatus.INADMISSIBLE
        application.admissibility_reason = fields["reason"]
        application.admissibility_at = utcnow()
        audit.record(
            actor,
            "application.admissible" if admissible else "application.inadmissible",
            application,
            city=application.call.city_id,
            protocol=application.protocol,
            reason=fields["reason"],
        )
        kind = "application.admissible" if admissible else "application.inadmissible"
        notify_many(
            owner_ids(application.organisation),
            kind,
            _link(application),
            title=application.title,
            protocol=application.protocol,
        )
        return application

    decided = _save(write)
    for hook in DECIDED:
        hook(actor, decided)
    return decided


def _field_names(names: list[str]) -> list[str]:
    bad = [n for n in names if not FIELD_NAME.match(n)]
    if bad or not 1 <= len(names) <= 30:
        raise InvalidInput({"fields": [_("Name between 1 and 30 fields of the application.")]})
    return list(dict.fromkeys(names))


def request_clarification(actor, application: Application, data: dict) -> ClarificationRequest:
    """``{request, fields: [...], due_at}``: ask the applicant to complete or clarify."""
    _decidable(actor, application)
    fields = load(ClarificationInput, data)
    names = _field_names(fields["fields"])
    if fields["due_at"] <= utcnow():
        raise InvalidInput({"due_at": [_("The due date must be in the future.")]})

    def write():
        request = ClarificationRequest(
            application=application,
            request=fields["request"],
            fields=names,
            due_at=fields["due_at"],
            requested_by_id=actor.id,
        )
        db.session.add(request)
        audit.record(
            actor,
            "application.clarification_request",
            application,
            city=application.call.city_id,
            fields=names,
            due_at=fields["due_at"].isoformat(),
        )
        notify_many(
            owner_ids(application.organisation),
            "application.clarification",
            _link(application),
            title=application.title,
            due=fields["due_at"].isoformat(),
        )
        return request

    return _save(write)


def clarification_of(clarification_id: int, user) -> ClarificationRequest:
    found = db.session.get(ClarificationRequest, clarification_id)
    if found is None or not found.can_view(user):
        raise NotFound()
    return found


def requests_of(application: Application) -> list[ClarificationRequest]:
    return list(
        db.session.scalars(
            db.select(ClarificationRequest)
            .where(ClarificationRequest.application_id == application.id)
            .order_by(ClarificationRequest.id)
        )
    )


def _asked_files(request: ClarificationRequest, files: dict[int, tuple[bytes, str]]) -> dict[int, CallAttachment]:
    """The requirements the answer attaches to: only those the request named."""
    asked = set(request.requirement_ids())
    extra = [rid for rid in files if rid not in asked]
    if extra:
        raise InvalidInput({f"attachments.{rid}": [_("This document was not asked for.")] for rid in extra})
    out = {}
    for rid in files:
        requirement = db.session.get(CallAttachment, rid)
        if requirement is None or requirement.call_id != request.application.call_id:
            raise InvalidInput({f"attachments.{rid}": [_("This document was not asked for.")]})
        out[rid] = requirement
    return out


def answer_clarification(actor, request: ClarificationRequest, data: dict, files=None) -> ClarificationRequest:
    """``{answer}`` and, for each asked requirement id, ``files[id] = (bytes, filename)``."""
    application = request.application
    if not application.is_applicant(actor):
        raise PermissionDenied()
    if request.is_answered:
        raise Conflict(_("This request has already been answered."))
    if application.status is ApplicationStatus.WITHDRAWN:
        raise Conflict(_("The application has been withdrawn."))
    if utcnow() > request.due_at:
        raise Conflict(_("The time to answer this request is over."))
    fields = load(ClarificationAnswerInput, data)
    requirements = _asked_files(request, files or {})
    stored = []
    try:
        for rid, requirement in requirements.items():
            content, name = files[rid]
            stored.append(save_pdf(content, name, owner=actor, field=f"attachments.{rid}"))
            db.session.add(
                ApplicationAttachment(
                    application=application,
                    requirement_id=rid,
                    file=stored[-1],
                    title=requirement.name,
                    created_by_id=actor.id,
                )
            )
        db.session.flush()
        request.answer = fields["answer"]
        request.answered_at = utcnow()
        request.answered_by_id = actor.id
        request.attachment_ids = [a.id for a in application.attachments if a.file in stored]
        audit.record(
            actor,
            "application.clarification_answer",
            application,
            city=application.call.city_id,
            request=request.id,
            files=[s.sha256 for s in stored],
        )
        if request.requested_by_id:
            notify(request.requested_by_id, "application.clarified", _link(application), title=application.title)
        db.session.commit()
    except Exception:
        db.session.rollback()
        for item in stored:
            discard_file(item)
        raise
    return request
