"""What the rankings' services take: reasons (of a publication, a renounce, a revocation, a
review request) and a review's answer, with an optional changed score."""

from __future__ import annotations

from app.schemas import InputSchema, Money, Text


class PublishInput(InputSchema):
    reason = Text(max=4000)


class RenounceInput(InputSchema):
    reason = Text(max=4000)


class RevokeInput(InputSchema):
    reason = Text(min=10, max=4000, required=True)


class ReviewRequestInput(InputSchema):
    reasons = Text(min=20, max=8000, required=True)


class ReviewAnswerInput(InputSchema):
    answer = Text(min=10, max=8000, required=True)
    #: The score after the review; a different one from the current makes a new edition.
    score = Money(max="1000", allow_none=True, load_default=None)
