"""The input schemas of the workshops' writes: the one place where their limits are written.

The services load them (``app.schemas.load``); the API documents them as its request
bodies; the forms show the services' field errors. The checks that need the database (the
area, the space, the needs, ideas and co-facilitators of the city, places already taken,
a time already over) are made once, in ``services.py``.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import marshmallow as ma
from flask_babel import lazy_gettext as _l
from marshmallow import fields

from app.models.workshop import PhaseKind, WorkshopMode
from app.schemas import MAX_INT, Choice, Flag, Ids, InputSchema, Int, Text
from app.workshops.common import rome_to_utc

MAX_PHASES = 20
MAX_DURATION = timedelta(hours=24)
MAX_CAPACITY = 1000
MAX_VOTE_BUDGET = 50
MAX_CO_FACILITATORS = 10
MAX_INVITES = 100
MINUTES_MAX = 10000


def _too_long(limit: int):
    return _l("Use at most %(n)s characters.", n=limit)


def _say(message, *keys: str) -> dict:
    """One message for every way a field can be missing or wrong."""
    return {key: message for key in ("required", "null", *keys)}


class RowId(Int):
    """The id of a row, or the row itself (the services' Python callers pass objects)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("range_error", _l("Unknown reference."))
        super().__init__(min=1, max=MAX_INT, **kwargs)

    def deserialize(self, value, attr=None, data=None, **kwargs):
        if value is not None and not isinstance(value, int | str) and hasattr(value, "id"):
            value = value.id
        if value == 0 or value == "0":  # a form's "— none —"
            value = None
        return super().deserialize(value, attr, data, **kwargs)


class When(fields.DateTime):
    """An ISO 8601 date and time, or a ``datetime`` (forms); without a time zone it is the
    Italian wall clock (Europe/Rome). Loads as UTC."""

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, datetime):
            value = super()._deserialize(value, attr, data, **kwargs)
        return rome_to_utc(value)


