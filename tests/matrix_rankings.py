"""Samples for the rankings routes in the permission matrix: a competitive call of the city
with a published ranking, a funded application (its owner is not a role of the matrix) and a
pending review request."""

from app.extensions import db
from app.models import ApplicationStatus, CallStatus, RankingEdition, ReviewRequest
from tests.factories.rankings import call_in_evaluation, scored
from tests.matrix import SAMPLES, WORLD_BUILDERS, allow


def _build(world):
    call = call_in_evaluation(world["city"], world["staff"], title="Avviso con graduatoria per la matrice")
    application = scored(call, (30, 20, 20), title="Domanda finanziata")
    application.status, application.granted = ApplicationStatus.FUNDED, application.requested_grant
    call.status = CallStatus.RANKING_PUBLISHED
    edition = RankingEdition(call=call, number=1, entries=[])
    review = ReviewRequest(application=application, edition=edition, reasons="Chiediamo il riesame del punteggio.")
    db.session.add_all([edition, review])
    db.session.commit()
    world["ranked_application"], world["review"] = application, review


WORLD_BUILDERS.append(_build)
SAMPLES["ranked_application_id"] = lambda w: w["ranked_application"].id
SAMPLES["review_id"] = lambda w: w["review"].id

for endpoint, methods in (
    ("rankings.publish", ("POST",)),
    ("rankings.award", ("POST",)),
    ("rankings.revoke", ("POST",)),
    ("rankings.answer_review", ("POST",)),
    ("api_rankings.revoke", ("POST",)),
    ("api_rankings.answer_review", ("POST",)),
):
    allow(endpoint, "staff", "admin", methods=methods)

# Only who acts for the applying organisation (not a role of the matrix) renounces or asks a review.
for endpoint in (
    "rankings.renounce",
    "rankings.request_review",
    "api_rankings.renounce",
    "api_rankings.request_review",
):
    allow(endpoint, methods=("POST",))
