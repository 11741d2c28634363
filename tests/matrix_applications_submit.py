"""Samples for submission's routes in the permission matrix: a submitted application to the
sample call, of an organisation whose owner is none of the matrix's roles, with one request
to complete, on its own open call. Staff of the city (and admins) read and decide; the applicants, who are not
a role of the matrix, are the only ones who submit, withdraw and answer."""

from datetime import timedelta

from app.extensions import db
from app.models import ApplicationStatus, CallStatus, ClarificationRequest, LegalForm
from app.models.base import utcnow
from tests import factories
from tests.factories.applications import create_application
from tests.factories.calls import create_call
from tests.factories.organisations import create_organisation
from tests.matrix import ENDPOINT_SAMPLES, SAMPLES, WORLD_BUILDERS, allow


def _build(world):
    owner = factories.create_user(city=world["city"], name="Legale rappresentante APS")
    organisation = create_organisation(
        world["city"], owner, name="APS Domanda", legal_form=LegalForm.APS, verified=True
    )
    call = create_call(world["city"], world["staff"], title="Avviso con domande presentate")
    call.status, call.version = CallStatus.OPEN, 1
    application = create_application(call, organisation, owner=owner, status=ApplicationStatus.SUBMITTED)
    request = ClarificationRequest(
        application=application, request="Allegate lo statuto.", fields=["summary"], due_at=utcnow() + timedelta(days=3)
    )
    db.session.add(request)
    db.session.commit()
    world["submitted_application"], world["clarification"] = application, request


WORLD_BUILDERS.append(_build)
SAMPLES["clarification_id"] = lambda w: w["clarification"].id

STAFF = ("staff", "admin")
for endpoint, methods, roles in (
    ("api_application_submit.eligibility", ("GET",), STAFF),
    ("api_application_submit.submit", ("POST",), ()),
    ("api_application_submit.withdraw", ("POST",), ()),
    ("api_application_submit.decide", ("POST",), STAFF),
    ("api_application_submit.clarifications", ("GET",), STAFF),
    ("api_application_submit.ask", ("POST",), STAFF),
    ("api_application_submit.answer", ("POST",), ()),
    ("applications.submit_page", ("GET",), STAFF),
    ("applications.submit_page", ("POST",), ()),
    ("applications.withdraw", ("POST",), ()),
    ("applications.receipt_pdf", ("GET",), STAFF),
    ("applications.staff_list", ("GET",), STAFF),
    ("applications.decide", ("POST",), STAFF),
    ("applications.ask", ("POST",), STAFF),
    ("applications.answer", ("GET",), STAFF),
    ("applications.answer", ("POST",), ()),
):
    allow(endpoint, *roles, methods=methods)
    ENDPOINT_SAMPLES[endpoint] = {"application_id": lambda w: w["submitted_application"].id}