class Addresses(fields.List):
    """Email addresses, as a list or as one text separated by commas, semicolons or lines;
    loads as distinct lower-case addresses, sorted."""

    def __init__(self, *, max_items: int, too_many, **kwargs):
        self.max_items, self.too_many = max_items, too_many
        if not kwargs.get("required"):
            kwargs.setdefault("load_default", list)
        super().__init__(fields.String(validate=ma.validate.Length(max=320)), **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        if value is None:
            value = []
        if isinstance(value, str):
            if len(value) > 100 * self.max_items:
                raise ma.ValidationError(str(self.too_many))
            value = value.replace(";", ",").replace("\n", ",").split(",")
        emails = super()._deserialize(value, attr, data, **kwargs)
        found = sorted({e.replace("\x00", "").strip().lower() for e in emails if e.strip()})
        if len(found) > self.max_items:
            raise ma.ValidationError(str(self.too_many))
        return found


class PhaseInput(InputSchema):
    name = Text(required=True, min=1, max=80)
    kind = Choice(PhaseKind, required=True)
    minutes = Int(required=True, min=1, max=480)


class Agenda(fields.List):
    """The phases in order (errors land on ``agenda.<index>.<field>``)."""

    default_error_messages = {"invalid": _l("The agenda must be a list of phases.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("load_default", list)
        too_many = _l("An agenda can have at most %(n)s phases.", n=MAX_PHASES)
        kwargs.setdefault("validate", ma.validate.Length(max=MAX_PHASES, error=str(too_many)))
        super().__init__(fields.Nested(PhaseInput), **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        return [] if value is None else super()._deserialize(value, attr, data, **kwargs)


def _web_address(value: str) -> None:
    if value and (not value.lower().startswith(("https://", "http://")) or " " in value):
        raise ma.ValidationError(str(_l("Enter a web address starting with https://.")))


class WorkshopInput(InputSchema):
    """Schedule or edit a workshop. ``space`` is booked for the workshop's time."""

    title = Text(
        required=True,
        min=3,
        max=140,
        min_error=_l("Give the workshop a title of at least 3 characters."),
        max_error=_too_long(140),
    )
    goal = Text(max=4000, max_error=_too_long(4000))
    area = RowId(load_default=None, allow_none=True, metadata={"description": "target area id"})
    need_ids = Ids(max_items=100)
    idea_ids = Ids(max_items=100)
    mode = Choice(
        WorkshopMode,
        required=True,
        error_messages=_say(_l("Choose in person, online or hybrid."), "unknown"),
    )
    place = Text(max=300, max_error=_too_long(300), metadata={"description": "in person"})
    link = Text(max=500, max_error=_too_long(500), validate=_web_address, metadata={"description": "online"})
    space = RowId(load_default=None, allow_none=True, metadata={"description": "a space to book"})
    starts_at = When(
        required=True,
        error_messages=_say(_l("Enter a valid start date and time."), "invalid"),
        metadata={"description": "ISO 8601; without a time zone, Italian time (Europe/Rome)"},
    )
    ends_at = When(
        required=True,
        error_messages=_say(_l("Enter a valid end date and time."), "invalid"),
    )
    capacity = Int(
        required=True,
        min=1,
        max=MAX_CAPACITY,
        range_error=_l("The places must be between 1 and %(n)s.", n=MAX_CAPACITY),
    )
    public = Flag(load_default=True)
    agenda = Agenda()
    vote_budget = Int(
        load_default=5,
        min=0,
        max=MAX_VOTE_BUDGET,
        range_error=_l("The votes per person must be between 0 and %(n)s.", n=MAX_VOTE_BUDGET),
    )
    co_facilitators = Addresses(
        max_items=MAX_CO_FACILITATORS,
        too_many=_l("At most %(n)s co-facilitators.", n=MAX_CO_FACILITATORS),
        metadata={"description": "emails of facilitators of the city"},
    )

    @ma.validates_schema
    def _consistent(self, data, **kwargs):
        errors: dict[str, list[str]] = {}
        mode = data.get("mode")
        if mode in (WorkshopMode.ONLINE, WorkshopMode.HYBRID) and not data.get("link"):
            errors["link"] = [str(_l("Give the link of the online room."))]
        starts_at, ends_at = data.get("starts_at"), data.get("ends_at")
        if starts_at and ends_at:
            if ends_at <= starts_at:
                errors["ends_at"] = [str(_l("The end must be after the start."))]
            elif ends_at - starts_at > MAX_DURATION:
                errors["ends_at"] = [str(_l("A workshop can last at most 24 hours."))]
        if errors:
            raise ma.ValidationError(errors)

    @ma.post_load
    def _by_mode(self, data, **kwargs):
        if data["mode"] is WorkshopMode.ONLINE:
            data["place"] = ""
        if data["mode"] is WorkshopMode.IN_PERSON:
            data["link"] = ""
        return data


class WorkshopCreateInput(WorkshopInput):
    """``POST /api/v1/workshops``: the workshop and the city it is scheduled in."""

    city = fields.String(required=True, metadata={"description": "city slug"})


class InvitationInput(InputSchema):
    emails = Addresses(
        max_items=MAX_INVITES,
        too_many=_l("At most %(n)s addresses at a time.", n=MAX_INVITES),
        required=True,
    )

    @ma.validates("emails")
    def _some(self, value, **kwargs):
        if not value:
            raise ma.ValidationError(str(_l("Write at least one email address.")))


class AttendanceInput(InputSchema):
    """The registered people who came (the ticked boxes' user ids); anything that is not
    an id is no one, and is ignored."""

    present = Ids(max_items=MAX_CAPACITY)

    @ma.pre_load
    def _ids_only(self, data, **kwargs):
        values = data.get("present") or []
        if isinstance(values, list | tuple):
            ids = {str(v) for v in values if str(v).isdigit() and 1 <= int(str(v)[:12]) <= MAX_INT}
            data = {**data, "present": sorted(ids)}
        return data


class MinutesInput(InputSchema):
    decisions = Text(max=MINUTES_MAX, max_error=_too_long(MINUTES_MAX))
    notes = Text(max=MINUTES_MAX, max_error=_too_long(MINUTES_MAX))


class IdeaFromBoardInput(InputSchema):
    """Title and summary of an idea made from the board; empty ones are made from the notes."""

    title = Text(max=140, max_error=_too_long(140))
    summary = Text(max=500, max_error=_too_long(500))
