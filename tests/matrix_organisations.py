"""Permission-matrix samples for organisations and partnerships: an organisation of the city
owned by someone outside the matrix's roles (so every role but admin is a non-member), a
pending membership invitation, and a partnership around an idea with an invited partner."""

from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from app.models import Membership, PartnerStatus
from tests import factories
from tests.factories import ideas as fi
from tests.factories import organisations as fo
from tests.matrix import SAMPLES, WORLD_BUILDERS, allow


def _build(world: dict) -> None:
    city = world["city"]
    owner = factories.create_user(city=city, name="Titolare APS")
    lead = fo.create_organisation(city, owner, name="APS Matrice")
    partner_org = fo.create_organisation(city, factories.create_user(city=city), name="Museo Matrice")
    world["org_owner"] = owner
    world["org_organisation"] = lead
    # two pending invitations: when admins remove one, the other is still there to answer
    world["org_memberships"] = [fo.invite(lead, f"invitata{n}@example.org").id for n in (1, 2)]
    idea = fi.create_idea(city, world["resident"], title="Idea della rete")
    partnership = fo.create_partnership(idea, lead, [(partner_org, PartnerStatus.INVITED)])
    world["org_partnership"] = partnership
    world["org_partner"] = next(p for p in partnership.partners if p.organisation_id == partner_org.id)


def _pending_invitation(world: dict) -> int:
    """The first sample invitation still there (a route of the matrix may remove one)."""
    ids = world["org_memberships"]
    found = db.session.scalar(sa.select(Membership.id).where(Membership.id.in_(ids)).order_by(Membership.id))
    return found or ids[-1]


WORLD_BUILDERS.append(_build)
SAMPLES["organisation_id"] = lambda w: w["org_organisation"].id
SAMPLES["membership_id"] = lambda w: _pending_invitation(w)
SAMPLES["partnership_id"] = lambda w: w["org_partnership"].id
SAMPLES["partner_id"] = lambda w: w["org_partner"].id


# Who passes the object checks on the sample world. The organisations are owned by people
# outside the matrix's roles, so only admins (who may keep any profile and its members)
# and the city's staff (who verify) get in; nobody of the roles owns the lead or the
# invited organisation, and the membership invitation is for another address.
POST = ("POST",)
allow("organisations.edit", "admin")
allow("organisations.members", "admin", methods=("GET",))
allow("organisations.invite_member", "admin", methods=POST)
allow("organisations.change_role", "admin", methods=POST)
allow("organisations.remove_member", "admin", methods=POST)
allow("organisations.verify", "staff", "admin", methods=POST)
allow("organisations.accept_invitation", methods=POST)
allow("organisations.decline_invitation", methods=POST)
allow("organisations.invite_partner", methods=POST)
allow("organisations.withdraw_partner", methods=POST)
allow("organisations.answer_partner", methods=POST)
# An empty form names no lead organisation: everyone signed in is sent back with a message.
allow(
    "organisations.start_partnership",
    "resident",
    "staff",
    "facilitator",
    "evaluator",
    "authority",
    "admin",
    methods=POST,
)
