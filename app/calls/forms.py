"""Forms of the call page. They render and carry CSRF; the limits are the service's schemas."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, StringField, TextAreaField

from app.calls import labels


class CommentForm(FlaskForm):
    section = SelectField(_l("Section of the call"), choices=[])
    body = TextAreaField(_l("Your comment"), description=_l("Say what you would change and why."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.section.choices = [(s.value, str(label)) for s, label in labels.SECTIONS.items()]


class ReplyForm(FlaskForm):
    reply = TextAreaField(_l("Reply"))
    outcome = SelectField(_l("What becomes of the comment"), choices=[])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.outcome.choices = [(o.value, str(label)) for o, label in labels.OUTCOMES.items() if o.value != "pending"]


class StepForm(FlaskForm):
    to = HiddenField()
    reason = StringField(_l("Reason (kept in the call's history)"))
