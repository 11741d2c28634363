"""The schemas of ideas: the input of each write (the one place where its limits are
written) and :class:`IdeaSchema`, the one representation of an idea for everyone.

The services load the inputs (``app.schemas.load``); ``POST /api/v1/ideas`` documents
:class:`IdeaProposal` as its request body; the forms show the services' field errors.
Whatever needs the database (the city exists, the needs and the area belong to it) is the
service's, once. :class:`IdeaSchema` is what the API answers for an idea and what the live
``item:created`` push carries, so a page that inserts a new idea reads the API's fields.
"""

from __future__ import annotations

import marshmallow as ma
from flask_babel import lazy_gettext as _l
from marshmallow import fields, validate

from app.ideas import links, stages
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


# --- the idea as everyone reads it (API answers, live pushes) ------------------------------

STAGES = [s.value for s in IdeaStage]


def _need_url(need) -> str:
    return links.absolute(links.need_path(need) or links.path_for("ideas.index", city=need.city.slug, need=need.id))


class AreaRefSchema(ma.Schema):
    id = fields.Integer()
    name = fields.String()


class NeedRefSchema(ma.Schema):
    id = fields.Integer()
    title = fields.String()
    status = fields.Function(lambda n: n.status.value)
    url = fields.Function(_need_url)


class IdeaSchema(ma.Schema):
    """An idea as the API lists it and as ``item:created`` (kind ``idea``) pushes it."""

    id = fields.Integer()
    city = fields.Function(lambda i: i.city.slug)
    area = fields.Nested(AreaRefSchema, allow_none=True)
    title = fields.String()
    summary = fields.String()
    body = fields.String(metadata={"description": "as written (limited Markdown)"})
    body_html = fields.String(metadata={"description": "sanitised HTML rendering of body"})
    stage = fields.Function(lambda i: i.stage.value, metadata={"enum": STAGES})
    stage_label = fields.Function(lambda i: stages.label(i.stage))
    author = fields.Function(lambda i: {"id": i.author.id, "name": i.author.display_name})
    needs = fields.List(fields.Nested(NeedRefSchema))
    workshop_id = fields.Integer(allow_none=True)
    support_count = fields.Integer()
    comment_count = fields.Integer()
    volunteer_count = fields.Integer()
    version = fields.Integer(metadata={"description": "1 + the number of edits; earlier texts on the history page"})
    hidden = fields.Boolean()
    created_at = fields.DateTime()
    updated_at = fields.DateTime()
    url = fields.Function(lambda i: links.absolute(links.idea_path(i)))
