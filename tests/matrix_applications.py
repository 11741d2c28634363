"""Samples for the application routes in the permission matrix: a draft on a call of the city
by an organisation the facilitator is a member of (not an owner: owning one
changes what other features let in), with an invited partner (owned by nobody of the
matrix's roles) and one attachment."""

from app.extensions import db
from app.models import Application, ApplicationAttachment, ApplicationPartner, StoredFile
from app.models.application import ApplicantRole
from tests import factories
from tests.factories.calls import create_call
from tests.factories.organisations import create_organisation
from tests.matrix import SAMPLES, WORLD_BUILDERS, allow


def _build(world):
    owner = factories.create_user(city=world["city"], name="Presidente APS richiedente")  # not a matrix role
    organisation = create_organisation(world["city"], owner, name="APS Richiedente", members=[world["facilitator"]])
    partner_owner = factories.create_user(city=world["city"], name="Presidente cooperativa")
    partner_org = create_organisation(world["city"], partner_owner, name="Cooperativa Matrice")
    application = Application(
        call=create_call(world["city"], world["staff"], title="Avviso per la matrice delle domande"),
        organisation=organisation,
        title="Domanda della matrice",
        call_version=1,
        revision=1,
    )
    partner = ApplicationPartner(organisation=partner_org, role=ApplicantRole.SUPPORTER)
    stored = StoredFile(
        path="documents/xx/missing-application.pdf",
        name="statuto.pdf",
        content_type="application/pdf",
        size=1,
        sha256="0",
    )
    attachment = ApplicationAttachment(file=stored, title="Statuto")
    application.partners, application.attachments = [partner], [attachment]
    db.session.add(application)
    db.session.commit()
    world["application"], world["application_partner"], world["application_attachment"] = (
        application,
        partner,
        attachment,
    )


WORLD_BUILDERS.append(_build)
SAMPLES["application_id"] = lambda w: w["application"].id
SAMPLES["application_partner_id"] = lambda w: w["application_partner"].id
SAMPLES["attachment_id"] = lambda w: w["application_attachment"].id

# The applicants (here the facilitator, a member of the applying organisation) read and edit the draft.
allow("api_applications.read", "facilitator", methods=("GET",))
allow("api_applications.change", "facilitator", methods=("PATCH",))
allow("api_applications.add_attachment", "facilitator", methods=("POST",))
allow("api_applications.remove_attachment", "facilitator", methods=("DELETE",))
allow("applications.edit", "facilitator", methods=("GET", "POST"))
allow("applications.add_attachment", "facilitator", methods=("POST",))
allow("applications.remove_attachment", "facilitator", methods=("POST",))
allow("applications.attachment", "facilitator", methods=("GET",))
# Only the invited organisation's owners answer: nobody among the matrix's roles.
allow("api_applications.answer", methods=("POST",))
allow("applications.answer_partner", methods=("POST",))
