"""Samples for the calls routes in the permission matrix: an open call of the city, made by
its staff, with one consultation comment."""

from app.extensions import db
from app.models import (
    CallAnswer,
    CallComment,
    CallDocument,
    CallFaq,
    CallInterest,
    CallStatus,
    CommentSection,
    StoredFile,
)
from tests import factories
from tests.factories.calls import create_call
from tests.factories.ideas import create_idea
from tests.factories.organisations import create_organisation
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


def _build_participation(world):
    """An expression of interest and an answer on the sample call (its kind and status do
    not matter to who gets in: staff of the city decide, everyone else is refused)."""
    owner = factories.create_user(city=world["city"], name="Presidente APS")  # not a role of the matrix
    organisation = create_organisation(world["city"], owner, name="APS Matrice")
    idea = create_idea(world["city"], world["resident"], title="Idea per la matrice")
    call = world["call"]
    interest = CallInterest(
        call=call, organisation=organisation, runts_number="R1", statement="Dichiarazione.", contact="Contatto"
    )
    answer = CallAnswer(call=call, idea=idea, author_id=world["resident"].id, note="Nota.")
    db.session.add_all([interest, answer])
    db.session.commit()
    world["call_interest"], world["call_answer"] = interest, answer


WORLD_BUILDERS.append(_build)
WORLD_BUILDERS.append(_build_participation)
SAMPLES["call_id"] = lambda w: w["call"].id
SAMPLES["interest_id"] = lambda w: w["call_interest"].id
SAMPLES["answer_id"] = lambda w: w["call_answer"].id
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
    ("calls.decide_interest", ("POST",)),
    ("calls.schedule_table", ("POST",)),
    ("calls.shortlist_answer", ("POST",)),
    ("api_call_participation.decide_interest", ("POST",)),
    ("api_call_participation.shortlist", ("POST",)),
):
    allow(endpoint, "staff", "admin", methods=methods)
