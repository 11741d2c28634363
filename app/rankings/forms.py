"""Forms of the ranking page (fields and CSRF only; the limits are in ``schemas``)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField


class ReasonForm(FlaskForm):
    reason = TextAreaField(_l("Reason (published with the edition)"))


class RevokeForm(FlaskForm):
    reason = TextAreaField(_l("Why the grant is revoked"))


class ReviewForm(FlaskForm):
    reasons = TextAreaField(_l("Why the evaluation should be reviewed"))


class AnswerForm(FlaskForm):
    answer = TextAreaField(_l("Answer, with reasons"))
    score = StringField(_l("New score (leave empty if it stays)"), description=_l("Points, for example 72.50."))
