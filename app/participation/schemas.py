"""Input schemas of participation: a comment (or a reply), a staff answer on a need, a
report and a moderation decision. The services load them; the API documents them; the
forms of the panel show their errors."""

from __future__ import annotations

import enum

import marshmallow as ma
from flask_babel import lazy_gettext as _l

from app.models import NeedStatus
from app.schemas import Choice, Id, InputSchema, Text

COMMENT_MAX = 5000
ANSWER_MAX = 5000
REASON_MIN, REASON_MAX = 3, 500


def _comment_body() -> Text:
    return Text(
        min=1,
        max=COMMENT_MAX,
        required=True,
        error_messages={"required": _l("Write a comment first."), "null": _l("Write a comment first.")},
        max_error=_l("A comment can be at most %(max)d characters long.", max=COMMENT_MAX),
        metadata={"description": "limited Markdown"},
    )


class CommentInput(InputSchema):
    """A comment of 1–5 000 characters (limited Markdown); ``parent_id`` replies to a comment
    (a reply's reply attaches to its top comment)."""

    body = _comment_body()
    parent_id = Id(
        allow_none=True,
        load_default=None,
        range_error=_l("The comment you reply to is not on this page."),
        metadata={"description": "reply to this comment (a reply's reply attaches to its top comment)"},
    )


class CommentEditInput(InputSchema):
    """The corrected text of a comment."""

    body = _comment_body()


class AnswerInput(InputSchema):
    """A staff answer on a need: the ``status`` it moves to and a public ``text``; declining
    needs a reason, and keeping the status needs an answer."""

    status = Choice(NeedStatus, required=True, error_messages={"unknown": _l("Choose one of the statuses offered.")})
    text = Text(max=ANSWER_MAX, metadata={"description": "the public answer"})

    @ma.validates_schema
    def _reason_when_declined(self, data, **kwargs):
        if data.get("status") is NeedStatus.DECLINED and not data.get("text"):
            raise ma.ValidationError(str(_l("Say why the need is declined: the reason is public.")), "text")


def _reason(**kwargs) -> Text:
    return Text(
        min=REASON_MIN,
        max=REASON_MAX,
        required=True,
        error_messages={
            "required": _l("Say briefly why (at least %(min)d characters).", min=REASON_MIN),
            "null": _l("Say briefly why (at least %(min)d characters).", min=REASON_MIN),
        },
        min_error=_l("Say briefly why (at least %(min)d characters).", min=REASON_MIN),
        **kwargs,
    )


class ReportInput(InputSchema):
    """Why someone reports a need, idea or comment (3–500 characters)."""

    reason = _reason()


class Decision(enum.Enum):
    HIDE = "hide"
    RESTORE = "restore"


class ModerationInput(InputSchema):
    """Staff hide an item or make it visible again, with a reason the author reads."""

    action = Choice(Decision, required=True)
    reason = _reason(metadata={"description": "the author reads it"})
