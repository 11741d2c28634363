"""The input of a call: every rule of ``shared/API.md``'s call body, with its limits and the
rules that tie fields together (bounds in order, ceilings covering the budget, criteria
that the kind needs). The service loads it for create and, merged with the current rules,
for every change (``app.calls.services``)."""

from __future__ import annotations

from decimal import Decimal

import marshmallow as ma
from flask_babel import lazy_gettext as _l
from marshmallow import fields, validate, validates_schema

from app.models.call import CallKind, CohesionFund, CommentOutcome, CommentSection, ProfitRole
from app.models.organisation import LegalForm
from app.schemas import Choice, Flag, Id, Ids, InputSchema, Int, Money, Percent, Text, When


class FundInput(InputSchema):
    fund = Choice(CohesionFund, required=True)
    ceiling = Money(required=True)


class AreaInput(InputSchema):
    area = Id(required=True)
    intensity_pct = Percent(allow_none=True, load_default=None)


class CriterionInput(InputSchema):
    name = Text(min=2, max=200, required=True)
    description = Text(max=4000)
    max_points = Money(min="0.01", max="1000", required=True)
    threshold = Money(max="1000", load_default=Decimal("0"))

    @validates_schema
    def _threshold_within_points(self, data, **kwargs):
        if data.get("threshold") is not None and data.get("max_points") is not None:
            if data["threshold"] > data["max_points"]:
                raise ma.ValidationError(str(_l("The threshold cannot exceed the points.")), "threshold")


class UnitCostInput(InputSchema):
    name = Text(min=2, max=200, required=True)
    unit = Text(min=1, max=40, required=True)
    rate = Money(min="0.01", required=True)


