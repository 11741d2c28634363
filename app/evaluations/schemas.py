"""The limits of the evaluation writes: assigning an evaluator, the declaration on conflicts
of interest, scores with their comments, and staff's consensus."""

from __future__ import annotations

import marshmallow as ma
from flask_babel import lazy_gettext as _l
from marshmallow import fields, validate, validates_schema

from app.schemas import Flag, Id, InputSchema, Money, Text


def Points(**kwargs) -> Money:
    """Points of a criterion: 0 … 1000 with at most two decimals (the criterion's own
    maximum is checked by the service, which knows the call)."""
    return Money(max="1000", range_error=_l("Enter points between 0 and the criterion's maximum."), **kwargs)


class AssignInput(InputSchema):
    user = Id(required=True, metadata={"description": "the evaluator's user id"})


class DeclarationInput(InputSchema):
    conflict = Flag(metadata={"description": "true: a conflict of interest, which ends the assignment"})
    note = Text(max=2000, metadata={"description": "required with a conflict: what it is"})

    @validates_schema
    def _note_with_conflict(self, data, **kwargs):
        if data.get("conflict") and len(data.get("note", "")) < 3:
            raise ma.ValidationError(str(_l("Say briefly what the conflict of interest is.")), "note")


class ScoreInput(InputSchema):
    criterion = Id(required=True, metadata={"description": "the criterion's id in the call"})
    points = Points(required=True)
    comment = Text(
        min=3,
        max=4000,
        required=True,
        min_error=_l("Explain the points with a comment (at least 3 characters)."),
    )


class ScoresInput(InputSchema):
    scores = fields.List(fields.Nested(ScoreInput), required=True, validate=validate.Length(min=1, max=50))


class ConsensusScoreInput(InputSchema):
    criterion = Id(required=True)
    points = Points(required=True)


class ConsensusInput(InputSchema):
    scores = fields.List(fields.Nested(ConsensusScoreInput), required=True, validate=validate.Length(min=1, max=50))
    reason = Text(min=10, max=4000, required=True)
