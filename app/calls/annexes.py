"""What staff publish beside a call's rules, while it runs: its documents (PDF forms and
annexes) and its FAQ. They clarify and do not change the rules, so they make no new
version; each write is audited and pushed as ``call:changed`` like any change of the page.
"""

from __future__ import annotations

from flask_babel import gettext as _

from app import audit, realtime
from app.calls.schemas import DocumentInput, FaqInput
from app.errors import InvalidInput, NotFound, PermissionDenied
from app.extensions import db
from app.models.call import Call
from app.models.call_documents import CallDocument, CallFaq
from app.schemas import load
from app.uploads import discard_file, save_pdf, stored_path


def _editable(actor, call: Call) -> None:
    if not call.can_edit(actor):
        raise PermissionDenied()


def _changed(call: Call) -> None:
    topic = f"call:{call.id}"
    realtime.emit_after_commit(
        "call:changed",
        {"topic": topic, "status": call.status.value, "version": call.version},
        realtime.topic_room(topic),
    )


def _commit(call: Call) -> None:
    _changed(call)
    try:
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise


def add_faq(actor, call: Call, data: dict) -> CallFaq:
    """Staff publish a question and its answer on the call's page."""
    _editable(actor, call)
    fields = load(FaqInput, data)
    faq = CallFaq(call=call, created_by_id=actor.id, **fields)
    db.session.add(faq)
    audit.record(actor, "call.faq_add", call, question=fields["question"][:200])
    _commit(call)
    return faq


def _of(model, call: Call, row_id: int):
    """The row ``row_id`` of ``model`` if it belongs to ``call``; else ``NotFound``."""
    row = db.session.get(model, row_id)
    if row is None or row.call_id != call.id:
        raise NotFound()
    return row


def faq_of(call: Call, faq_id: int) -> CallFaq:
    return _of(CallFaq, call, faq_id)


def update_faq(actor, faq: CallFaq, data: dict) -> CallFaq:
    _editable(actor, faq.call)
    fields = load(FaqInput, data)
    faq.question, faq.answer = fields["question"], fields["answer"]
    audit.record(actor, "call.faq_update", faq.call, faq=faq.id)
    _commit(faq.call)
    return faq


def remove_faq(actor, faq: CallFaq) -> None:
    call = faq.call
    _editable(actor, call)
    audit.record(actor, "call.faq_remove", call, faq=faq.id)
    db.session.delete(faq)
    _commit(call)


def add_document(actor, call: Call, data: dict, content: bytes | None, filename: str) -> CallDocument:
    """Staff publish a PDF with the call (sniffed by content, at most 10 MB)."""
    _editable(actor, call)
    fields = load(DocumentInput, data)
    if not content:
        raise InvalidInput({"file": [_("Choose a PDF file.")]})
    stored = save_pdf(content, filename, owner=actor)
    try:
        document = CallDocument(call=call, file=stored, title=fields["title"], created_by_id=actor.id)
        db.session.add(document)
        audit.record(actor, "call.document_add", call, title=fields["title"], sha256=stored.sha256)
        _commit(call)
    except Exception:
        discard_file(stored)
        raise
    return document


def document_of(call: Call, document_id: int) -> CallDocument:
    return _of(CallDocument, call, document_id)


def remove_document(actor, document: CallDocument) -> None:
    call, stored = document.call, document.file
    _editable(actor, call)
    path = stored_path(stored)
    audit.record(actor, "call.document_remove", call, title=document.title)
    db.session.delete(document)
    db.session.delete(stored)
    _commit(call)
    path.unlink(missing_ok=True)  # after the commit: a failed removal keeps its file
