"""Input schemas of the spaces feature: one per write (a space, a time slot, a booking from
the space's page, the space an idea needs). The services load them; the forms show their
errors on the fields of the same names."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

import marshmallow as ma
from flask_babel import lazy_gettext as _l
from marshmallow import fields, validate

from app.models import Fund, SpaceKind
from app.models.base import utcnow
from app.schemas import MAX_INT, Choice, Flag, Id, InputSchema, Int, Text
from app.spaces.labels import FACILITIES

#: The longest booking.
MAX_BOOKING = timedelta(hours=24)

REQUIRED = _l("This field is required.")


class Line(Text):
    """One line of text, trimmed, without NUL characters (PostgreSQL refuses them). A form
    field missing from the request (``None``) is empty, unless ``keep_none`` (``None`` then
    means "unchanged")."""

    def __init__(self, *, keep_none: bool = False, **kwargs):
        self.keep_none = keep_none
        if keep_none:
            kwargs.update(allow_none=True, load_default=None)
        super().__init__(**kwargs)

    def deserialize(self, value, attr=None, data=None, **kwargs):
        if value is None and not self.keep_none:
            value = ""
        return super().deserialize(value, attr, data, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, str):
            value = value.replace("\x00", "")
        return super()._deserialize(value, attr, data, **kwargs)


def whole_number(min: int, max: int, message, **kwargs) -> Int:
    """A whole number from ``min`` to ``max``; anything else is answered with ``message``."""
    return Int(min=min, max=max, range_error=message, error_messages={"invalid": message}, **kwargs)


class Coordinate(fields.Float):
    """A latitude or longitude in degrees, within ``±limit``; empty is ``None``."""

    def __init__(self, limit: float, message, **kwargs):
        messages = {"invalid": message, "special": message, "too_large": message}
        super().__init__(
            allow_nan=False,
            allow_none=True,
            load_default=None,
            validate=validate.Range(-limit, limit, error=str(message)),
            error_messages=messages,
            **kwargs,
        )

    def deserialize(self, value, attr=None, data=None, **kwargs):
        if isinstance(value, str) and not value.strip():
            value = None
        return super().deserialize(value, attr, data, **kwargs)


class Facilities(fields.Field):
    """Keys of :data:`FACILITIES` (one key or a list), kept in the list's order."""

    default_error_messages = {"invalid": _l("Choose facilities from the list.")}

    def deserialize(self, value, attr=None, data=None, **kwargs):
        return super().deserialize([] if value is None else value, attr, data, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list | tuple) or any(not isinstance(v, str) or v not in FACILITIES for v in value):
            raise self.make_error("invalid")
        return [key for key in FACILITIES if key in value]


class Owner(fields.Field):
    """``"city"`` (loads as ``None``) or ``"org:<id>"`` (loads as the organisation's id)."""

    default_error_messages = {
        "invalid": _l("Say who owns the space: the city or an organisation."),
        "required": _l("Say who owns the space: the city or an organisation."),
        "null": _l("Say who owns the space: the city or an organisation."),
    }

    def _deserialize(self, value, attr, data, **kwargs):
        if value == "city":
            return None
        if isinstance(value, str) and value.startswith("org:") and value[4:].isdigit() and len(value) <= 14:
            if 1 <= int(value[4:]) <= MAX_INT:
                return int(value[4:])
        raise self.make_error("invalid")


