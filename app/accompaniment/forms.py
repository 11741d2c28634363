from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import Optional


class TrackForm(FlaskForm):
    organisation = SelectField(_l("Organisation"), coerce=str, validators=[Optional()])
    idea = SelectField(_l("Idea"), coerce=str, validators=[Optional()])
    title = StringField(
        _l("Title"),
        description=_l("Left empty, the name of the organisation or the idea is used."),
    )


class TrackSettingsForm(FlaskForm):
    title = StringField(_l("Title"))
    closed = BooleanField(_l("The track is closed"))


class SessionForm(FlaskForm):
    held_on = DateField(_l("Date"), validators=[Optional()])
    topic = StringField(
        _l("Topic"),
        description=_l("For example: statute and RUNTS registration, draft budget."),
    )
    participants = StringField(
        _l("Participants"),
        description=_l("Names or roles, separated by commas."),
    )
    notes = TextAreaField(
        _l("Notes"),
        description=_l(
            "What was discussed and agreed, next steps. You can use simple Markdown: **bold**, lists, links."
        ),
    )


class TemplateItemForm(FlaskForm):
    label = StringField(_l("Label"))
    weight = IntegerField(
        _l("Weight"),
        validators=[Optional()],
        default=1,
        description=_l("How much the item counts in the readiness score, from 1 to 10."),
    )


class TemplateItemEditForm(TemplateItemForm):
    position = IntegerField(_l("Position"), validators=[Optional()])
