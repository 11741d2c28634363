"""The pay button of a tranche: the CSRF token and the amount the payer was shown."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField


class PayTrancheForm(FlaskForm):
    amount = HiddenField()

    def body(self) -> dict:
        """The service's input: the amount shown, when the page sent one."""
        return {"amount": (self.amount.data or "").strip() or None}
