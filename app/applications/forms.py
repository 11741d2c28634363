"""Forms of the application pages. They render the boxes and carry CSRF; the limits are the
service's schemas (``app.applications.schemas``). Every box is named as the PATCH body's
field (``partners-0-organization``…), so the autosave script and a plain POST send the
same thing; a row left empty is dropped, and one empty row is offered after the filled ones."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, FieldList, Form, FormField, HiddenField, SelectField, StringField, TextAreaField

from app.applications.labels import CATEGORIES, DECLARATIONS, ROLES
from app.models.call import CohesionFund
from app.organisations.labels import CONTRIBUTIONS

OPEN = {"validate_choice": False}  # the schema judges the choice and names the field
ROWS = ("partners", "budget_lines", "indicators")


class StartForm(FlaskForm):
    organization = SelectField(_l("Applying organisation"), choices=[], **OPEN)
    title = StringField(_l("Title of the project"))
    summary = TextAreaField(_l("Summary"), description=_l("What the project does, for whom, where."))


class PartnerRow(Form):
    organization = SelectField(_l("Partner organisation"), choices=[], **OPEN)
    role = SelectField(_l("Role"), choices=[(r.value, label) for r, label in ROLES.items()], **OPEN)
    contribution_kind = SelectField(
        _l("Contribution"), choices=[("", "—")] + [(k.value, label) for k, label in CONTRIBUTIONS.items()], **OPEN
    )
    contribution_value = StringField(_l("Value of the contribution (€)"))
    contribution_note = StringField(_l("What the partner brings"))


class LineRow(Form):
    category = SelectField(_l("Category"), choices=[], **OPEN)
    fund = SelectField(_l("Fund"), choices=[(f.value, f.value) for f in CohesionFund], **OPEN)
    description = StringField(_l("Description"))
    unit_cost = SelectField(_l("Unit cost"), choices=[], **OPEN)
    quantity = StringField(_l("Quantity"))
    amount = StringField(_l("Amount (€)"), description=_l("Left empty for a unit-cost line: it is computed."))


class IndicatorRow(Form):
    code = StringField(_l("Code"))
    name = StringField(_l("Indicator"))
    unit = StringField(_l("Unit of measure"))
    baseline = StringField(_l("Baseline"))
    target = StringField(_l("Target"))


class DraftForm(FlaskForm):
    revision = HiddenField()
    title = StringField(_l("Title of the project"))
    summary = TextAreaField(_l("Summary"), description=_l("What the project does, for whom, where."))
    area = SelectField(_l("Target area"), choices=[], **OPEN)
    duration_months = StringField(_l("Duration (months)"))
    requested_grant = StringField(_l("Requested grant (€)"))
    cofinancing = StringField(_l("Co-financing (€)"))
    partners = FieldList(FormField(PartnerRow), max_entries=30)
    budget_lines = FieldList(FormField(LineRow), max_entries=100)
    indicators = FieldList(FormField(IndicatorRow), max_entries=30)
    truthful = BooleanField(DECLARATIONS["truthful"])
    no_double_funding = BooleanField(DECLARATIONS["no_double_funding"])
    privacy = BooleanField(DECLARATIONS["privacy"])


class AttachmentForm(FlaskForm):
    title = StringField(_l("Title of the attachment"))
    requirement = SelectField(_l("Required attachment it answers"), choices=[], **OPEN)
    file = FileField(_l("PDF file"), description=_l("PDF only, at most 10 MB."))


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _row(name: str, data: dict) -> dict:
    row = {k: (v.strip() if isinstance(v, str) else v) for k, v in data.items() if not _blank(v)}
    if name == "budget_lines" and row.get("unit_cost"):
        row.pop("amount", None)  # computed from the quantity
    if name == "budget_lines" and not row.get("unit_cost"):
        row.pop("unit_cost", None), row.pop("quantity", None)
    return row


def body_of(form: DraftForm) -> dict:
    """The PATCH body from the form, rows left empty dropped (``form.kept_rows`` remembers
    which were sent, to show ``budget_lines.1.amount`` on the right row)."""
    body: dict = {}
    meaningful = {"partners": "organization", "budget_lines": "description", "indicators": "code"}
    form.kept_rows = {}
    for name in ROWS:
        kept = [e for e in form[name] if not _blank(e.form.data.get(meaningful[name])) or _filled_line(name, e)]
        form.kept_rows[name] = kept
        body[name] = [_row(name, e.form.data) for e in kept]
    for name in ("title", "summary", "area", "duration_months", "requested_grant", "cofinancing"):
        value = form[name].data
        body[name] = None if _blank(value) and name not in ("title", "summary") else value
    if _blank(body["cofinancing"]):
        body["cofinancing"] = "0"
    body["declarations"] = {key: bool(form[key].data) for key in DECLARATIONS}
    if form.revision.data:
        body["revision"] = form.revision.data
    return body


def _filled_line(name: str, entry) -> bool:
    return name == "budget_lines" and not all(
        _blank(entry.form.data.get(k)) for k in ("amount", "quantity", "unit_cost")
    )


def data_of(application: dict) -> dict:
    """The application (``queries.application_json``) as the form's boxes."""
    data = {
        k: ("" if application.get(k) is None else str(application[k]))
        for k in ("title", "summary", "area", "duration_months", "requested_grant", "cofinancing", "revision")
    }
    data["partners"] = [
        {**p, "organization": str(p["organization"]), "contribution_kind": p["contribution_kind"] or ""}
        for p in application["partners"]
    ]
    data["budget_lines"] = [
        {
            **line,
            "unit_cost": str(line["unit_cost"] or ""),
            "quantity": line["quantity"] or "",
            "amount": "" if line["unit_cost"] else line["amount"],
        }
        for line in application["budget_lines"]
        if not line["computed"]
    ]
    data["indicators"] = application["indicators"]
    for key in DECLARATIONS:
        data[key] = bool(application["declarations"].get(key))
    return data


def draft_form(application, call, partners, formdata=None, data=None) -> DraftForm:
    """The draft's form with its choices (the call's areas and unit costs, the partners one
    may invite); with no ``formdata``, filled from ``data`` and one empty row per section."""
    form = DraftForm(formdata=formdata, data=data) if formdata is not None else DraftForm(formdata=None, data=data)
    if formdata is None:
        for name in ROWS:
            if len(form[name]) < form[name].max_entries:
                form[name].append_entry()
    form.area.choices = [("", "—")] + [(str(a.area_id), a.area.name) for a in call.areas]
    categories = [
        (c.value, str(label))
        for c, label in CATEGORIES.items()
        if not (call.indirect_flat_rate_pct is not None and c.value == "indirect")
    ]
    units = [("", "—")] + [(str(u.id), f"{u.name} ({u.rate} €/{u.unit})") for u in call.unit_costs]
    orgs = [("", "—")] + [(str(o.id), o.name) for o in partners]
    for entry in form.budget_lines:
        entry.form.category.choices, entry.form.unit_cost.choices = categories, units
    for entry in form.partners:
        entry.form.organization.choices = orgs
    return form
