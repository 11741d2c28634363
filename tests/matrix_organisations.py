"""Permission-matrix samples for organisations and partnerships: an organisation of the city
owned by someone outside the matrix's roles (so every role but admin is a non-member), a
pending membership invitation, and a partnership around an idea with an invited partner."""

from __future__ import annotations

from app.models import PartnerStatus
from tests import factories
from tests import factories_organisations as fo
from tests.matrix import SAMPLES, WORLD_BUILDERS


def _build(world: dict) -> None:
    city = world["city"]
    owner = factories.create_user(city=city, name="Titolare APS")
    lead = fo.create_organisation(city, owner, name="APS Matrice")
    partner_org = fo.create_organisation(city, factories.create_user(city=city), name="Museo Matrice")
    world["org_owner"] = owner
    world["org_organisation"] = lead
    world["org_membership"] = fo.invite(lead, "invitata@example.org")
    idea = fo.create_idea(city, world["resident"], title="Idea della rete")
    partnership = fo.create_partnership(idea, lead, [(partner_org, PartnerStatus.INVITED)])
    world["org_partnership"] = partnership
    world["org_partner"] = next(p for p in partnership.partners if p.organisation_id == partner_org.id)


WORLD_BUILDERS.append(_build)
SAMPLES["organisation_id"] = lambda w: w["org_organisation"].id
SAMPLES["membership_id"] = lambda w: w["org_membership"].id
SAMPLES["partnership_id"] = lambda w: w["org_partnership"].id
SAMPLES["partner_id"] = lambda w: w["org_partner"].id
