"""Drafts that meet every rule of the default test call (``tests/factories/calls.py``), for
the submission tests: an accepted partner and the call's indicator added to
``create_application``'s draft."""

from __future__ import annotations

from decimal import Decimal

from app.extensions import db
from app.models import (
    ApplicantRole,
    ApplicationIndicator,
    ApplicationPartner,
    LegalForm,
    PartnerAnswer,
)
from tests import factories
from tests.factories.applications import create_application
from tests.factories.organisations import create_organisation

#: The smallest file the PDF checks accept.
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def eligible_draft(call, owner=None, *, title="Quartiere che cura", partner_name=None):
    """A draft of a new verified APS owned by ``owner`` with one accepted partner and a
    target for each of the call's indicators."""
    owner = owner or factories.create_user(city=call.city, name="Legale rappresentante")
    organisation = create_organisation(
        call.city, owner, legal_form=LegalForm.APS, runts_number="RUNTS-12345", verified=True
    )
    application = create_application(call, organisation, owner=owner, title=title)
    partner = create_organisation(call.city, name=partner_name, legal_form=LegalForm.ODV)
    application.partners.append(
        ApplicationPartner(organisation=partner, role=ApplicantRole.SUPPORTER, status=PartnerAnswer.ACCEPTED)
    )
    for indicator in call.indicators:
        application.indicators.append(
            ApplicationIndicator(
                code=indicator.code,
                name=indicator.name,
                unit=indicator.unit,
                baseline=Decimal("0"),
                target=Decimal("120"),
            )
        )
    db.session.commit()
    return application


__all__ = ["PDF", "eligible_draft"]
