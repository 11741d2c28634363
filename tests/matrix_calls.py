"""Samples for the calls routes in the permission matrix: an open call of the city, made by
its staff, with one consultation comment."""

from app.extensions import db
from app.models import CallComment, CallDocument, CallFaq, CallStatus, CommentSection, StoredFile
from tests.factories.calls import create_call
from tests.matrix import SAMPLES, WORLD_BUILDERS, allow


def _build(world):
    call = create_call(world["city"], world["staff"], title="Avviso per nuovi servizi nei quartieri")
    call.status = CallStatus.CONSULTATION
    call.version = 1
    comment = CallComment(
        call=call, author_id=world["resident"].id, section=CommentSection.TEXT, body="Una domanda sul testo.", version=1
    )
    faq = CallFaq(call=call, question="Chi può partecipare?", answer="Gli enti del Terzo settore.")
    stored = StoredFile(
        path="documents/xx/missing.pdf", name="modulo.pdf", content_type="application/pdf", size=1, sha256="0"
    )
    document = CallDocument(call=call, file=stored, title="Modulo di domanda")
    db.session.add_all([comment, faq, document])
    db.session.commit()
    world["call"], world["call_comment"] = call, comment
    world["faq"], world["document"] = faq, document


WORLD_BUILDERS.append(_build)
SAMPLES["call_id"] = lambda w: w["call"].id
SAMPLES["call_comment_id"] = lambda w: w["call_comment"].id
SAMPLES["number"] = lambda w: 1
SAMPLES["faq_id"] = lambda w: w["faq"].id
SAMPLES["document_id"] = lambda w: w["document"].id

for endpoint, methods in (
    ("api_calls.change_call", ("PATCH",)),
    ("api_calls.transition", ("POST",)),
    ("api_calls.reply", ("POST",)),
    ("calls.reply", ("POST",)),
    ("calls.transition", ("POST",)),
    ("calls.edit", ("GET", "POST")),
    ("calls.add_faq", ("POST",)),
    ("calls.remove_faq", ("POST",)),
    ("calls.add_document", ("POST",)),
    ("calls.remove_document", ("POST",)),
    ("api_call_annexes.add_faq", ("POST",)),
    ("api_call_annexes.remove_faq", ("DELETE",)),
    ("api_call_annexes.add_document", ("POST",)),
    ("api_call_annexes.remove_document", ("DELETE",)),
):
    allow(endpoint, "staff", "admin", methods=methods)
