"""Forms of the project pages (fields and CSRF only; the limits are in ``schemas``): the
manage page's CUP, dates and milestones editor, the change of state, a milestone reached."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, FieldList, Form, FormField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import Optional

#: Empty milestone rows under the filled ones, so one can be added without JavaScript.
EMPTY_ROWS = 2
OPTIONAL = {"validators": [Optional()]}


class MilestoneRow(Form):
    id = HiddenField()
    name = StringField(_l("Milestone"))
    due_on = DateField(_l("Due on"), **OPTIONAL)
    reached_on = DateField(_l("Reached on"), description=_l("Empty while not reached."), **OPTIONAL)


class ProjectForm(FlaskForm):
    cup = StringField(
        _l("CUP (Codice Unico di Progetto)"),
        description=_l("15 letters and digits, starting with a letter, e.g. J81B21000010006."),
    )
    starts_on = DateField(_l("Start"), **OPTIONAL)
    ends_on = DateField(_l("End"), **OPTIONAL)
    milestones = FieldList(FormField(MilestoneRow), max_entries=30)


class StateForm(FlaskForm):
    state = SelectField(_l("New state"), choices=[], validate_choice=False)
    reason = TextAreaField(_l("Reason (shown on the project's page)"))


class ReachForm(FlaskForm):
    reached_on = DateField(_l("Reached on"), description=_l("Empty: today."), **OPTIONAL)


def _blank(row) -> bool:
    return not (row.form.name.data or "").strip() and row.form.due_on.data is None and row.form.reached_on.data is None


def body_of(form: ProjectForm) -> dict:
    """The PATCH body from the manage page: rows left empty are dropped (emptying a row
    removes its milestone); ``form.kept_rows`` remembers which rows were sent, so that the
    service's ``milestones.1.due_on`` lands on the second row sent."""
    form.kept_rows = [row for row in form.milestones if not _blank(row)]
    return {
        "cup": form.cup.data,
        "starts_on": form.starts_on.data,
        "ends_on": form.ends_on.data,
        "milestones": [
            {
                "id": row.form.id.data or None,
                "name": row.form.name.data,
                "due_on": row.form.due_on.data,
                "reached_on": row.form.reached_on.data,
            }
            for row in form.kept_rows
        ],
    }


def place_errors(form: ProjectForm, fields: dict[str, list[str]]) -> list[str]:
    """The service's messages onto the boxes; returns those that have no box."""
    left = []
    for name, messages in fields.items():
        head, _dot, rest = name.partition(".")
        index, _dot, sub = rest.partition(".")
        target = None
        if head == "milestones" and index.isdigit() and int(index) < len(form.kept_rows):
            target = getattr(form.kept_rows[int(index)].form, sub, None)
        elif head in form and head != "milestones":
            target = form[head]
        if target is not None:
            target.errors = [*target.errors, *messages]
        else:
            left.extend(messages)
    return left


def pad_rows(form: ProjectForm) -> None:
    blank = sum(1 for row in form.milestones if _blank(row))
    while blank < EMPTY_ROWS and len(form.milestones) < form.milestones.max_entries:
        form.milestones.append_entry()
        blank += 1
