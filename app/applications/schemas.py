"""The inputs of an application draft: starting it, and the partial save (PATCH) that the
form sends as one types. A budget line is an amount, or a quantity of one of the call's
unit costs (the amount is then computed by the service, never typed)."""

from __future__ import annotations

import re
from decimal import Decimal

import marshmallow as ma
from flask_babel import lazy_gettext as _l
from marshmallow import fields, validate, validates_schema

from app.models.application import ApplicantRole, BudgetCategory
from app.models.call import CohesionFund
from app.models.organisation import ContributionKind
from app.schemas import Choice, Flag, Id, Ids, InputSchema, Int, Money, Text

DECLARATION_KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


class StartInput(InputSchema):
    """``POST /calls/{id}/applications``: the applying organisation and the proposal."""

    organization = Id(required=True)
    title = Text(min=3, max=200, required=True)
    summary = Text(max=4000)
    area = Id(allow_none=True, load_default=None)
    duration_months = Int(min=1, max=120, allow_none=True, load_default=None)
    idea_ids = Ids(max_items=20)
    need_ids = Ids(max_items=20)


class PartnerInput(InputSchema):
    organization = Id(required=True)
    role = Choice(ApplicantRole, required=True)
    contribution_kind = Choice(ContributionKind, allow_none=True, load_default=None)
    contribution_value = Money(load_default=Decimal("0"))
    contribution_note = Text(max=500)


class BudgetLineInput(InputSchema):
    """``{category, fund, description, amount}`` or ``{category, fund, unit_cost, quantity}``."""

    category = Choice(BudgetCategory, required=True)
    fund = Choice(CohesionFund, required=True)
    description = Text(max=500)
    amount = Money(allow_none=True, load_default=None)
    unit_cost = Id(allow_none=True, load_default=None)
    quantity = Money(min="0.01", max="100000000", allow_none=True, load_default=None)

    @validates_schema
    def _amount_or_units(self, data, **kwargs):
        if data.get("unit_cost") is not None:
            if data.get("quantity") is None:
                raise ma.ValidationError(str(_l("Enter the quantity of the unit cost.")), "quantity")
            if data.get("amount") is not None:
                raise ma.ValidationError(
                    str(_l("A unit-cost line is computed from its quantity: do not type its amount.")), "amount"
                )
        elif data.get("amount") is None:
            raise ma.ValidationError(str(_l("Enter the amount, or choose a unit cost and a quantity.")), "amount")


class TargetInput(InputSchema):
    """One of the call's indicators by its ``code`` (name and unit come from the call), or
    one of the applicant's own, with its ``name`` and ``unit``."""

    code = Text(min=1, max=40, required=True)
    name = Text(max=200)
    unit = Text(max=40)
    baseline = Money(max="1000000000000", load_default=Decimal("0"))
    target = Money(max="1000000000000", allow_none=True, load_default=None)


class Declarations(fields.Dict):
    """``{truthful: true, …}``: at most 20 yes/no answers, keyed by short lower-case codes."""

    def __init__(self, **kwargs):
        super().__init__(keys=fields.String(), values=Flag(), **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        result = super()._deserialize(value, attr, data, **kwargs)
        if len(result) > 20 or not all(DECLARATION_KEY.match(k) for k in result):
            raise ma.ValidationError(str(_l("Unknown declaration.")))
        return result


def _nested(schema, max_items: int):
    return fields.List(fields.Nested(schema), validate=validate.Length(max=max_items), load_default=list)


class DraftInput(InputSchema):
    """``PATCH /applications/{id}``: any of these; ``revision`` is the one the client saw
    (an older one is refused with the current application)."""

    revision = Int(min=1, allow_none=True, load_default=None)
    title = Text(min=3, max=200, load_default=None)  # given, it may not be emptied
    summary = Text(max=4000)
    area = Id(allow_none=True, load_default=None)
    duration_months = Int(min=1, max=120, allow_none=True, load_default=None)
    idea_ids = Ids(max_items=20)
    need_ids = Ids(max_items=20)
    partners = _nested(PartnerInput, 30)
    budget_lines = _nested(BudgetLineInput, 100)
    requested_grant = Money(allow_none=True, load_default=None)
    cofinancing = Money(load_default=Decimal("0"))
    indicators = _nested(TargetInput, 30)
    declarations = Declarations(load_default=dict)

    @validates_schema
    def _title_kept(self, data, **kwargs):
        if data.get("title") == "":
            raise ma.ValidationError(str(_l("This field is required.")), "title")


class PartnerAnswerInput(InputSchema):
    """``POST /applications/{id}/partners/{pid}/answer``: the partner's owners accept or not."""

    accept = fields.Boolean(required=True, error_messages={"required": _l("Answer yes or no.")})


class ApplicationFileInput(InputSchema):
    title = Text(min=3, max=200, required=True)
    requirement = Id(allow_none=True, load_default=None)
