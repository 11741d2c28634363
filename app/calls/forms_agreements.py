"""Forms of the agreement of a co-design call (``calls/_agreement.html``): staff's record
with one row per admitted organisation, and the sign button. The limits are the service's
schema (``app.calls.schemas_agreements``)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    FieldList,
    FormField,
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Optional

from app.models.agreement import AgreementRole

ROLES = {AgreementRole.LEAD: _l("Lead partner"), AgreementRole.PARTNER: _l("Partner")}


class PartnerRowForm(FlaskForm):
    class Meta:
        csrf = False

    organisation = HiddenField()
    include = BooleanField(_l("Partner of the agreement"))
    role = SelectField(_l("Role"), choices=[(r.value, label) for r, label in ROLES.items()], default="partner")
    share = StringField(_l("Share of the grant (euros)"), validators=[Optional()])
    duties = TextAreaField(_l("Duties"), description=_l("What the organisation undertakes to do."))


class AgreementForm(FlaskForm):
    title = StringField(_l("Title of the agreed project"))
    summary = TextAreaField(_l("The agreed project"), description=_l("What was agreed at the co-design tables."))
    total_budget = StringField(_l("Total budget of the project (euros)"))
    grant = StringField(_l("Grant from the call (euros)"), description=_l("The partners' shares add up to it."))
    minutes = SelectMultipleField(_l("Approved minutes it rests on"), coerce=int, choices=[], validate_choice=False)
    partners = FieldList(FormField(PartnerRowForm))

    def included(self) -> list:
        return [row for row in self.partners if row.include.data]

    def service_data(self) -> dict:
        return {
            "title": self.title.data or "",
            "summary": self.summary.data or "",
            "total_budget": self.total_budget.data or "",
            "grant": self.grant.data or "",
            "minutes": self.minutes.data or [],
            "partners": [
                {
                    "organisation": row.organisation.data,
                    "role": row.role.data,
                    "share": row.share.data or "",
                    "duties": row.duties.data or "",
                }
                for row in self.included()
            ],
        }


class SignForm(FlaskForm):
    organisation = HiddenField()
