"""Application drafts made through the applications feature's services, as an applicant
would: an organisation with its owner (and members), and a draft on an open call."""

from __future__ import annotations

from app.applications import services
from app.models import LegalForm
from tests import factories
from tests.factories.organisations import create_organisation


def applicant_organisation(city, name="APS Quartiere Vivo", owner=None, members=()):
    """A verified APS with ``owner`` (a new resident when not given) and active ``members``."""
    owner = owner or factories.create_user(city=city, name=f"Legale rappresentante {name}")
    organisation = create_organisation(
        city, owner, name=name, members=members, legal_form=LegalForm.APS, runts_number="RUNTS-1", verified=True
    )
    return organisation, owner


def start_draft(call, actor, organisation, **fields):
    body = {"organization": organisation.id, "title": "Quartiere che cura", "summary": "Servizi di prossimità."}
    return services.start_application(actor, call, {**body, **fields})


__all__ = ["applicant_organisation", "start_draft"]
