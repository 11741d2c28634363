"""Forms of the evaluation pages. They render and carry CSRF; the limits are the services'
(``app.evaluations.schemas``): points travel as the text typed."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField, SubmitField, TextAreaField


class DeclarationForm(FlaskForm):
    conflict = BooleanField(
        _l("I have a conflict of interest with the applicant or a partner"),
        description=_l("Leave it unticked to declare that you have no conflict of interest."),
    )
    note = TextAreaField(_l("What the conflict is"), description=_l("Required when you declare a conflict."))


class AssignForm(FlaskForm):
    user = SelectField(_l("Evaluator"), choices=[], validate_choice=False)


def scores_form(criteria, with_comments: bool = True):
    """A form with a points box per criterion (``points_<id>``) and, for an evaluator, a
    comment box (``comment_<id>``) and the buttons ``save`` (a draft) and ``submit_scores``;
    for staff's consensus, the ``reason`` box instead."""

    class ScoresForm(FlaskForm):
        pass

    for criterion in criteria:
        maximum = f"{criterion.max_points.normalize():f}"
        setattr(
            ScoresForm,
            f"points_{criterion.id}",
            StringField(
                _l("Points for “%(name)s” (0 – %(max)s)", name=criterion.name, max=maximum),
                render_kw={"inputmode": "decimal"},
            ),
        )
        if with_comments:
            setattr(
                ScoresForm,
                f"comment_{criterion.id}",
                TextAreaField(_l("Comment on “%(name)s” (required)", name=criterion.name)),
            )
    if with_comments:
        ScoresForm.save = SubmitField(_l("Save the draft"))
        ScoresForm.submit_scores = SubmitField(_l("Submit the evaluation"))
    else:
        ScoresForm.reason = TextAreaField(_l("Reasons for the consensus score"))
    return ScoresForm
