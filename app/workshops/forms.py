"""Forms of the workshop pages: rendering, CSRF and layout. They carry no limits of their
own: those are in ``schemas.py``, loaded by the services, whose field errors are shown on
these forms (``app.web.submit_form``; field names match the schema's)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateTimeLocalField,
    FieldList,
    Form,
    FormField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Optional

#: Agenda rows shown without JavaScript: the phases already there plus this many empty ones.
EMPTY_AGENDA_ROWS = 3


def mode_choices():
    return [("in_person", _l("In person")), ("online", _l("Online")), ("hybrid", _l("Hybrid"))]


def kind_choices():
    return [
        ("brainstorm", _l("Brainstorm (notes)")),
        ("cluster", _l("Clustering (groups)")),
        ("vote", _l("Dot vote")),
        ("discuss", _l("Discussion (chat only)")),
    ]


class PhaseForm(Form):
    """One row of the agenda; a row left empty is ignored. The fields are plain text: the
    service checks them and names the phase in its messages."""

    name = StringField(_l("Phase"))
    kind = StringField(_l("Kind"), default="brainstorm")
    minutes = StringField(_l("Duration (min)"))

    @property
    def is_blank(self) -> bool:
        return not str(self.name.data or "").strip() and not str(self.minutes.data or "").strip()

    def item(self) -> dict:
        minutes = str(self.minutes.data or "").strip()
        return {
            "name": (self.name.data or "").strip(),
            "kind": self.kind.data,
            "minutes": int(minutes) if minutes.isdigit() and len(minutes) < 6 else minutes,
        }


class WorkshopForm(FlaskForm):
    title = StringField(
        _l("Title"),
    )
    goal = TextAreaField(
        _l("Goal"),
        description=_l("What the workshop should produce, in a few lines."),
    )
    area = SelectField(_l("Target area"), coerce=int, validators=[Optional()])
    need_ids = SelectMultipleField(
        _l("Needs worked on"),
        coerce=int,
        validators=[Optional()],
        description=_l("Hold Ctrl (or Cmd) to choose more than one."),
    )
    idea_ids = SelectMultipleField(_l("Ideas worked on"), coerce=int, validators=[Optional()])
    mode = SelectField(_l("Mode"), choices=mode_choices())
    space = SelectField(
        _l("Space"),
        coerce=int,
        validators=[Optional()],
        description=_l("Choosing a space books it for the time of the workshop."),
    )
    place = StringField(
        _l("Place"),
        description=_l("Address, for workshops in person or hybrid."),
    )
    link = StringField(
        _l("Link of the online room"),
        description=_l("For online or hybrid workshops; shown only to participants."),
    )
    starts_at = DateTimeLocalField(_l("Starts"), description=_l("Italian time (Europe/Rome)."))
    ends_at = DateTimeLocalField(_l("Ends"))
    capacity = IntegerField(_l("Places"), default=25)
    visibility = SelectField(
        _l("Who can take part"),
        choices=[("public", _l("Anyone (public workshop)")), ("invite", _l("Only invited people"))],
        default="public",
    )
    vote_budget = IntegerField(_l("Dot votes per person"), default=5)
    co_facilitators = TextAreaField(
        _l("Co-facilitators"),
        description=_l("Email addresses of facilitators of this city, separated by commas."),
    )
    agenda = FieldList(FormField(PhaseForm), min_entries=EMPTY_AGENDA_ROWS, max_entries=20)

    def agenda_items(self) -> list[dict]:
        return [row.form.item() for row in self.agenda if not row.form.is_blank]


class InviteForm(FlaskForm):
    emails = TextAreaField(
        _l("Email addresses"),
        description=_l("People with an account on Cantiere, separated by commas or on separate lines."),
    )


class IdeaFromBoardForm(FlaskForm):
    title = StringField(_l("Title of the idea"))
    summary = TextAreaField(_l("Summary"))


class MinutesForm(FlaskForm):
    decisions = TextAreaField(
        _l("Decisions"),
        description=_l("What was decided, who does what and by when."),
    )
    notes = TextAreaField(_l("Other notes"))
