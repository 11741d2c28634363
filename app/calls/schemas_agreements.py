"""The input of an art. 55 agreement (``POST /api/v1/calls/{id}/agreement``) and of a
signature (``POST /api/v1/agreements/{id}/sign``). What needs the database (admitted
organisations, approved minutes of the call's tables, shares adding up to the grant) is the
service's (``app.calls.agreements``)."""

from __future__ import annotations

from marshmallow import fields, validate

from app.models.agreement import AgreementRole
from app.schemas import Choice, Id, Ids, InputSchema, Money, Text


class AgreementPartnerInput(InputSchema):
    organisation = Id(required=True, metadata={"description": "id of an organisation admitted to the call"})
    role = Choice(AgreementRole, load_default=AgreementRole.PARTNER)
    share = Money(required=True, metadata={"description": "the partner's share of the grant, in euros"})
    duties = Text(min=3, max=4000, required=True, metadata={"description": "what the partner undertakes to do"})


class AgreementInput(InputSchema):
    title = Text(min=3, max=200, required=True)
    summary = Text(min=10, max=8000, required=True, metadata={"description": "the project agreed at the tables"})
    total_budget = Money(min="0.01", required=True, metadata={"description": "the project's whole cost"})
    grant = Money(min="0.01", required=True, metadata={"description": "what the call's budget gives"})
    minutes = Ids(metadata={"description": "ids of approved minutes of the call's co-design tables"})
    partners = fields.List(fields.Nested(AgreementPartnerInput), required=True, validate=validate.Length(min=1, max=50))


class SignInput(InputSchema):
    organisation = Id(
        load_default=None,
        metadata={"description": "the partner organisation you sign for; none: staff sign for the city"},
    )
