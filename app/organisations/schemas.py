"""Input schemas of the writes of organisations, members and partnerships: the one place
where their limits are written. The services load them (``app.schemas.load``); the forms
show the services' field errors. What needs the database (a tax code already registered
in the city, areas of the city, the last owner, an organisation already in a
partnership) is the service's, once.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from urllib.parse import urlsplit

import marshmallow as ma
from babel.numbers import NumberFormatError, parse_decimal
from email_validator import EmailNotValidError, validate_email
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from marshmallow import fields

from app.models import ContributionKind, LegalForm, MemberRole, PartnerRole
from app.organisations import labels, taxcode
from app.schemas import Choice, Flag, Id, Ids, InputSchema, Text

VALUE_MAX = Decimal("9999999999.99")  # Numeric(12, 2)
_PLAIN_NUMBER = re.compile(r"^\d+([.,]\d{1,2})?$")
_RUNTS = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ./\-]{0,39}$")
_PHONE = re.compile(r"^\+?[0-9 ()./\-]{5,40}$")
_URL_FORBIDDEN = set("<>\"'` \t\r\n\\{}|^")

WEBSITE_ERROR = _l("Enter a web address starting with http:// or https:// (at most 300 characters).")
EMAIL_ERROR = _l("Enter a valid email address.")
RUNTS_ERROR = _l("Enter the RUNTS number as in the register: letters, digits, spaces, / . - (at most 40 characters).")
PHONE_ERROR = _l("Enter a phone number: digits, spaces and + ( ) - / . only.")
EUROS_ERROR = _l("Enter an amount in euros of 0 or more, with at most two decimals (for example 1500 or 1500,50).")
MEMBER_ROLE_ERROR = _l("Choose owner or member.")


def normalise_email(value: str | None) -> str:
    return (value or "").strip().lower()


def valid_email(value: str) -> bool:
    if len(value) > 254:
        return False
    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError:
        return False
    return True


def parse_euros(raw) -> Decimal | None:
    """A non-negative amount in euros with at most two decimals, or None when unreadable.

    Reads the reader's locale first ("1.500,50" in Italian, "1,500.50" in English), then the
    other one, then a plain number with either separator ("1500,5", "1500.50")."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int | Decimal):
        value = Decimal(raw)
    else:
        text = str(raw or "").replace("\x00", "").strip().replace("€", "").replace(" ", "").replace("\u00a0", "")
        if not text:
            return Decimal("0")
        value = _read_decimal(text)
        if value is None:
            return None
    try:
        if not value.is_finite() or value < 0 or value > VALUE_MAX or value != value.quantize(Decimal("0.01")):
            return None
    except InvalidOperation:
        return None
    return value.quantize(Decimal("0.01"))


def _read_decimal(text: str) -> Decimal | None:
    if len(text) > 30:
        return None
    for locale in dict.fromkeys((str(get_locale() or "it"), "it", "en")):
        try:
            return parse_decimal(text, locale=locale, strict=True)
        except (NumberFormatError, ValueError):
            continue
    if not _PLAIN_NUMBER.match(text):
        return None
    return Decimal(text.replace(",", "."))


# --- fields --------------------------------------------------------------------------------


class Email(Text):
    """An email address, lower case; empty when optional."""

    def __init__(self, **kwargs):
        super().__init__(max=254, max_error=EMAIL_ERROR, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        email = normalise_email(super()._deserialize(value, attr, data, **kwargs))
        if email and not valid_email(email):
            raise ma.ValidationError(str(EMAIL_ERROR))
        if not email and self.required:
            raise ma.ValidationError(str(EMAIL_ERROR))
        return email


class TaxCode(fields.String):
    """An organisation's codice fiscale or partita IVA, normalised (``taxcode.validate``)."""

    def _deserialize(self, value, attr, data, **kwargs):
        code, error = taxcode.validate(str(super()._deserialize(value or "", attr, data, **kwargs))[:40])
        if error:
            raise ma.ValidationError(error)
        return code


class Euros(fields.Field):
    """An amount in euros, 0 or more, at most two decimals (``parse_euros``)."""

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, str | int | float | Decimal) or isinstance(value, bool):
            raise ma.ValidationError(str(EUROS_ERROR))
        amount = parse_euros(str(value) if isinstance(value, float) else value)
        if amount is None:
            raise ma.ValidationError(str(EUROS_ERROR))
        return amount


def _website(value: str) -> None:
    parts = urlsplit(value)
    if value and (
        parts.scheme.lower() not in ("http", "https")
        or not parts.netloc
        or any(char in _URL_FORBIDDEN for char in value)
    ):
        raise ma.ValidationError(str(WEBSITE_ERROR))


