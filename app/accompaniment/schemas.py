"""Input schemas of accompaniment: one per write (a checklist item of the city, a track
opened, a track's settings, a session, the state of one readiness item). The services load
them; the forms show their errors on the fields of the same names."""

from __future__ import annotations

from datetime import date, timedelta

import marshmallow as ma
from flask_babel import lazy_gettext as _l
from marshmallow import fields

from app.schemas import Flag, Id, InputSchema
from app.spaces.schemas import Line, whole_number

#: The longest session notes (limited Markdown).
MAX_NOTES = 20000


def _short_text(message) -> Line:
    """A required label, title or topic of 2 to 200 characters."""
    return Line(min=2, max=200, required=True, min_error=message, max_error=message)


class TemplateItemInput(InputSchema):
    """An item of the city's readiness checklist."""

    label = _short_text(_l("Enter a label of 2 to 200 characters."))
    weight = whole_number(1, 10, _l("Enter a weight from 1 to 10."), required=True)


class TemplateItemEditInput(TemplateItemInput):
    """An item of the city's checklist as edited: its position too (empty: unchanged)."""

    position = whole_number(0, 1000, _l("Enter a position from 0 to 1000."), allow_none=True, load_default=None)


class TrackInput(InputSchema):
    """A track opened for an organisation and/or an idea (ids); an empty title becomes the
    subject's name."""

    organisation = Id(allow_none=True, load_default=None, range_error=_l("Choose an organisation of this city."))
    idea = Id(allow_none=True, load_default=None, range_error=_l("Choose an idea of this city."))
    title = Line(max=200)

    @ma.validates_schema
    def _has_subject(self, data, **kwargs):
        if data["organisation"] is None and data["idea"] is None:
            raise ma.ValidationError(str(_l("Choose an organisation or an idea.")), "organisation")


class TrackSettingsInput(InputSchema):
    """A track renamed, closed or reopened."""

    title = _short_text(_l("Enter a title of 2 to 200 characters."))
    closed = Flag()


class SessionInput(InputSchema):
    """A coaching session: its date (from 2000 to a year from now), topic, participants and
    notes (limited Markdown)."""

    held_on = fields.Date(
        required=True,
        error_messages={
            "required": _l("Enter the date of the session."),
            "null": _l("Enter the date of the session."),
            "invalid": _l("Enter the date of the session."),
        },
    )
    topic = _short_text(_l("Enter a topic of 2 to 200 characters."))
    participants = Line(max=500)
    notes = Line(max=MAX_NOTES)

    @ma.validates("held_on")
    def _within_reach(self, value, **kwargs):
        if not date(2000, 1, 1) <= value <= date.today() + timedelta(days=366):
            raise ma.ValidationError(str(_l("Enter a date within the next year.")))


class ItemStateInput(InputSchema):
    """One readiness item ticked or not, with an optional note (``None``: unchanged)."""

    done = Flag()
    note = Line(max=500, keep_none=True)
