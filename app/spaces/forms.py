from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import Optional

from app.spaces.labels import FACILITIES, FUND_LABELS, KIND_LABELS


class SpaceForm(FlaskForm):
    name = StringField(
        _l("Name"),
        description=_l("For example: Ex Mercato coperto – Hub di comunità."),
    )
    kind = RadioField(
        _l("Kind of space"),
        choices=[(k.value, label) for k, label in KIND_LABELS.items()],
        default="physical",
    )
    address = StringField(_l("Address"), description=_l("Street and number, for a physical place."))
    link = StringField(
        _l("Link to the virtual room"),
        description=_l("For a virtual room: the web address people open to join."),
    )
    lat = StringField(_l("Latitude"), validators=[Optional()])
    lng = StringField(_l("Longitude"), validators=[Optional()])
    area_id = SelectField(
        _l("Target area"),
        coerce=str,
        validators=[Optional()],
        description=_l("Found from the point on the map when there is one; choose it otherwise."),
    )
    capacity = IntegerField(_l("Capacity (people)"), validators=[Optional()], default=0)
    accessible = BooleanField(_l("Step-free access"))
    accessibility_notes = TextAreaField(
        _l("Accessibility notes"),
        description=_l("Entrances, lifts, toilets, hearing loops, anything visitors should know."),
    )
    facilities = SelectMultipleField(
        _l("Facilities"), choices=[(k, label) for k, label in FACILITIES.items()], validators=[Optional()]
    )
    availability = StringField(
        _l("Availability"),
        description=_l("For example: Monday to Friday 9–20, Saturday morning."),
    )
    recovered_with = SelectField(
        _l("Recovered with the fund"),
        choices=[("", _l("— not recovered with cohesion funds —"))]
        + [(f.value, label) for f, label in FUND_LABELS.items()],
        validators=[Optional()],
    )
    owner = SelectField(_l("Owner"), coerce=str)


class BookingForm(FlaskForm):
    day = DateField(_l("Day"))
    start = TimeField(_l("From"))
    end = TimeField(_l("To"))
    purpose = StringField(
        _l("What for"),
        description=_l("Shown on the space's calendar, for example: choir rehearsal, tenants' meeting."),
    )


class IdeaSpaceForm(FlaskForm):
    space_id = SelectField(_l("A space of the city"), coerce=str, validate_choice=False)
    space_needed = StringField(
        _l("What kind of space it needs"),
        description=_l("For example: a room for 30 people with a kitchen, two evenings a week."),
    )
