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
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from app.spaces.services import FACILITIES, FUND_LABELS, KIND_LABELS


class SpaceForm(FlaskForm):
    name = StringField(
        _l("Name"),
        validators=[DataRequired(), Length(min=3, max=200)],
        description=_l("For example: Ex Mercato coperto – Hub di comunità."),
    )
    kind = RadioField(
        _l("Kind of space"),
        choices=[(k.value, label) for k, label in KIND_LABELS.items()],
        default="physical",
    )
    address = StringField(
        _l("Address"), validators=[Length(max=300)], description=_l("Street and number, for a physical place.")
    )
    link = StringField(
        _l("Link to the virtual room"),
        validators=[Length(max=500)],
        description=_l("For a virtual room: the web address people open to join."),
    )
    lat = StringField(_l("Latitude"), validators=[Optional(), Length(max=30)])
    lng = StringField(_l("Longitude"), validators=[Optional(), Length(max=30)])
    area_id = SelectField(
        _l("Target area"),
        coerce=str,
        validators=[Optional()],
        description=_l("Found from the point on the map when there is one; choose it otherwise."),
    )
    capacity = IntegerField(_l("Capacity (people)"), validators=[Optional(), NumberRange(min=0, max=100000)], default=0)
    accessible = BooleanField(_l("Step-free access"))
    accessibility_notes = TextAreaField(
        _l("Accessibility notes"),
        validators=[Length(max=500)],
        description=_l("Entrances, lifts, toilets, hearing loops, anything visitors should know."),
    )
    facilities = SelectMultipleField(
        _l("Facilities"), choices=[(k, label) for k, label in FACILITIES.items()], validators=[Optional()]
    )
    availability = StringField(
        _l("Availability"),
        validators=[Length(max=300)],
        description=_l("For example: Monday to Friday 9–20, Saturday morning."),
    )
    recovered_with = SelectField(
        _l("Recovered with the fund"),
        choices=[("", _l("— not recovered with cohesion funds —"))]
        + [(f.value, label) for f, label in FUND_LABELS.items()],
        validators=[Optional()],
    )
    owner = SelectField(_l("Owner"), coerce=str, validators=[DataRequired()])

    def data_for_service(self) -> dict:
        return {
            "name": self.name.data,
            "kind": self.kind.data,
            "address": self.address.data,
            "link": self.link.data,
            "lat": self.lat.data,
            "lng": self.lng.data,
            "area_id": self.area_id.data,
            "capacity": self.capacity.data,
            "accessible": self.accessible.data,
            "accessibility_notes": self.accessibility_notes.data,
            "facilities": self.facilities.data or [],
            "availability": self.availability.data,
            "recovered_with": self.recovered_with.data,
            "owner": self.owner.data,
        }


class BookingForm(FlaskForm):
    day = DateField(_l("Day"), validators=[DataRequired()])
    start = TimeField(_l("From"), validators=[DataRequired()])
    end = TimeField(_l("To"), validators=[DataRequired()])
    purpose = StringField(
        _l("What for"),
        validators=[Length(max=300)],
        description=_l("Shown on the space's calendar, for example: choir rehearsal, tenants' meeting."),
    )


class CancelForm(FlaskForm):
    """Only the CSRF token: cancelling a booking is a POST."""


class IdeaSpaceForm(FlaskForm):
    space_id = SelectField(_l("A space of the city"), coerce=str, validators=[Optional()])
    space_needed = StringField(
        _l("What kind of space it needs"),
        validators=[Length(max=300)],
        description=_l("For example: a room for 30 people with a kitchen, two evenings a week."),
    )
