"""What the report services take (``shared/API.md``, funding endpoints): a spend on a budget
line ``{budget_line, amount, spent_on, description}`` (a simplified-cost line takes
``quantity`` and computes the amount), an indicator value ``{indicator, value, measured_on,
evidence?}`` (``indicator`` is the code) and a review ``{approve, reason?}``. The rules that
need the project (the line is the project's, the date within its dates, the line not
overspent) are the service's."""

from __future__ import annotations

from decimal import Decimal

from flask_babel import lazy_gettext as _l
from marshmallow import fields

from app.schemas import Flag, Id, InputSchema, Money, Text


def _date(message):
    return fields.Date(required=True, error_messages={"required": message, "null": message, "invalid": message})


class Quantity(Money):
    """A non-negative number with at most two decimals (a quantity of units, an indicator's
    value), dumped as a string like money."""

    default_error_messages = {
        **Money.default_error_messages,
        "invalid": _l("Enter a number, e.g. 120 or 12.5."),
        "special": _l("Enter a number, e.g. 120 or 12.5."),
    }

    def __init__(self, **kwargs):
        super().__init__(max="999999999999", range_error=_l("Enter a number between 0 and 999999999999."), **kwargs)


class ExpenditureInput(InputSchema):
    budget_line = Id(required=True, metadata={"description": "the id of one of the project's budget lines"})
    amount = Money(
        min="0.01",
        allow_none=True,
        load_default=None,
        metadata={"description": "euros; on a simplified-cost line computed from `quantity` (may be left out)"},
    )
    quantity = Quantity(
        allow_none=True,
        load_default=None,
        metadata={"description": "units, only on a simplified-cost line: amount = quantity × the line's rate"},
    )
    spent_on = _date(_l("Enter the date of the expense."))
    description = Text(
        min=3, max=4000, required=True, metadata={"description": "what was bought or paid (invoice, receipt)"}
    )


class IndicatorReportInput(InputSchema):
    indicator = Text(min=1, max=40, required=True, metadata={"description": "the indicator's code, e.g. EECO01"})
    value = Quantity(required=True)
    measured_on = _date(_l("Enter the date of the measurement."))
    evidence = Text(max=4000, metadata={"description": "what shows the value (register, survey)"})


class ReviewInput(InputSchema):
    approve = Flag(metadata={"description": "true approves; false sends the report back (a reason is needed)"})
    reason = Text(max=4000)


#: At most this many PDF documents go with one report.
MAX_REPORT_FILES = 5

ZERO = Decimal("0")
