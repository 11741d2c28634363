"""Forms of the participation panel (each also carries ``next``: where to go back to).
Their limits are the schemas' (``app.participation.schemas``)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import Optional

from app.needs.labels import STATUS_LABELS


class ActionForm(FlaskForm):
    """A button: support, withdraw, follow, unfollow, remove a comment."""

    next = HiddenField()


class CommentForm(ActionForm):
    body = TextAreaField(
        _l("Your comment"),
        description=_l("Be kind and concrete. You can use *italics*, **bold**, lists and links."),
    )
    parent_id = IntegerField(widget=HiddenField.widget, validators=[Optional()])


class EditCommentForm(ActionForm):
    body = TextAreaField(
        _l("Your comment"),
    )


class ReportForm(ActionForm):
    reason = StringField(
        _l("Why are you reporting this?"),
        description=_l("For example: offensive words, personal data, advertising, off topic."),
    )


class AnswerForm(ActionForm):
    status = SelectField(
        _l("Status"), choices=[(status.value, label) for status, label in STATUS_LABELS.items()], coerce=str
    )
    text = TextAreaField(
        _l("Public answer"),
        description=_l("Shown on the need's page with today's date. Required when you decline the need."),
    )


class ModerationForm(ActionForm):
    action = SelectField(_l("Decision"), choices=[("hide", _l("Hide")), ("restore", _l("Show"))], coerce=str)
    reason = StringField(
        _l("Reason"),
        description=_l("The author reads it."),
    )