def _runts(value: str) -> None:
    if value and not _RUNTS.match(value):
        raise ma.ValidationError(str(RUNTS_ERROR))


def _phone(value: str) -> None:
    if value and (not _PHONE.match(value) or sum(c.isdigit() for c in value) < 5):
        raise ma.ValidationError(str(PHONE_ERROR))


def _fields_of_activity(slugs: list) -> None:
    if any(not isinstance(slug, str) or slug not in labels.FIELDS for slug in slugs):
        raise ma.ValidationError(str(_l("Choose fields of activity from the list.")))


# --- organisations -------------------------------------------------------------------------


class OrganisationProfile(InputSchema):
    """``update_organisation``: the profile members keep."""

    name = Text(min=2, max=200, required=True, min_error=_l("Enter a name of 2 to %(n)d characters.", n=200))
    legal_form = Choice(LegalForm, required=True, error_messages={"unknown": _l("Choose a legal form from the list.")})
    tax_code = TaxCode(required=True, metadata={"description": "codice fiscale or partita IVA, 11 digits"})
    runts_number = Text(max=40, max_error=RUNTS_ERROR, validate=_runts)
    description = Text(max=5000, max_error=_l("Write at most %(n)d characters.", n=5000))
    website = Text(max=300, max_error=WEBSITE_ERROR, validate=_website)
    email = Email()
    phone = Text(max=40, max_error=PHONE_ERROR, validate=_phone)
    area_ids = Ids(error_messages={"invalid": _l("Choose target areas from the list.")})
    fields_of_activity = fields.List(fields.Raw(), data_key="fields", load_default=list, validate=_fields_of_activity)

    @ma.post_load
    def _normalise(self, data, **kwargs):
        if "fields_of_activity" in data:
            chosen = data.pop("fields_of_activity")
            data["fields"] = [slug for slug in labels.FIELDS if slug in chosen]
        if "runts_number" in data:
            data["runts_number"] = data["runts_number"] or None
        return data


class OrganisationRegistration(OrganisationProfile):
    """``register_organisation``: the profile and the organisation's city."""

    city = Text(min=1, max=60, required=True, metadata={"description": "city slug"})


class Verification(InputSchema):
    """``verify_organisation``: confirm (or take back) the verification."""

    verified = Flag(load_default=True)


# --- members -------------------------------------------------------------------------------


class MemberInvitation(InputSchema):
    """``invite_member``: an email address and the role offered."""

    email = Email(required=True)
    role = Choice(MemberRole, load_default=MemberRole.MEMBER, error_messages={"unknown": MEMBER_ROLE_ERROR})


class MemberRoleChange(InputSchema):
    """``change_member_role``: owner or member."""

    role = Choice(
        MemberRole, required=True, error_messages={"unknown": MEMBER_ROLE_ERROR, "required": MEMBER_ROLE_ERROR}
    )


# --- partnerships --------------------------------------------------------------------------

_PARTNER_ROLE_ERROR = _l("Choose co-applicant or supporter.")
_CHOOSE_ORGANISATION = _l("Choose an organisation.")


class PartnerInvitation(InputSchema):
    """``invite_partner``: the organisation invited, its role and what it brings."""

    organisation = Id(
        required=True,
        range_error=_CHOOSE_ORGANISATION,
        error_messages={
            "required": _CHOOSE_ORGANISATION,
            "null": _CHOOSE_ORGANISATION,
            "invalid": _CHOOSE_ORGANISATION,
        },
    )
    role = Choice(
        PartnerRole,
        required=True,
        error_messages={"unknown": _PARTNER_ROLE_ERROR, "required": _PARTNER_ROLE_ERROR},
    )
    contribution_kind = Choice(
        ContributionKind,
        required=True,
        error_messages={
            "unknown": _l("Choose what the organisation brings."),
            "required": _l("Choose what the organisation brings."),
        },
    )
    contribution_value = Euros(load_default=Decimal("0"))
    contribution_note = Text(max=500, max_error=_l("Write at most %(n)d characters.", n=500))

    @ma.validates("role")
    def _not_lead(self, role, **kwargs):
        if role is PartnerRole.LEAD:
            raise ma.ValidationError(str(_PARTNER_ROLE_ERROR))


class PartnerAnswer(InputSchema):
    """``answer_partner``: accept or decline an invitation."""

    answer = fields.String(
        required=True,
        validate=ma.validate.OneOf(("accept", "decline"), error=_l("Choose accept or decline.")),
    )
