"""Samples for the calls routes in the permission matrix: an open call of the city, made by
its staff, with one consultation comment."""

from app.extensions import db
from app.models import CallComment, CallStatus, CommentSection
from tests.factories.calls import create_call
from tests.matrix import SAMPLES, WORLD_BUILDERS, allow


def _build(world):
    call = create_call(world["city"], world["staff"], title="Avviso per nuovi servizi nei quartieri")
    call.status = CallStatus.CONSULTATION
    call.version = 1
    comment = CallComment(
        call=call, author_id=world["resident"].id, section=CommentSection.TEXT, body="Una domanda sul testo.", version=1
    )
    db.session.add(comment)
    db.session.commit()
    world["call"], world["call_comment"] = call, comment


WORLD_BUILDERS.append(_build)
SAMPLES["call_id"] = lambda w: w["call"].id
SAMPLES["call_comment_id"] = lambda w: w["call_comment"].id
SAMPLES["number"] = lambda w: 1

for endpoint, methods in (
    ("api_calls.change_call", ("PATCH",)),
    ("api_calls.transition", ("POST",)),
    ("api_calls.reply", ("POST",)),
    ("calls.reply", ("POST",)),
    ("calls.transition", ("POST",)),
    ("calls.edit", ("GET", "POST")),
):
    allow(endpoint, "staff", "admin", methods=methods)