class Weight(Money):
    """An indicator's weight: a number from 0.01 to 1000 with at most two decimals."""

    default_error_messages = {
        **Money.default_error_messages,
        "invalid": _l("Enter a number, e.g. 1.5."),
        "special": _l("Enter a number, e.g. 1.5."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("metadata", {"pattern": r"^[0-9]{1,4}(\.[0-9]{1,2})?$", "description": "a number"})
        super().__init__(min="0.01", max="1000", range_error=_l("A weight is a number from 0.01 to 1000."), **kwargs)


class IndicatorInput(InputSchema):
    code = Text(min=1, max=40, required=True)
    name = Text(min=2, max=200, required=True)
    unit = Text(min=1, max=40, required=True)
    #: Its weight in the results-based tranche: on every indicator or on none (the plain mean).
    weight = Weight(allow_none=True, load_default=None)


class AttachmentInput(InputSchema):
    name = Text(min=2, max=200, required=True)
    description = Text(max=2000)


def _nested(schema, max_items: int, **kwargs):
    kwargs.setdefault("load_default", list)
    return fields.List(fields.Nested(schema), validate=validate.Length(max=max_items), **kwargs)


class CallInput(InputSchema):
    """A call's rules. ``city`` is the door's (a slug); the service gets the city itself."""

    title = Text(min=5, max=200, required=True)
    summary = Text(max=2000)
    body = Text(max=100_000)
    kind = Choice(CallKind, required=True)
    department = Text(min=2, max=120, required=True)
    co_departments = fields.List(Text(min=2, max=120), validate=validate.Length(max=10), load_default=list)
    action_code = Text(min=1, max=40, required=True)
    funds = _nested(FundInput, 2)
    budget = Money(required=True)
    min_grant = Money(load_default=Decimal("0"))
    max_grant = Money(load_default=Decimal("0"))
    cofinancing_pct = Percent(load_default=Decimal("0"))
    applicant_forms = fields.List(Choice(LegalForm), validate=validate.Length(max=len(LegalForm)), load_default=list)
    profit_role = Choice(ProfitRole, load_default=ProfitRole.PARTNER)
    min_partners = Int(min=0, max=50, load_default=0)
    areas = _nested(AreaInput, 100)
    min_duration_months = Int(min=1, max=120, required=True)
    max_duration_months = Int(min=1, max=120, required=True)
    opens_at = When(required=True)
    closes_at = When(allow_none=True, load_default=None)
    criteria = _nested(CriterionInput, 30)
    min_score = Money(max="10000", load_default=Decimal("0"))
    indirect_flat_rate_pct = Percent(allow_none=True, load_default=None)
    unit_costs = _nested(UnitCostInput, 50)
    #: Payment tranches in percent of the grant; the balance is what advance, intermediate
    #: and results-based tranches leave (``app/projects/tranches.py``).
    advance_pct = Percent(load_default=Decimal("30"))
    intermediate_pct = Percent(load_default=Decimal("40"))
    results_share_pct = Percent(allow_none=True, load_default=None)
    min_achievement_pct = Percent(allow_none=True, load_default=None)
    indicators = _nested(IndicatorInput, 30)
    attachments = _nested(AttachmentInput, 20)
    evaluators_per_application = Int(min=1, max=10, load_default=1)
    review_days = Int(min=0, max=90, load_default=10)
    partial_last_award = Flag()
    requires_runts = Flag()
    idea_ids = Ids(max_items=50)

    @validates_schema
    def _amounts(self, data, **kwargs):
        if kwargs.get("partial"):
            return  # a PATCH is checked whole once merged with the current rules
        errors: dict[str, list[str]] = {}
        budget, low, high = data.get("budget"), data.get("min_grant"), data.get("max_grant")
        if low is not None and high is not None and low > high:
            errors.setdefault("min_grant", []).append(str(_l("The minimum grant cannot exceed the maximum.")))
        if budget is not None and high is not None and high > budget:
            errors.setdefault("max_grant", []).append(str(_l("The maximum grant cannot exceed the budget.")))
        funds = data.get("funds") or []
        if data.get("kind") is not CallKind.IDEAS:
            if not funds:
                errors.setdefault("funds", []).append(str(_l("Say which fund pays: FSE+, FESR or both.")))
            if budget is not None and budget <= 0:
                errors.setdefault("budget", []).append(str(_l("Give the call's budget.")))
            if high is not None and high <= 0:
                errors.setdefault("max_grant", []).append(str(_l("Give the maximum grant.")))
        if len({f["fund"] for f in funds}) < len(funds):
            errors.setdefault("funds", []).append(str(_l("Each fund can be listed once.")))
        if budget is not None and funds and sum(f["ceiling"] for f in funds) < budget:
            errors.setdefault("funds", []).append(str(_l("The funds' ceilings together must cover the budget.")))
        if errors:
            raise ma.ValidationError(errors)

    @validates_schema
    def _timing(self, data, **kwargs):
        if kwargs.get("partial"):
            return  # a PATCH is checked whole once merged with the current rules
        errors: dict[str, list[str]] = {}
        low, high = data.get("min_duration_months"), data.get("max_duration_months")
        if low is not None and high is not None and low > high:
            errors["min_duration_months"] = [str(_l("The minimum duration cannot exceed the maximum."))]
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            errors["closes_at"] = [str(_l("The closing date must come after the opening date."))]
        if closes is None and data.get("kind") in (CallKind.COMPETITIVE, CallKind.CODESIGN, CallKind.IDEAS):
            errors["closes_at"] = [
                str(_l("Give the closing date (only a rolling call stays open until the budget is used)."))
            ]
        if errors:
            raise ma.ValidationError(errors)

    @validates_schema
    def _evaluation(self, data, **kwargs):
        if kwargs.get("partial"):
            return  # a PATCH is checked whole once merged with the current rules
        errors: dict[str, list[str]] = {}
        criteria = data.get("criteria") or []
        kind = data.get("kind")
        if kind in (CallKind.COMPETITIVE, CallKind.ROLLING) and not criteria:
            errors["criteria"] = [str(_l("A competitive or rolling call needs its evaluation criteria."))]
        total = sum((c["max_points"] for c in criteria), Decimal("0"))
        if criteria and data.get("min_score", 0) > total:
            errors["min_score"] = [str(_l("The minimum score cannot exceed the criteria's points (%(n)s).", n=total))]
        codes = [i["code"] for i in data.get("indicators") or []]
        if len(set(codes)) < len(codes):
            errors["indicators"] = [str(_l("Each indicator code can be used once."))]
        if data.get("results_share_pct") and not codes:
            errors["indicators"] = [str(_l("A results-based share needs the indicators applicants commit to."))]
        weights = [i.get("weight") is not None for i in data.get("indicators") or []]
        if any(weights) and not all(weights):
            errors["indicators"] = [str(_l("Give a weight to every indicator, or to none (the plain mean)."))]
        if errors:
            raise ma.ValidationError(errors)

    @validates_schema
    def _tranches(self, data, **kwargs):
        if kwargs.get("partial"):
            return  # a PATCH is checked whole once merged with the current rules
        shares = [data.get(name) or Decimal("0") for name in ("advance_pct", "intermediate_pct", "results_share_pct")]
        if sum(shares) > 100:
            message = _l(
                "Advance, intermediate payment and results-based share together cannot exceed 100%% (now %(n)s%%).",
                n=sum(shares),
            )
            raise ma.ValidationError({"advance_pct": [str(message)]})


class CallChangeInput(CallInput):
    """A PATCH: the same rules, every field optional, and the reason for the new version."""

    reason = Text(max=2000)


class TransitionInput(InputSchema):
    to = Text(min=1, max=40, required=True)
    reason = Text(max=2000)


class CallCommentInput(InputSchema):
    section = Choice(CommentSection, required=True)
    body = Text(min=3, max=4000, required=True)


class ReplyInput(InputSchema):
    reply = Text(min=3, max=4000, required=True)
    outcome = Choice(CommentOutcome, required=True)


class FaqInput(InputSchema):
    """A question applicants asked and the city's answer."""

    question = Text(min=5, max=2000, required=True)
    answer = Text(min=2, max=8000, required=True)


class DocumentInput(InputSchema):
    """The title of a PDF published with the call (the file comes apart, as bytes)."""

    title = Text(min=3, max=200, required=True)
