"""Forms of the ideas pages: rendering, CSRF and layout. Their limits are the input
schemas' (``app/ideas/schemas.py``), which the services load; the field names are the
schemas' so that the services' errors land on the fields."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, SelectMultipleField, StringField, TextAreaField

from app.ideas import stages


class IdeaTextForm(FlaskForm):
    title = StringField(
        _l("Title"),
        description=_l("A short name for the idea, for example “A tool library in the courtyard”."),
    )
    summary = TextAreaField(
        _l("Summary"),
        description=_l("Two or three sentences: what you propose and for whom."),
    )
    body = TextAreaField(
        _l("The idea in detail"),
        description=_l(
            "How it would work, who could take part, what it needs (spaces, people, money). "
            "You can use simple formatting: **bold**, *italics*, lists and links."
        ),
    )
    area = SelectField(_l("Target area"), coerce=str, validate_choice=False)


class ProposeForm(IdeaTextForm):
    need_ids = SelectMultipleField(_l("Needs this idea answers"), coerce=int, validate_choice=False)
    other_needs = StringField(
        _l("Other needs (numbers)"),
        description=_l("The numbers of other needs of this city, separated by commas, for example: 12, 40."),
    )


class EditForm(IdeaTextForm):
    version = HiddenField()


class StageForm(FlaskForm):
    stage = SelectField(_l("New stage"), validate_choice=False)
    note = TextAreaField(
        _l("Note"),
        description=_l("Public: say why the idea moves, and what comes next."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.stage.choices = stages.choices()  # in the language of this request


class VolunteerForm(FlaskForm):
    skills = TextAreaField(
        _l("What you can do"),
        description=_l("For example: carpentry, social media, Arabic–Italian translation."),
    )
    availability = StringField(
        _l("When you are available"),
        description=_l("For example: Saturday mornings, two evenings a month."),
    )
