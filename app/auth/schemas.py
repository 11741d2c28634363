"""The input of the account's writes, each checked once by its service in ``auth.services``:
sign-up (``register_user``, for the form, the API — whose OpenAPI document shows the schema as
``Signup`` — and the CLI alike), signing in, asking for and choosing a new password, the
profile, API tokens and deleting the account. The forms keep their boxes and CSRF; the
limits are here."""

from __future__ import annotations

import marshmallow as ma
from flask import current_app
from flask_babel import lazy_gettext as _l
from marshmallow import fields, validate

from app.models import EmailFrequency
from app.schemas import Choice, InputSchema, Text

MIN_PASSWORD = 10
MAX_PASSWORD = 200
MAX_EMAIL = 254
MAX_TOKEN_NAME = 80
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


def _at_most(limit: int, message):
    """A validator: at most ``limit`` characters, else ``message`` (in the reader's language)."""

    def check(value: str) -> None:
        if len(value) > limit:
            raise ma.ValidationError(str(message))

    return check


def _password_field(**kwargs) -> fields.String:
    """A new password, as typed (spaces kept): 10 … 200 characters."""
    return fields.String(
        required=True,
        load_only=True,
        validate=_password,
        error_messages={"required": _l("Use at least %(n)d characters.", n=MIN_PASSWORD)},
        metadata={"minLength": MIN_PASSWORD, "maxLength": MAX_PASSWORD},
        **kwargs,
    )


def _name_field() -> Text:
    return Text(
        min=2,
        max=120,
        required=True,
        min_error=_l("Enter a name of 2 to 120 characters."),
        max_error=_l("Enter a name of 2 to 120 characters."),
        metadata={"pattern": NAME_PATTERN, "description": "2 to 120 characters besides surrounding spaces"},
    )


def _current_password() -> fields.String:
    """The password one already has, to confirm: never longer than a password can be."""
    return fields.String(
        required=True, load_only=True, validate=_at_most(MAX_PASSWORD, _l("This is not your current password."))
    )


class SignupSchema(InputSchema):
    """``POST /api/v1/users`` and the sign-up form: the document says what the server accepts."""

    email = fields.String(
        required=True,
        validate=_email,
        error_messages={"required": _l("Enter a valid email address.")},
        metadata={"format": "email", "maxLength": 254},
    )
    password = _password_field()
    name = _name_field()
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


class SignInInput(InputSchema):
    """``authenticate``: an address and a password, bounded (a wrong pair says only that)."""

    email = fields.String(
        required=True,
        validate=_at_most(MAX_EMAIL, _l("Wrong email or password.")),
        metadata={"maxLength": MAX_EMAIL},
    )
    password = fields.String(
        required=True,
        load_only=True,
        validate=_at_most(MAX_PASSWORD, _l("Wrong email or password.")),
        metadata={"maxLength": MAX_PASSWORD},
    )


class ResetRequestInput(InputSchema):
    """``request_password_reset``: the address to send the link to."""

    email = fields.String(required=True, validate=_at_most(MAX_EMAIL, _l("Enter a valid email address.")))


class NewPasswordInput(InputSchema):
    """``reset_password``: the new password chosen from the mailed link."""

    password = _password_field()


class PasswordChangeInput(InputSchema):
    """``change_password``: the current password and the new one."""

    current_password = _current_password()
    new_password = _password_field()


class AccountDeletionInput(InputSchema):
    """``delete_account``: the current password, to confirm."""

    password = _current_password()


def _language(value: str) -> None:
    if value not in ("", *current_app.config["LANGUAGES"]):
        raise ma.ValidationError(str(_l("Unknown language.")))


class ProfileInput(InputSchema):
    """``update_profile``: the name, the language (empty: the browser's) and how often to
    get mail; the city is the route's (one of the cities, or none)."""

    name = _name_field()
    locale = fields.String(load_default="", allow_none=True, validate=_language)
    email_frequency = Choice(EmailFrequency, required=True)


class TokenInput(InputSchema):
    """``create_token``: the token's name (empty: a default name)."""

    name = Text(max=MAX_TOKEN_NAME, max_error=_l("Use at most 80 characters."), metadata={"maxLength": MAX_TOKEN_NAME})


class TokenRequestSchema(SignInInput):
    """``POST /api/v1/auth/token``: sign in and name the new token (``API`` when not named)."""

    name = Text(
        max=MAX_TOKEN_NAME,
        load_default="API",
        max_error=_l("Use at most 80 characters."),
        metadata={"maxLength": MAX_TOKEN_NAME},
    )
