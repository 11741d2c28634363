"""Forms of the participation panel (each also carries ``next``: where to go back to)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from app.participation.answers import STATUS_LABELS
from app.participation.moderation import REASON_MAX, REASON_MIN
from app.participation.services import COMMENT_MAX


class ActionForm(FlaskForm):
    """A button: support, withdraw, follow, unfollow, remove a comment."""

    next = HiddenField()


class CommentForm(ActionForm):
    body = TextAreaField(
        _l("Your comment"),
        validators=[DataRequired(message=_l("Write a comment first.")), Length(max=COMMENT_MAX)],
        description=_l("Be kind and concrete. You can use *italics*, **bold**, lists and links."),
    )
    parent_id = IntegerField(widget=HiddenField.widget, validators=[Optional()])


class EditCommentForm(ActionForm):
    body = TextAreaField(
        _l("Your comment"),
        validators=[DataRequired(message=_l("Write a comment first.")), Length(max=COMMENT_MAX)],
    )


class ReportForm(ActionForm):
    reason = StringField(
        _l("Why are you reporting this?"),
        validators=[DataRequired(), Length(min=REASON_MIN, max=REASON_MAX)],
        description=_l("For example: offensive words, personal data, advertising, off topic."),
    )


class AnswerForm(ActionForm):
    status = SelectField(
        _l("Status"), choices=[(status.value, label) for status, label in STATUS_LABELS.items()], coerce=str
    )
    text = TextAreaField(
        _l("Public answer"),
        validators=[Length(max=5000)],
        description=_l("Shown on the need's page with today's date. Required when you decline the need."),
    )


class ModerationForm(ActionForm):
    action = SelectField(_l("Decision"), choices=[("hide", _l("Hide")), ("restore", _l("Show"))], coerce=str)
    reason = StringField(
        _l("Reason"),
        validators=[DataRequired(), Length(min=REASON_MIN, max=REASON_MAX)],
        description=_l("The author reads it."),
    )
