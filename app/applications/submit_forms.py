"""Forms of submission's pages. They render and carry CSRF; the limits are the services'
schemas (``app.applications.submit_schemas``)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, DateTimeLocalField, SelectField, SelectMultipleField, TextAreaField
from wtforms.validators import Optional

#: Parts of an application a request to complete may name (besides each required attachment).
ASKABLE = {
    "organization": _l("Applicant organisation"),
    "summary": _l("Summary of the proposal"),
    "partners": _l("Partnership"),
    "budget_lines": _l("Budget lines"),
    "cofinancing": _l("Co-financing"),
    "indicators": _l("Impact indicators"),
    "declarations": _l("Declarations"),
}


class SubmitForm(FlaskForm):
    confirm = BooleanField(
        _l("I confirm: submitting is final, the application can no longer be changed."),
        validators=[Optional()],
    )


class AdmissibilityForm(FlaskForm):
    """One per application on the staff list: made with ``prefix=f"adm{id}"``."""

    admissible = SelectField(
        _l("Decision"), choices=[("1", _l("Admissible")), ("0", _l("Not admissible"))], default="1"
    )
    reason = TextAreaField(_l("Reason"), description=_l("The applicant reads it; required when not admissible."))


class ClarificationForm(FlaskForm):
    """One per application on the staff list: made with ``prefix=f"clar{id}"``."""

    request = TextAreaField(_l("What the applicant must complete or clarify"))
    fields = SelectMultipleField(_l("Parts of the application concerned"), choices=[], validate_choice=False)
    due_at = DateTimeLocalField(_l("Answer by"), validators=[Optional()], description=_l("Italian time (Europe/Rome)."))


def askable_parts(call) -> dict:
    """``{field: label}`` of what a request may name: each required attachment, then the rest."""
    parts = {f"attachments.{a.id}": _l("Attachment: %(name)s", name=a.name) for a in call.attachments}
    return {**parts, **ASKABLE}


def clarification_form(application, **kwargs) -> ClarificationForm:
    form = ClarificationForm(**kwargs)
    form.fields.choices = list(askable_parts(application.call).items())
    return form


class AnswerForm(FlaskForm):
    answer = TextAreaField(_l("Your answer"))


def answer_form(request) -> AnswerForm:
    """The answer box, and a PDF box ``file_<id>`` for each attachment the request asked for."""

    class Form(AnswerForm):
        pass

    for requirement in request.application.call.attachments:
        if requirement.id in request.requirement_ids():
            setattr(Form, f"file_{requirement.id}", FileField(requirement.name, description=_l("PDF, at most 10 MB.")))
    return Form()


def asked_labels(request) -> list[str]:
    """The parts of the application a request names, in words."""
    names = askable_parts(request.application.call)
    return [str(names.get(field, field)) for field in request.fields or []]
