"""Forms of the reports (fields and CSRF only; the limits are in ``schemas_reports``)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import MultipleFileField, SelectField, StringField, TextAreaField


class ExpenditureForm(FlaskForm):
    budget_line = SelectField(_l("Budget line"), choices=[])
    quantity = StringField(
        _l("Quantity delivered"), description=_l("Only on a simplified-cost line: the amount is quantity × rate.")
    )
    amount = StringField(_l("Amount in euros"), description=_l("For example 1250.00."))
    spent_on = StringField(_l("Date of the expense"))
    description = TextAreaField(_l("What was paid (invoice or receipt number, supplier)"))
    files = MultipleFileField(_l("Documents (PDF, at most 10 MB each)"))


class IndicatorReportForm(FlaskForm):
    indicator = SelectField(_l("Indicator"), choices=[])
    value = StringField(_l("Value measured"), description=_l("For example 120 or 12.5."))
    measured_on = StringField(_l("Date of the measurement"))
    evidence = TextAreaField(_l("Evidence (what shows the value: register, survey…)"))
    files = MultipleFileField(_l("Evidence documents (PDF, at most 10 MB each)"))


class ReviewForm(FlaskForm):
    reason = TextAreaField(_l("Reason (needed to send it back)"))
