"""Forms of the call pages. They render and carry CSRF; the limits are the service's
schemas (``app.calls.schemas``): every box of the builder is named as the schema's field, and
numbers travel as the text typed, so the schema is the one that judges them."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import marshmallow as ma
from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Optional
from wtforms.widgets import CheckboxInput, ListWidget

from app.calls import labels
from app.calls.schemas import CallInput
from app.models.call import CohesionFund, ProfitRole
from app.organisations.labels import LEGAL_FORMS

#: Empty rows offered after the filled ones, so rows can be added without JavaScript.
EMPTY_ROWS = 2


class CommentForm(FlaskForm):
    section = SelectField(_l("Section of the call"), choices=[])
    body = TextAreaField(_l("Your comment"), description=_l("Say what you would change and why."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.section.choices = [(s.value, str(label)) for s, label in labels.SECTIONS.items()]


class ReplyForm(FlaskForm):
    reply = TextAreaField(_l("Reply"))
    outcome = SelectField(_l("What becomes of the comment"), choices=[])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.outcome.choices = [(o.value, str(label)) for o, label in labels.OUTCOMES.items() if o.value != "pending"]


def reply_form(comment_id: int) -> ReplyForm:
    """The reply form of one comment: its boxes carry the comment's id (one page lists many)."""
    return ReplyForm(prefix=f"comment-{comment_id}")


class StepForm(FlaskForm):
    to = HiddenField()
    reason = StringField(_l("Reason (kept in the call's history)"))


class FaqForm(FlaskForm):
    question = TextAreaField(_l("Question"))
    answer = TextAreaField(_l("Answer"))


class DocumentForm(FlaskForm):
    title = StringField(_l("Title of the document"), description=_l("For example: Allegato A – Modulo di domanda."))
    file = FileField(_l("PDF file"), description=_l("PDF only, at most 10 MB."))


class CompareForm(Form):
    """The two versions to compare (a GET form: no CSRF, read from the query string)."""

    a = SelectField(_l("Compare version"), choices=[])
    b = SelectField(_l("with version"), choices=[])
    only_changes = BooleanField(_l("Only the rules that changed"))

    def __init__(self, versions, a: int, b: int, only_changes: bool = False):
        super().__init__(formdata=None)
        choices = [(str(v.number), str(v.number)) for v in versions]
        self.a.choices, self.b.choices = choices, choices
        self.a.data, self.b.data, self.only_changes.data = str(a), str(b), only_changes


