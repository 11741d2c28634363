"""The input of taking part in a call: an expression of interest in a co-design call and
staff's decision on it; an answer to a call for ideas (an existing idea or a new one) and
staff's shortlisting. The co-design tables load the workshops' own ``WorkshopInput``.
What needs the database (the organisation, the idea, one per call) is the service's
(``app.calls.participation``)."""

from __future__ import annotations

import marshmallow as ma
from flask_babel import lazy_gettext as _l
from marshmallow import fields

from app.ideas.schemas import IdeaText, _NeedId
from app.organisations.schemas import _runts
from app.schemas import Id, InputSchema, Text


class InterestInput(InputSchema):
    """``POST /api/v1/calls/{id}/interests``: an organisation says it wants to co-design."""

    organisation = Id(required=True, metadata={"description": "id of an organisation you act for"})
    runts_number = Text(
        min=1,
        max=40,
        required=True,
        validate=_runts,
        metadata={"description": "number of the organisation's registration in RUNTS"},
    )
    statement = Text(min=20, max=4000, required=True, metadata={"description": "what the organisation brings"})
    contact = Text(min=3, max=300, required=True, metadata={"description": "who to contact, and how"})


class Decision(fields.Boolean):
    """A yes/no that must be given (a missing form checkbox is not a decision)."""

    default_error_messages = {
        "required": _l("Say yes or no."),
        "null": _l("Say yes or no."),
        "invalid": _l("Say yes or no."),
    }


class InterestDecisionInput(InputSchema):
    admitted = Decision(required=True)
    reason = Text(min=3, max=2000, required=True, metadata={"description": "shown to the organisation"})


class NewIdeaInput(IdeaText):
    """A new idea proposed in the same step as the answer (``propose_idea``, in the call's city)."""

    body = Text(max=20000, metadata={"description": "limited Markdown; the summary when empty"})
    need_ids = fields.List(_NeedId(), required=True, metadata={"description": "1–20 needs of the call's city"})


class AnswerInput(InputSchema):
    """``POST /api/v1/calls/{id}/answers``: ``idea`` (an existing idea of the city) or
    ``new_idea``, exactly one; and a short note."""

    idea = Id(load_default=None, allow_none=True, metadata={"description": "id of an idea of the call's city"})
    new_idea = fields.Nested(NewIdeaInput, load_default=None, allow_none=True)
    note = Text(min=3, max=1000, required=True, metadata={"description": "why this idea answers the call"})
    organisation = Id(load_default=None, allow_none=True, metadata={"description": "answering for it (a member)"})

    @ma.validates_schema
    def _one_idea(self, data, **kwargs):
        if (data.get("idea") is None) == (data.get("new_idea") is None):
            raise ma.ValidationError(str(_l("Choose an idea of the platform or propose a new one.")), "idea")


class ShortlistInput(InputSchema):
    shortlisted = Decision(required=True)
    reason = Text(min=3, max=2000, required=True)
