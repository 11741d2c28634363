"""Forms of taking part in a call (``calls/_participation.html``). They render and carry
CSRF; the limits are the service's schemas (``app.calls.schemas_participation``, and the
workshops' ``WorkshopInput`` for a co-design table)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateTimeLocalField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import Optional

from app.workshops.forms import mode_choices


def _yes_no(yes, no):
    return [("yes", yes), ("no", no)]


class InterestForm(FlaskForm):
    organisation = SelectField(_l("Organisation"), coerce=int, choices=[], validate_choice=False)
    runts_number = StringField(
        _l("RUNTS registration number"),
        description=_l("As in the national register of the third sector (RUNTS)."),
    )
    statement = TextAreaField(
        _l("What the organisation brings"),
        description=_l("Experience, people, spaces and resources it brings to the co-design tables."),
    )
    contact = StringField(_l("Contact"), description=_l("Who the city should contact, and how."))


class InterestDecisionForm(FlaskForm):
    """One per expression of interest on the page: made with ``prefix=f"interest{id}"``."""

    admitted = SelectField(_l("Decision"), choices=_yes_no(_l("Admit"), _l("Refuse")), default="yes")
    reason = TextAreaField(_l("Reason"), description=_l("The organisation reads it."))


class TableForm(FlaskForm):
    """A co-design table: the few fields of a workshop the call page asks for."""

    title = StringField(_l("Title of the table"))
    mode = SelectField(_l("Mode"), choices=mode_choices())
    place = StringField(_l("Place"), description=_l("Address, for tables in person or hybrid."))
    link = StringField(_l("Link of the online room"), description=_l("For online or hybrid tables."))
    starts_at = DateTimeLocalField(_l("Starts"), description=_l("Italian time (Europe/Rome)."))
    ends_at = DateTimeLocalField(_l("Ends"))
    capacity = IntegerField(_l("Places"), default=30)


class AnswerForm(FlaskForm):
    idea = SelectField(_l("Idea"), coerce=int, choices=[], validators=[Optional()], validate_choice=False)
    new_title = StringField(_l("Title of the new idea"))
    new_summary = TextAreaField(_l("Summary of the new idea"))
    new_need = SelectField(
        _l("Need it answers"), coerce=int, choices=[], validators=[Optional()], validate_choice=False
    )
    note = TextAreaField(_l("Note"), description=_l("Why this idea answers the call, in a few lines."))
    organisation = SelectField(
        _l("Answering as"), coerce=int, choices=[], validators=[Optional()], validate_choice=False
    )

    #: The service's names of the new idea's fields, as this form calls them.
    NEW_IDEA_FIELDS = {
        "new_idea.title": "new_title",
        "new_idea.summary": "new_summary",
        "new_idea.need_ids": "new_need",
    }

    def service_data(self) -> dict:
        data = {"note": self.note.data, "organisation": self.organisation.data or None}
        if self.idea.data:
            data["idea"] = self.idea.data
        else:
            data["new_idea"] = {
                "title": self.new_title.data or "",
                "summary": self.new_summary.data or "",
                "need_ids": [self.new_need.data] if self.new_need.data else [],
            }
        return data


class ShortlistForm(FlaskForm):
    """One per answer on the page: made with ``prefix=f"answer{id}"``."""

    shortlisted = SelectField(_l("Decision"), choices=_yes_no(_l("Shortlist"), _l("Do not shortlist")), default="yes")
    reason = TextAreaField(_l("Reason"))
