"""``/api/v1/calls/{id}/agreement`` and ``/api/v1/agreements/{id}/sign``: the agreement
(convenzione) of an art. 55 co-design call, recorded by staff and signed by each partner's
owner, then by staff for the city. Bodies are ``app.calls.schemas_agreements``, loaded once,
by ``app.calls.agreements``."""

from __future__ import annotations

import marshmallow as ma
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import fields

from app.api import RESOURCES
from app.api.calls import _visible
from app.api.schemas import answers
from app.calls import agreements
from app.calls.schemas_agreements import AgreementInput, SignInput
from app.errors import NotFound
from app.extensions import db
from app.models.agreement import Agreement, AgreementRole
from app.permissions import object_permission, public, require

blp = Blueprint("api_call_agreements", __name__, description="Art. 55 agreements")
RESOURCES.append(blp)


class AgreementPartnerOut(ma.Schema):
    organisation = fields.Dict(metadata={"description": "{id, name}"})
    role = fields.String(metadata={"enum": [r.value for r in AgreementRole]})
    share = fields.String(metadata={"description": "euros, a decimal string"})
    duties = fields.String()
    signed_at = fields.String(allow_none=True, metadata={"format": "date-time"})


class AgreementOut(ma.Schema):
    id = fields.Integer()
    call_id = fields.Integer()
    title = fields.String()
    summary = fields.String()
    total_budget = fields.String()
    grant = fields.String()
    minutes = fields.List(fields.Dict(), metadata={"description": "[{id, workshop: {id, title}}]"})
    partners = fields.List(fields.Nested(AgreementPartnerOut))
    status = fields.String(metadata={"enum": ["to_sign", "signed"]})
    signed_at = fields.String(allow_none=True, metadata={"format": "date-time"})


def _when(value):
    return value.isoformat() if value else None


def agreement_json(agreement: Agreement) -> dict:
    return {
        "id": agreement.id,
        "call_id": agreement.call_id,
        "title": agreement.title,
        "summary": agreement.summary,
        "total_budget": f"{agreement.total_budget:.2f}",
        "grant": f"{agreement.grant:.2f}",
        "minutes": [
            {"id": m.id, "workshop": {"id": m.workshop_id, "title": m.workshop.title}} for m in agreement.minutes
        ],
        "partners": [
            {
                "organisation": {"id": p.organisation_id, "name": p.organisation.name},
                "role": p.role.value,
                "share": f"{p.share:.2f}",
                "duties": p.duties,
                "signed_at": _when(p.signed_at),
            }
            for p in agreement.partners
        ],
        "status": "signed" if agreement.signed else "to_sign",
        "signed_at": _when(agreement.signed_at),
    }


@blp.route("/calls/<int:call_id>/agreement", methods=["GET"])
@answers(blp, AgreementOut, 404)
@public
def agreement(call_id):
    """The agreement of a co-design call, with its partners, shares and signatures (404
    while none is recorded)."""
    found = agreements.agreement_of(_visible(call_id))
    if found is None:
        raise NotFound()
    return agreement_json(found)


@blp.route("/calls/<int:call_id>/agreement", methods=["POST"])
@object_permission("staff of the call's city")
@answers(blp, AgreementOut, 403, 409, 422, body=AgreementInput, signed_in=True)
def record(data, call_id):
    """Staff record the agreement (or replace it, clearing the signatures, until it is
    signed): partners must be admitted organisations, their shares add up to ``grant``,
    ``minutes`` are approved minutes of the call's tables."""
    call = _visible(call_id)
    require(call.can_edit(current_user))
    return agreement_json(agreements.record_agreement(current_user, call, data))


@blp.route("/agreements/<int:agreement_id>/sign", methods=["POST"])
@object_permission("an owner of a partner organisation, or staff of the call's city")
@answers(blp, AgreementOut, 403, 409, 422, body=SignInput, signed_in=True)
def sign(data, agreement_id):
    """A partner's owner signs for ``organisation``; staff (no ``organisation``) sign for
    the city once every partner has signed: the grant is set aside from the call's budget
    and the call steps to ``agreement``."""
    found = db.session.get(Agreement, agreement_id)
    if found is None or not found.can_view(current_user):
        raise NotFound()
    require(found.can_sign(current_user))
    return agreement_json(agreements.sign_agreement(current_user, found, data))
