"""What the projects' services take: the project's CUP, dates and milestones (staff's PATCH),
a change of state with its reason, and the day a milestone was reached. Every limit of these
writes is here, once; the forms and the API hand their raw values to the services."""

from __future__ import annotations

import re
from datetime import date

import marshmallow as ma
from flask_babel import lazy_gettext as _l
from marshmallow import fields, validate, validates_schema

from app import times
from app.models.project import CUP_PATTERN, ProjectState
from app.schemas import Choice, Id, InputSchema, Text

#: Dates a project may carry: the 2014-2020 programme's first operations to well past 2027-2029.
FIRST_DAY, LAST_DAY = date(2014, 1, 1), date(2040, 12, 31)
MAX_MILESTONES = 30
#: The longest a project may run.
MAX_YEARS = 10

_CUP = re.compile(CUP_PATTERN)


class Day(fields.Date):
    """A calendar day, ISO 8601 (``2027-03-01``) or a ``date`` from a form, between
    ``FIRST_DAY`` and ``LAST_DAY``; an empty optional day is ``None``."""

    default_error_messages = {
        "required": _l("Enter a date."),
        "null": _l("Enter a date."),
        "invalid": _l("Enter a date, e.g. 2027-03-01."),
        "format": _l("Enter a date, e.g. 2027-03-01."),
    }

    def deserialize(self, value, attr=None, data=None, **kwargs):
        if self.allow_none and (value is None or (isinstance(value, str) and not value.strip())):
            value = None
        return super().deserialize(value, attr, data, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, date):
            day = value
        elif isinstance(value, str) and len(value) <= 10:
            day = super()._deserialize(value, attr, data, **kwargs)
        else:
            raise self.make_error("invalid")
        if not FIRST_DAY <= day <= LAST_DAY:
            raise ma.ValidationError(
                str(_l("Enter a date between %(first)s and %(last)s.", first=FIRST_DAY.year, last=LAST_DAY.year))
            )
        return day


class Cup(fields.String):
    """The CUP: 15 letters and digits, the first a letter; typed in lower case or with spaces
    it is read in capitals without them. Empty: not known yet (``None``)."""

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        cup = re.sub(r"[\s-]", "", text)[:40].upper()
        if not cup:
            return None
        if not _CUP.match(cup):
            raise ma.ValidationError(
                str(_l("A CUP is 15 letters and digits and starts with a letter, e.g. J81B21000010006."))
            )
        return cup

    def deserialize(self, value, attr=None, data=None, **kwargs):
        if value is None:
            return None
        if isinstance(value, str) and len(value) > 40:
            raise ma.ValidationError(
                str(_l("A CUP is 15 letters and digits and starts with a letter, e.g. J81B21000010006."))
            )
        return super().deserialize(value, attr, data, **kwargs)


def _not_in_future(data: dict) -> None:
    reached = data.get("reached_on")
    if reached is not None and reached > times.now_local().date():
        raise ma.ValidationError(str(_l("A milestone cannot be reached in the future.")), "reached_on")


class MilestoneInput(InputSchema):
    #: A milestone already on the project (changed in place, its reminders kept); none: a new one.
    id = Id(load_default=None, allow_none=True)
    name = Text(min=2, max=200, required=True)
    due_on = Day(required=True)
    reached_on = Day(load_default=None, allow_none=True)

    @validates_schema
    def _reached_not_ahead(self, data, **kwargs):
        _not_in_future(data)


class ProjectPatchInput(InputSchema):
    """Staff's PATCH of a project: every field optional, only the fields given change (loaded
    whole, not ``partial``, so that each milestone given is checked whole). ``milestones``,
    when given, is the whole list: the milestones not listed are removed."""

    cup = Cup(allow_none=True, metadata={"example": "J81B21000010006", "pattern": CUP_PATTERN})
    starts_on = Day(allow_none=True)
    ends_on = Day(allow_none=True)
    milestones = fields.List(
        fields.Nested(MilestoneInput),
        validate=validate.Length(max=MAX_MILESTONES, error=_l("At most %(n)s milestones.", n=MAX_MILESTONES)),
    )


def check_dates(starts_on: date | None, ends_on: date | None, milestones: list[dict]) -> dict[str, list[str]]:
    """The rules of a project's dates, on what they will be after the change: the end after
    the start, at most ``MAX_YEARS`` apart, every milestone due within them (the end may
    carry the final report's milestone a few months after: 6 are allowed)."""
    errors: dict[str, list[str]] = {}
    if starts_on and ends_on:
        if ends_on < starts_on:
            errors["ends_on"] = [str(_l("The end must come after the start."))]
        elif (ends_on - starts_on).days > MAX_YEARS * 366:
            errors["ends_on"] = [str(_l("A project runs at most %(n)s years.", n=MAX_YEARS))]
    for n, milestone in enumerate(milestones):
        due = milestone["due_on"]
        if starts_on and due < starts_on:
            errors[f"milestones.{n}.due_on"] = [str(_l("A milestone cannot be due before the project starts."))]
        elif ends_on and (due - ends_on).days > 183:
            errors[f"milestones.{n}.due_on"] = [
                str(_l("A milestone is due at most six months after the project ends."))
            ]
        reached = milestone.get("reached_on")
        if reached and starts_on and reached < starts_on:
            errors[f"milestones.{n}.reached_on"] = [str(_l("A milestone cannot be reached before the project starts."))]
    ids = [m["id"] for m in milestones if m.get("id")]
    if len(set(ids)) < len(ids):
        errors["milestones"] = [str(_l("Each milestone can be listed once."))]
    return errors


class StateInput(InputSchema):
    """Suspend, resume or close a project, saying why (the reason is public on its page)."""

    state = Choice(ProjectState, required=True, metadata={"description": "suspended, active (resume) or closed"})
    reason = Text(min=10, max=4000, required=True)


class ReachInput(InputSchema):
    """The day a milestone was reached (today when not given)."""

    reached_on = Day(load_default=None, allow_none=True)

    @validates_schema
    def _not_ahead(self, data, **kwargs):
        _not_in_future(data)
