"""What the good-practice services take: a proposal (title, lessons learned) and the
authority's curation (publish, or decline with a reason)."""

from __future__ import annotations

import marshmallow as ma
from flask_babel import lazy_gettext as _l
from marshmallow import fields, validates_schema

from app.schemas import InputSchema, Text


class PracticeProposalInput(InputSchema):
    """``propose_practice``: what other cities should learn from the closed project."""

    title = Text(min=5, max=200, required=True)
    lessons = Text(min=30, max=20000, required=True, metadata={"description": "lessons learned (plain text)"})


class PracticeCurationInput(InputSchema):
    """``curate_practice``: publish (readable by every city) or decline, with a reason."""

    publish = fields.Boolean(
        required=True, error_messages={"required": _l("Answer yes or no."), "invalid": _l("Answer yes or no.")}
    )
    reason = Text(max=4000, metadata={"description": "required to decline; told to the proposer"})

    @validates_schema
    def _reason_to_decline(self, data, **kwargs):
        if data.get("publish") is False and len(data.get("reason", "")) < 10:
            raise ma.ValidationError(str(_l("Say why the practice is declined (at least 10 characters).")), "reason")
