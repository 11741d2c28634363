"""Forms of the good practices (fields and CSRF only; the limits are in ``schemas_practices``)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, SubmitField, TextAreaField


class PracticeForm(FlaskForm):
    title = StringField(_l("Title of the good practice"), description=_l("5 to 200 characters."))
    lessons = TextAreaField(
        _l("Lessons learned"),
        description=_l("What worked, what did not, and what another city should know before doing the same."),
    )


class CurationForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason"), description=_l("Required to decline; the proposer reads it. Optional to publish.")
    )
    publish = SubmitField(_l("Publish"))
    decline = SubmitField(_l("Decline"))
