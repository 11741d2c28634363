"""The budget of an application from the lines the applicant typed: unit-cost lines are
quantity × the call's rate, and when the call has a flat rate for indirect costs the
indirect line is computed (rate × direct staff costs, charged to the fund with the largest
staff costs). Nothing computed is ever typed: a typed indirect line is a field error."""

from __future__ import annotations

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from flask_babel import gettext as _

from app.models.application import BudgetCategory, BudgetLine
from app.models.call import Call

CENT = Decimal("0.01")


def _cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def budget_lines(call: Call, rows: list[dict]) -> tuple[list[BudgetLine], dict[str, list[str]]]:
    """The lines for ``rows`` (loaded ``BudgetLineInput``s), and the field errors."""
    rates = {u.id: u for u in call.unit_costs}
    flat_rate = call.indirect_flat_rate_pct
    errors: dict[str, list[str]] = {}
    lines: list[BudgetLine] = []
    for index, row in enumerate(rows):
        if flat_rate is not None and row["category"] is BudgetCategory.INDIRECT:
            errors[f"budget_lines.{index}.category"] = [
                _("Indirect costs are computed at the call's flat rate: do not type them.")
            ]
            continue
        line = BudgetLine(
            position=index, category=row["category"], fund=row["fund"], description=row["description"], computed=False
        )
        if row["unit_cost"] is not None:
            unit = rates.get(row["unit_cost"])
            if unit is None:
                errors[f"budget_lines.{index}.unit_cost"] = [_("Choose one of the call's unit costs.")]
                continue
            line.unit_cost_id, line.quantity = unit.id, row["quantity"]
            line.amount = _cents(row["quantity"] * unit.rate)
        else:
            line.amount = row["amount"]
        lines.append(line)
    indirect = indirect_line(call, lines)
    return lines + ([indirect] if indirect else []), errors


def indirect_line(call: Call, lines: list[BudgetLine]) -> BudgetLine | None:
    """The flat-rate indirect line over the direct staff costs of ``lines`` (none without a
    rate or without staff costs)."""
    if call.indirect_flat_rate_pct is None:
        return None
    staff: dict = defaultdict(Decimal)
    for line in lines:
        if line.category is BudgetCategory.STAFF:
            staff[line.fund] += line.amount
    total = sum(staff.values(), Decimal("0"))
    if not total:
        return None
    fund = max(staff, key=lambda f: (staff[f], f.value))
    return BudgetLine(
        position=len(lines),
        category=BudgetCategory.INDIRECT,
        fund=fund,
        description=_("Indirect costs at the flat rate of %(pct)s%% of staff costs", pct=call.indirect_flat_rate_pct),
        amount=_cents(total * call.indirect_flat_rate_pct / 100),
        computed=True,
    )
