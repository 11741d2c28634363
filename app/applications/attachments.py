"""The PDFs of an application draft: the applicants upload them (checked by their bytes,
at most 10 MB, stored outside the web root) answering one of the call's required
attachments or as an optional annex, and remove them while it is a draft."""

from __future__ import annotations

from flask_babel import gettext as _

from app import audit
from app.applications.queries import part_of
from app.applications.schemas import ApplicationFileInput
from app.errors import Conflict, InvalidInput, PermissionDenied
from app.extensions import db
from app.models.application import Application, ApplicationAttachment
from app.schemas import load
from app.uploads import discard_file, save_pdf, stored_path


def _editable(actor, application: Application) -> None:
    if not application.is_applicant(actor):
        raise PermissionDenied()
    if not application.is_draft:
        raise Conflict(_("The application is submitted: it can no longer be changed."))


def add_attachment(actor, application: Application, data: dict, content: bytes | None, filename: str):
    """Attach a PDF (``{title, requirement?}``); each save bumps the draft's revision."""
    _editable(actor, application)
    fields = load(ApplicationFileInput, data)
    requirement = None
    if fields["requirement"] is not None:
        requirement = next((r for r in application.call.attachments if r.id == fields["requirement"]), None)
        if requirement is None:
            raise InvalidInput({"requirement": [_("Choose one of the call's required attachments.")]})
    if not content:
        raise InvalidInput({"file": [_("Choose a PDF file.")]})
    stored = save_pdf(content, filename, owner=actor)
    try:
        attachment = ApplicationAttachment(
            application=application,
            requirement=requirement,
            file=stored,
            title=fields["title"],
            created_by_id=actor.id,
        )
        db.session.add(attachment)
        application.revision += 1
        audit.record(
            actor,
            "application.attachment_add",
            application,
            city=application.call.city_id,
            title=fields["title"],
            sha256=stored.sha256,
        )
        db.session.commit()
    except Exception:
        db.session.rollback()
        discard_file(stored)
        raise
    return attachment


def attachment_of(application: Application, attachment_id: int) -> ApplicationAttachment:
    return part_of(application, ApplicationAttachment, attachment_id)


def remove_attachment(actor, attachment: ApplicationAttachment) -> None:
    application, stored = attachment.application, attachment.file
    _editable(actor, application)
    path = stored_path(stored)
    try:
        audit.record(
            actor, "application.attachment_remove", application, city=application.call.city_id, title=attachment.title
        )
        db.session.delete(attachment)
        db.session.delete(stored)
        application.revision += 1
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    path.unlink(missing_ok=True)  # after the commit: a failed removal keeps its file