def is_web_link(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and " " not in value


class SpaceInput(InputSchema):
    """A space, as registered or edited (every field, also on edit)."""

    name = Line(min=3, max=200, required=True, min_error=_l("Enter a name of at least 3 characters."))
    kind = Choice(SpaceKind, load_default=SpaceKind.PHYSICAL)
    address = Line(max=300)
    link = Line(max=500)
    lat = Coordinate(90, _l("Enter a latitude between -90 and 90."))
    lng = Coordinate(180, _l("Enter a longitude between -180 and 180."))
    area_id = Id(allow_none=True, load_default=None, range_error=_l("Choose an area of the city."))
    capacity = whole_number(
        0, 100000, _l("Enter a number of people from 0 to 100000."), allow_none=True, load_default=None
    )
    accessible = Flag()
    accessibility_notes = Line(max=500)
    facilities = Facilities(load_default=list)
    availability = Line(max=300)
    recovered_with = Choice(Fund, allow_none=True, load_default=None)
    owner = Owner(required=True)

    @ma.pre_load
    def _empty_choices(self, data, **kwargs):
        """An empty radio or select (``""``) is no choice: the default."""
        if isinstance(data, dict):
            data = {k: v for k, v in data.items() if not (k in ("kind", "recovered_with") and v in ("", None))}
        return data

    @ma.validates_schema(skip_on_field_errors=False)
    def _by_kind(self, data, **kwargs):
        """A physical place has an address, a virtual room a web link; a point has both
        coordinates or none."""
        errors = {}
        kind = data.get("kind")
        if kind is SpaceKind.PHYSICAL and data.get("address") == "":
            errors["address"] = [str(REQUIRED)]
        if kind is SpaceKind.VIRTUAL and data.get("link") == "":
            errors["link"] = [str(REQUIRED)]
        elif data.get("link") and not is_web_link(data["link"]):
            errors["link"] = [str(_l("Enter a web address starting with https://."))]
        if "lat" in data and "lng" in data and (data["lat"] is None) != (data["lng"] is None):
            errors["lat" if data["lat"] is None else "lng"] = [str(_l("Give both latitude and longitude, or neither."))]
        if errors:
            raise ma.ValidationError(errors)

    @ma.post_load
    def _columns(self, data, **kwargs):
        """The column values: a virtual room has no address or point, a place no link."""
        if data["kind"] is SpaceKind.VIRTUAL:
            data.update(lat=None, lng=None, address="")
        else:
            data["link"] = ""
        data["capacity"] = data["capacity"] or 0
        owner = data.pop("owner")
        data["owned_by_city"], data["owner_organisation_id"] = owner is None, owner
        return data


def _slot_time(message) -> fields.AwareDateTime:
    return fields.AwareDateTime(
        required=True,
        error_messages={"required": message, "null": message, "invalid": message, "invalid_awareness": message},
    )


class SlotInput(InputSchema):
    """A time slot ``[starts_at, ends_at)`` of a space (timezone-aware), at most 24 hours,
    not over yet."""

    starts_at = _slot_time(_l("Enter a valid start date and time."))
    ends_at = _slot_time(_l("Enter a valid end date and time."))
    purpose = Line(max=300)

    @ma.validates_schema
    def _in_order(self, data, **kwargs):
        starts_at, ends_at = data["starts_at"], data["ends_at"]
        if ends_at <= starts_at:
            raise ma.ValidationError(str(_l("The end must be after the start.")), "ends_at")
        if ends_at - starts_at > MAX_BOOKING:
            raise ma.ValidationError(str(_l("A booking can last at most 24 hours.")), "ends_at")
        if ends_at <= utcnow():
            raise ma.ValidationError(str(_l("This time slot is already over.")), "starts_at")


def _form_value(field, message):
    return field(required=True, error_messages={"required": message, "null": message, "invalid": message})


class BookingInput(InputSchema):
    """A booking as the space's page asks for it: a day and two times in local time."""

    day = _form_value(fields.Date, _l("Enter a valid date."))
    start = _form_value(fields.Time, _l("Enter a valid start time."))
    end = _form_value(fields.Time, _l("Enter a valid end time."))
    purpose = Line(max=300)


class IdeaSpaceInput(InputSchema):
    """The space an idea needs: a space of its city (or none) and, when given, a short
    description of the space wanted (``None``: unchanged)."""

    space_id = Id(allow_none=True, load_default=None, range_error=_l("Choose a space of the idea's city."))
    space_needed = Line(max=300, keep_none=True)
