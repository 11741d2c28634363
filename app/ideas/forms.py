"""Forms of the ideas pages. The services check every rule again (the API and other
features call them too); these give early, labelled errors."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from app.ideas import services, stages

REQUIRED = _l("This field is required.")


def _too_long(n: int):
    return Length(max=n, message=_l("Use at most %(max)d characters."))


class IdeaTextForm(FlaskForm):
    title = StringField(
        _l("Title"),
        validators=[DataRequired(message=REQUIRED), _too_long(services.TITLE[1])],
        description=_l("A short name for the idea, for example “A tool library in the courtyard”."),
    )
    summary = TextAreaField(
        _l("Summary"),
        validators=[DataRequired(message=REQUIRED), _too_long(services.SUMMARY[1])],
        description=_l("Two or three sentences: what you propose and for whom."),
    )
    body = TextAreaField(
        _l("The idea in detail"),
        validators=[DataRequired(message=REQUIRED), _too_long(services.BODY[1])],
        description=_l(
            "How it would work, who could take part, what it needs (spaces, people, money). "
            "You can use simple formatting: **bold**, *italics*, lists and links."
        ),
    )
    area = SelectField(_l("Target area"), coerce=str, validators=[Optional()])


class ProposeForm(IdeaTextForm):
    need_ids = SelectMultipleField(_l("Needs this idea answers"), coerce=int, validate_choice=False)
    other_needs = StringField(
        _l("Other needs (numbers)"),
        validators=[Optional(), _too_long(200)],
        description=_l("The numbers of other needs of this city, separated by commas, for example: 12, 40."),
    )


class EditForm(IdeaTextForm):
    version = HiddenField()


class StageForm(FlaskForm):
    stage = SelectField(_l("New stage"), validators=[Optional()])
    note = TextAreaField(
        _l("Note"),
        validators=[DataRequired(message=REQUIRED), _too_long(services.NOTE[1])],
        description=_l("Public: say why the idea moves, and what comes next."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.stage.choices = stages.choices()  # in the language of this request


class VolunteerForm(FlaskForm):
    skills = TextAreaField(
        _l("What you can do"),
        validators=[Optional(), _too_long(services.SKILLS_MAX)],
        description=_l("For example: carpentry, social media, Arabic–Italian translation."),
    )
    availability = StringField(
        _l("When you are available"),
        validators=[Optional(), _too_long(services.AVAILABILITY_MAX)],
        description=_l("For example: Saturday mornings, two evenings a month."),
    )


class ConfirmForm(FlaskForm):
    """A button that only needs the CSRF token (follow, unfollow, withdraw)."""