class Checkboxes(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


#: The builder's choices are judged by the service's schema, which names the wrong field.
OPEN = {"validate_choice": False}


# The builder's repeatable rows. A row whose boxes are all empty is left out.


class FundRow(Form):
    fund = SelectField(_l("Fund"), choices=[("", "—")] + [(f.value, f.value) for f in CohesionFund], **OPEN)
    ceiling = StringField(_l("Ceiling (€)"))


class AreaRow(Form):
    area = SelectField(_l("Target area"), choices=[], **OPEN)
    intensity_pct = StringField(_l("Funding intensity (%)"), description=_l("Empty: the area's own intensity."))


class CriterionRow(Form):
    name = StringField(_l("Criterion"))
    description = TextAreaField(_l("What evaluators look at"))
    max_points = StringField(_l("Maximum points"))
    threshold = StringField(_l("Minimum threshold"))


class UnitCostRow(Form):
    name = StringField(_l("Cost item"))
    unit = StringField(_l("Unit"))
    rate = StringField(_l("Rate per unit (€)"))


class IndicatorRow(Form):
    code = StringField(_l("Code"))
    name = StringField(_l("Indicator"))
    unit = StringField(_l("Unit of measure"))
    weight = StringField(_l("Weight"), description=_l("Empty on every indicator: the plain mean."))


class AttachmentRow(Form):
    name = StringField(_l("Attachment"), description=_l("For example: Statuto, Lettera di partenariato."))
    description = StringField(_l("What it must contain"))


#: The repeatable sections of the builder, by schema field name.
ROWS = ("funds", "areas", "criteria", "unit_costs", "indicators", "attachments")


def _rows(row, limit: int) -> FieldList:
    return FieldList(FormField(row), min_entries=EMPTY_ROWS, max_entries=limit)


class CallForm(FlaskForm):
    """The call builder: one box per rule of ``shared/API.md``'s call body."""

    title = StringField(_l("Title of the call"))
    summary = TextAreaField(_l("Summary"), description=_l("Two or three lines shown in the list of calls."))
    body = TextAreaField(_l("Text of the call"), description=_l("Markdown: headings, lists, bold, links."))
    kind = SelectField(_l("Kind of call"), choices=[(k.value, label) for k, label in labels.KINDS.items()], **OPEN)
    department = StringField(_l("Department in charge"))
    co_departments = StringField(
        _l("Co-owning departments"), description=_l("Separated by commas; they edit the call too.")
    )
    action_code = StringField(_l("Programme action code"), description=_l("E.g. 3.3.1 or 4.2.1."))
    idea_ids = SelectMultipleField(
        _l("Ideas behind the call"), choices=[], description=_l("Hold Ctrl (or Cmd) to choose more than one."), **OPEN
    )

    funds = _rows(FundRow, 2)
    budget = StringField(_l("Total budget (€)"))
    min_grant = StringField(_l("Minimum grant (€)"))
    max_grant = StringField(_l("Maximum grant (€)"))
    cofinancing_pct = StringField(_l("Co-financing required (%)"))

    applicant_forms = Checkboxes(
        _l("Who may apply"), choices=[(f.value, label) for f, label in LEGAL_FORMS.items()], **OPEN
    )
    profit_role = RadioField(
        _l("Profit businesses"),
        choices=[
            (ProfitRole.APPLICANT.value, _l("may apply")),
            (ProfitRole.PARTNER.value, _l("only as partners")),
            (ProfitRole.NONE.value, _l("not at all")),
        ],
        default=ProfitRole.PARTNER.value,
        **OPEN,
    )
    min_partners = StringField(_l("Minimum number of partners"), default="0")
    requires_runts = BooleanField(
        _l("Registration in RUNTS required"), description=_l("Always required for an art. 55 co-design call.")
    )
    areas = _rows(AreaRow, 100)

    min_duration_months = StringField(_l("Shortest project (months)"))
    max_duration_months = StringField(_l("Longest project (months)"))
    opens_at = DateTimeLocalField(_l("Opens"), validators=[Optional()], description=_l("Italian time (Europe/Rome)."))
    closes_at = DateTimeLocalField(
        _l("Closes"),
        validators=[Optional()],
        description=_l("Empty for a rolling call: open until the budget is used."),
    )

    criteria = _rows(CriterionRow, 30)
    min_score = StringField(_l("Minimum total score"), default="0")
    evaluators_per_application = StringField(_l("Evaluators per application"), default="1")
    review_days = StringField(
        _l("Days to ask for a review"),
        default="10",
        description=_l("After the ranking is published, applicants may ask for a review of their evaluation."),
    )
    partial_last_award = BooleanField(_l("The last application funded may be funded in part"))

    indirect_flat_rate_pct = StringField(
        _l("Indirect costs: flat rate of direct staff costs (%)"), description=_l("Empty: no flat rate.")
    )
    unit_costs = _rows(UnitCostRow, 50)

    advance_pct = StringField(
        _l("Advance paid at the start (%)"), default="30", description=_l("Paid as soon as the project starts.")
    )
    intermediate_pct = StringField(
        _l("Intermediate payment (%)"),
        default="40",
        description=_l("Paid when the approved spend reaches the advance."),
    )
    results_share_pct = StringField(
        _l("Share of the grant paid on results (%)"), description=_l("Empty: no results-based share.")
    )
    min_achievement_pct = StringField(
        _l("Minimum achievement that pays anything (%)"),
        description=_l("Below it the results-based share is not paid."),
    )
    indicators = _rows(IndicatorRow, 30)

    attachments = _rows(AttachmentRow, 20)

    reason = TextAreaField(
        _l("Why the call changes"), description=_l("Kept with the new version and shown to applicants.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        #: Messages about a whole list of rows (``funds``, ``criteria``…) or the whole call.
        self.list_errors: dict[str, list[str]] = {}


# From the form to the service's body, and from a call's rules back to the form.

_SCHEMA = CallInput()


def local_zone() -> ZoneInfo:
    """The cities' local time (the configured default time zone: Europe/Rome)."""
    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _default(name: str):
    """What the schema takes for a box left empty: its default, else ``None`` (which the
    schema answers with "This field is required." when the rule is required)."""
    default = _SCHEMA.fields[name].load_default
    if default is ma.missing:
        return None
    return default() if callable(default) else default


#: Boxes holding an amount, a share or points: an Italian "150.000,50" is read as 150000.50.
AMOUNTS = {
    "ceiling",
    "budget",
    "min_grant",
    "max_grant",
    "cofinancing_pct",
    "intensity_pct",
    "max_points",
    "threshold",
    "min_score",
    "indirect_flat_rate_pct",
    "rate",
    "advance_pct",
    "intermediate_pct",
    "weight",
    "results_share_pct",
    "min_achievement_pct",
}


def _typed(name: str, value):
    """A box's value as typed, trimmed; the decimal comma of Italian amounts made a point
    (only when there is a comma: "150.000" stays for the schema to refuse, never 150)."""
    if not isinstance(value, str):
        return value
    value = value.strip()
    if name in AMOUNTS and "," in value:
        value = value.replace(".", "").replace(",", ".")
    return value


def _row(entry) -> dict:
    """A row's boxes, trimmed; an empty optional box is left out (the schema's default)."""
    return {name: _typed(name, value) for name, value in entry.form.data.items() if not _blank(value)}


def body_of(form: CallForm) -> dict:
    """The call body of ``shared/API.md`` from the builder, as the service loads it. Rows
    left empty are dropped; ``form.kept_rows`` remembers which rows were sent, so that the
    service's ``criteria.1.max_points`` can be shown on the second criterion sent."""
    body: dict = {}
    form.kept_rows = {name: [e for e in form[name] if not all(map(_blank, e.form.data.values()))] for name in ROWS}
    for name in ROWS:
        body[name] = [_row(entry) for entry in form.kept_rows[name]]
    for name, field in form._fields.items():
        if name in ROWS or name in ("csrf_token", "reason", "co_departments", "opens_at", "closes_at"):
            continue
        value = _typed(name, field.data)
        body[name] = _default(name) if _blank(value) else value
    body["co_departments"] = [d.strip() for d in (form.co_departments.data or "").split(",") if d.strip()]
    for name in ("opens_at", "closes_at"):
        moment = form[name].data
        body[name] = moment.replace(tzinfo=local_zone()) if moment else None
    return body


def data_of(rules: dict) -> dict:
    """A call's rules (``queries.rules_of``) as the builder's boxes, to edit them."""
    data = {name: "" if value is None else value for name, value in rules.items()}
    for name in (
        "min_partners",
        "min_duration_months",
        "max_duration_months",
        "evaluators_per_application",
        "review_days",
    ):
        data[name] = str(rules[name])
    data["co_departments"] = ", ".join(rules["co_departments"])
    data["idea_ids"] = [str(i) for i in rules["idea_ids"]]
    for name in ("opens_at", "closes_at"):
        moment = rules[name]
        data[name] = datetime.fromisoformat(moment).astimezone(local_zone()).replace(tzinfo=None) if moment else None
    data["areas"] = [{"area": str(a["area"]), "intensity_pct": a["intensity_pct"] or ""} for a in rules["areas"]]
    return data


def pad_rows(form: CallForm) -> None:
    """Empty rows after the filled ones, so a row can be added without JavaScript."""
    for name in ROWS:
        rows = form[name]
        blank = sum(1 for e in rows if all(map(_blank, e.form.data.values())))
        while blank < EMPTY_ROWS and len(rows) < rows.max_entries:
            rows.append_entry()
            blank += 1


class CallFilterForm(FlaskForm):
    """The filters of the lists of calls (GET, no CSRF); choices are set by the view, and a
    value that is not one of them is ignored (``app.calls.listing``)."""

    class Meta:
        csrf = False

    city = SelectField(_l("City"), validators=[Optional()], validate_choice=False)
    status = SelectField(_l("Status"), validators=[Optional()], validate_choice=False)
    kind = SelectField(_l("Kind of call"), validators=[Optional()], validate_choice=False)
    fund = SelectField(_l("Fund"), validators=[Optional()], validate_choice=False)
    area = SelectField(_l("Eligible area"), validators=[Optional()], validate_choice=False)
