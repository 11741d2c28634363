"""The input of sign-up: what a person must give to get an account, checked once, by
``auth.services.register_user``, for the form, the API (whose OpenAPI document shows this
schema as ``Signup``) and the CLI alike."""

from __future__ import annotations

import marshmallow as ma
from flask_babel import lazy_gettext as _l
from marshmallow import fields, validate

from app.schemas import InputSchema, Text

MIN_PASSWORD = 10
MAX_PASSWORD = 200
#: A name: 2 … 120 characters once surrounding spaces are cut (as ``Text`` loads it).
NAME_PATTERN = r"^\s*\S[\s\S]*\S\s*$"
#: A city slug (or an empty string: no city).
CITY_SLUG_PATTERN = r"^[a-z0-9-]{0,60}$"


class JsonBoolean(fields.Boolean):
    """``true`` or ``false`` only, as the document's ``boolean`` says (marshmallow's Boolean
    also takes 1, "yes", "on", …); a form's checkbox arrives as a Python bool."""

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, bool):
            raise self.make_error("invalid", input=value)
        return value


def _email(value: str) -> None:
    try:
        validate.Email()(value)
        validate.Length(max=254)(value)
    except ma.ValidationError:
        raise ma.ValidationError(str(_l("Enter a valid email address."))) from None


def _password(value: str) -> None:
    if len(value) < MIN_PASSWORD:
        raise ma.ValidationError(str(_l("Use at least %(n)d characters.", n=MIN_PASSWORD)))
    if len(value) > MAX_PASSWORD:
        raise ma.ValidationError(str(_l("Use at most 200 characters.")))


class SignupSchema(InputSchema):
    """``POST /api/v1/users`` and the sign-up form: the document says what the server accepts."""

    email = fields.String(
        required=True,
        validate=_email,
        error_messages={"required": _l("Enter a valid email address.")},
        metadata={"format": "email", "maxLength": 254},
    )
    password = fields.String(
        required=True,
        load_only=True,
        validate=_password,
        error_messages={"required": _l("Use at least %(n)d characters.", n=MIN_PASSWORD)},
        metadata={"minLength": MIN_PASSWORD, "maxLength": MAX_PASSWORD},
    )
    name = Text(
        min=2,
        max=120,
        required=True,
        min_error=_l("Enter a name of 2 to 120 characters."),
        max_error=_l("Enter a name of 2 to 120 characters."),
        metadata={"pattern": NAME_PATTERN, "description": "2 to 120 characters besides surrounding spaces"},
    )
    city = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.Regexp(CITY_SLUG_PATTERN, error=_l("Unknown city.")),
        metadata={"description": "city slug"},
    )
    accept_privacy = JsonBoolean(
        required=True,
        validate=validate.Equal(True, error=_l("You must accept the privacy notice to sign up.")),
        error_messages={
            "required": _l("You must accept the privacy notice to sign up."),
            "invalid": _l("You must accept the privacy notice to sign up."),
        },
        metadata={"description": "the privacy notice is accepted: only true"},
    )
