"""Inputs of submission's staff steps: the admissibility decision, a request to complete or
clarify (soccorso istruttorio) and the applicant's answer."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from marshmallow import fields

from app.schemas import InputSchema, Text, When


class AdmissibilityInput(InputSchema):
    admissible = fields.Boolean(
        required=True, error_messages={"required": _l("Answer yes or no."), "invalid": _l("Answer yes or no.")}
    )
    reason = Text(max=4000)


class ClarificationInput(InputSchema):
    request = Text(min=10, max=4000, required=True)
    #: The application fields asked for, named as the eligibility problems name them.
    fields = fields.List(Text(min=2, max=90), required=True)
    due_at = When(required=True)


class ClarificationAnswerInput(InputSchema):
    answer = Text(min=3, max=8000, required=True)
