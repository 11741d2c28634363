"""Forms of organisations, members and partnerships: rendering, CSRF and layout. Their
limits are the input schemas' (``app/organisations/schemas.py``), which the services load;
the field names are the schemas' so that the services' errors land on the fields."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    EmailField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired

from app.models import MemberRole, PartnerRole
from app.organisations import labels


class OrganisationForm(FlaskForm):
    city = SelectField(_l("City"), validate_choice=False)
    name = StringField(_l("Name"))
    legal_form = SelectField(_l("Legal form"), validate_choice=False)
    tax_code = StringField(
        _l("Tax code (codice fiscale or partita IVA)"),
        description=_l("11 digits, for example 80002170720."),
    )
    runts_number = StringField(
        _l("RUNTS registration number"),
        description=_l("Only for organisations registered in the national register of the third sector (RUNTS)."),
    )
    description = TextAreaField(
        _l("Description"),
        description=_l("What the organisation does and for whom. Simple Markdown: *italics*, **bold**, lists, links."),
    )
    website = StringField(_l("Website"), description=_l("Starting with https:// or http://"))
    email = EmailField(_l("Contact email"))
    phone = StringField(_l("Phone"))
    area_ids = SelectMultipleField(_l("Target areas where it is active"), coerce=int, validate_choice=False)
    fields = SelectMultipleField(_l("Fields of activity"), validate_choice=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.legal_form.choices = labels.legal_form_choices(str(_l("— choose —")))
        self.fields.choices = labels.field_choices()


class InviteMemberForm(FlaskForm):
    email = EmailField(_l("Email of the person to invite"))
    role = SelectField(
        _l("Role"),
        validate_choice=False,
        choices=[(MemberRole.MEMBER.value, _l("Member")), (MemberRole.OWNER.value, _l("Owner"))],
        default=MemberRole.MEMBER.value,
    )


class MemberRoleForm(FlaskForm):
    role = SelectField(
        _l("Role"),
        validate_choice=False,
        choices=[(MemberRole.MEMBER.value, _l("Member")), (MemberRole.OWNER.value, _l("Owner"))],
    )


class VerifyForm(FlaskForm):
    verified = HiddenField(default="yes")


class StartPartnershipForm(FlaskForm):
    idea_id = IntegerField(validators=[DataRequired()])
    lead = SelectField(_l("Lead organisation"), coerce=int, validate_choice=False)


class InvitePartnerForm(FlaskForm):
    organisation = SelectField(_l("Organisation to invite"), validate_choice=False)
    role = SelectField(
        _l("Role in the partnership"),
        validate_choice=False,
        choices=[
            (PartnerRole.CO_APPLICANT.value, _l("Co-applicant")),
            (PartnerRole.SUPPORTER.value, _l("Supporter")),
        ],
    )
    contribution_kind = SelectField(
        _l("What it brings"),
        validate_choice=False,
        choices=[(kind.value, label) for kind, label in labels.CONTRIBUTIONS.items()],
    )
    contribution_value = StringField(
        _l("Value in euros"),
        default="0",
        description=_l("An estimate, 0 or more, for example 1500 or 1500,50."),
    )
    contribution_note = TextAreaField(
        _l("Note on the contribution"),
        description=_l("For example: the hall on Tuesday afternoons, two educators, …"),
    )


class AnswerForm(FlaskForm):
    answer = SelectField(validate_choice=False, choices=[("accept", _l("Accept")), ("decline", _l("Decline"))])
