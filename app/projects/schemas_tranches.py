"""What paying a tranche takes: optionally the amount the payer saw, so that a report
approved meanwhile (which changes the results-based amount) is not paid unseen."""

from __future__ import annotations

from app.schemas import InputSchema, Money


class PayTrancheInput(InputSchema):
    amount = Money(
        allow_none=True,
        load_default=None,
        metadata={"description": "the amount shown to the payer; a different current amount answers 409"},
    )
