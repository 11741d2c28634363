"""Input schemas of the ideas' writes: the one place where their limits are written.

The services load them (``app.schemas.load``); ``POST /api/v1/ideas`` documents
:class:`IdeaProposal` as its request body; the forms show the services' field errors.
Whatever needs the database (the city exists, the needs and the area belong to it) is the
service's, once.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from marshmallow import fields, validate

from app.models import IdeaStage
from app.schemas import Choice, Id, InputSchema, Int, Text

MAX_NEEDS = 20


class _NeedId(Int):
    """A need's number as a JSON number (``"12"`` is refused: the API always was strict)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("range_error", _l("Unknown reference."))
        super().__init__(min=1, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, str):
            raise self.make_error("invalid")
        return super()._deserialize(value, attr, data, **kwargs)


class IdeaText(InputSchema):
    """The text of an idea, proposed or edited."""

    title = Text(min=5, max=140, required=True, metadata={"description": "5–140 characters"})
    summary = Text(min=10, max=500, required=True, metadata={"description": "10–500 characters"})
    body = Text(min=1, max=20000, required=True, metadata={"description": "limited Markdown, up to 20 000 characters"})
    area = Id(load_default=None, allow_none=True, metadata={"description": "target area id"})


class IdeaProposal(IdeaText):
    """``propose_idea``: a new idea answering needs of one city."""

    city = Text(min=1, max=60, required=True, metadata={"description": "city slug"})
    need_ids = fields.List(
        _NeedId(),
        required=True,
        validate=validate.Length(max=MAX_NEEDS, error=_l("Link at most %(n)s needs.", n=MAX_NEEDS)),
        error_messages={"invalid": _l("Give a list of need numbers."), "null": _l("Give a list of need numbers.")},
        metadata={"description": "1–20 needs of the same city"},
    )


class IdeaEdit(IdeaText):
    """``edit_idea``: the author's new text, based on the version they read."""

    expected_version = Int(min=1, load_default=None, allow_none=True)


class StageChange(InputSchema):
    """``change_stage``: the new stage and the public note that says why."""

    stage = Choice(IdeaStage, required=True, error_messages={"unknown": _l("Choose one of the stages.")})
    note = Text(min=1, max=2000, required=True)


class VolunteerOffer(InputSchema):
    """``volunteer``: what one can do and when (both optional)."""

    skills = Text(max=500)
    availability = Text(max=300)
