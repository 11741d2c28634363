"""Samples for the agreement routes in the permission matrix: an agreement on the sample
call with the sample expression of interest's organisation as its partner. Staff of the
city record it; signing is for signed-in people (the service tells an owner from others)."""

from decimal import Decimal

from app.extensions import db
from app.models import Agreement, AgreementPartner
from tests import matrix_calls  # noqa: F401  (its builders run first: the sample call and interest)
from tests.matrix import SAMPLES, WORLD_BUILDERS, allow


def _build(world):
    interest = world["call_interest"]
    agreement = Agreement(
        call=world["call"],
        title="Convenzione",
        summary="Il progetto concordato.",
        total_budget=Decimal("1000"),
        grant=Decimal("1000"),
    )
    agreement.partners.append(
        AgreementPartner(organisation_id=interest.organisation_id, share=Decimal("1000"), duties="Compiti.")
    )
    db.session.add(agreement)
    db.session.commit()
    world["agreement"] = agreement


WORLD_BUILDERS.append(_build)
SAMPLES["agreement_id"] = lambda w: w["agreement"].id

allow("calls.record_agreement", "staff", "admin", methods=("POST",))
allow("api_call_agreements.record", "staff", "admin", methods=("POST",))
allow("calls.sign_agreement", "staff", "admin", methods=("POST",))
allow("api_call_agreements.sign", "staff", "admin", methods=("POST",))
