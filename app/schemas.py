"""Input schemas: the one place where the limits of a write are written.

Every write has one marshmallow schema in ``<feature>/schemas.py``. The service loads it
with :func:`load` (which raises ``InvalidInput(fields)``); the API documents the same
schema as its request body (``app.api.body``) and hands the raw JSON to the service; a
form renders the fields and shows the service's field errors (``app.web.submit_form``).
So a limit is written once and every door answers it the same way.

The fields below accept what both doors send: JSON values from the API and Python values
from WTForms (``''`` for an empty text box, ``None`` for an empty number or date box), and
every number is bounded where it is read, so nothing beyond the database's integers
reaches a query.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import marshmallow as ma
from flask_babel import lazy_gettext as _l
from marshmallow import fields, validate

from app.errors import InvalidInput

#: The largest id or count the app reads: the databases' signed 32-bit integer columns.
MAX_INT = 2**31 - 1


class InputSchema(ma.Schema):
    """Base of every input schema: unknown fields are refused, messages translated."""

    class Meta:
        unknown = ma.RAISE

    error_messages = {
        "unknown": _l("This field is not accepted here."),
        "type": _l("The data must be an object."),
    }


def _empty(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class Text(fields.String):
    """Text trimmed of surrounding white space; ``min``/``max`` characters after trimming.
    An optional text that is empty loads as ``""``."""

    default_error_messages = {
        "required": _l("This field is required."),
        "null": _l("This field is required."),
        "invalid": _l("Enter text."),
    }

    def __init__(self, *, min: int = 0, max: int, min_error=None, max_error=None, **kwargs):
        self.min_length, self.max_length = min, max
        self.min_error, self.max_error = min_error, max_error
        if not kwargs.get("required"):
            kwargs.setdefault("load_default", str)  # "" (a callable: not documented as a default)
        super().__init__(**kwargs)

    def deserialize(self, value, attr=None, data=None, **kwargs):
        if value is None and not self.required:
            value = ""  # an empty form box, or JSON null, for an optional text
        return super().deserialize(value, attr, data, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs).strip()
        if not text and not self.required:
            return ""  # an optional text left empty
        if self.min_length and len(text) < self.min_length:
            if not text and self.required:
                raise self.make_error("required")
            raise ma.ValidationError(str(self.min_error or _l("Write at least %(n)s characters.", n=self.min_length)))
        if len(text) > self.max_length:
            raise ma.ValidationError(str(self.max_error or _l("At most %(n)s characters.", n=self.max_length)))
        return text


class Int(fields.Integer):
    """A whole number between ``min`` and ``max`` (both default to the database's range).
    ``"12"`` loads as 12; booleans and fractions are refused; an empty value is ``None``
    when the field allows it."""

    default_error_messages = {
        "required": _l("This field is required."),
        "null": _l("This field is required."),
        "invalid": _l("Enter a whole number."),
        "too_large": _l("Enter a whole number."),
    }

    def __init__(self, *, min: int = -MAX_INT, max: int = MAX_INT, range_error=None, **kwargs):
        self.min_value, self.max_value, self.range_error = min, max, range_error
        super().__init__(strict=False, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
            raise self.make_error("invalid")
        if isinstance(value, str) and len(value.strip()) > 20:
            raise self.make_error("invalid")
        number = super()._deserialize(value, attr, data, **kwargs)
        if not self.min_value <= number <= self.max_value:
            message = self.range_error or _l(
                "Enter a number between %(min)s and %(max)s.", min=self.min_value, max=self.max_value
            )
            raise ma.ValidationError(str(message))
        return number

    def deserialize(self, value, attr=None, data=None, **kwargs):
        if self.allow_none and _empty(value) and value is not ma.missing:
            value = None
        return super().deserialize(value, attr, data, **kwargs)


def Id(**kwargs) -> Int:
    """The id of a row: 1 … ``MAX_INT``; a larger number is an unknown row, never an overflow."""
    kwargs.setdefault("range_error", _l("Unknown reference."))
    return Int(min=1, max=MAX_INT, **kwargs)


def Ids(*, max_items: int = 200, **kwargs) -> fields.List:
    """A list of row ids (duplicates removed by the service where it matters)."""
    kwargs.setdefault("load_default", list)
    return fields.List(Id(), validate=validate.Length(max=max_items), **kwargs)


class Flag(fields.Boolean):
    """A yes/no; a missing form checkbox is ``False``."""

    default_error_messages = {"invalid": _l("Answer yes or no.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("load_default", False)
        super().__init__(**kwargs)


class Choice(fields.Enum):
    """One value of an ``enum.Enum`` by its value (``"online"``); an enum member passes."""

    default_error_messages = {
        "required": _l("Choose one of the options."),
        "null": _l("Choose one of the options."),
        "unknown": _l("Choose one of the options."),
    }

    def __init__(self, enum, **kwargs):
        super().__init__(enum, by_value=True, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, self.enum):
            return value
        return super()._deserialize(value, attr, data, **kwargs)


class Money(fields.Decimal):
    """An amount in euros: a decimal string (``"12500.00"``) or number, 0 … 10¹², at most
    two decimals. Dumped as a string, as the API speaks money."""

    default_error_messages = {
        "required": _l("This field is required."),
        "null": _l("This field is required."),
        "invalid": _l("Enter an amount in euros, e.g. 12500.00."),
        "special": _l("Enter an amount in euros, e.g. 12500.00."),
    }

    def __init__(self, *, min: str = "0", max: str = "1000000000000", range_error=None, **kwargs):
        self.min_value, self.max_value, self.range_error = Decimal(min), Decimal(max), range_error
        metadata = {"type": "string", "pattern": r"^[0-9]{1,13}(\.[0-9]{1,2})?$", **kwargs.pop("metadata", {})}
        super().__init__(places=None, as_string=True, metadata=metadata, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool) or (isinstance(value, str) and len(value) > 20):
            raise self.make_error("invalid")
        amount = super()._deserialize(value, attr, data, **kwargs)
        if amount.as_tuple().exponent < -2:
            raise ma.ValidationError(str(_l("Use at most two decimals (cents).")))
        if not self.min_value <= amount <= self.max_value:
            message = self.range_error or _l(
                "Enter an amount between %(min)s and %(max)s euros.", min=self.min_value, max=self.max_value
            )
            raise ma.ValidationError(str(message))
        return amount.quantize(Decimal("0.01"))


class Percent(Money):
    """A share in percent, 0 … 100, at most two decimals."""

    default_error_messages = {
        **Money.default_error_messages,
        "invalid": _l("Enter a percentage between 0 and 100."),
        "special": _l("Enter a percentage between 0 and 100."),
    }

    def __init__(self, **kwargs):
        super().__init__(min="0", max="100", range_error=_l("Enter a percentage between 0 and 100."), **kwargs)


class When(fields.AwareDateTime):
    """A moment: ISO 8601 with a time zone (``2027-03-01T09:00:00+01:00``), or an aware
    ``datetime``; stored in UTC."""

    default_error_messages = {
        "required": _l("This field is required."),
        "null": _l("This field is required."),
        "invalid": _l("Enter a date and time with its time zone, e.g. 2027-03-01T09:00:00+01:00."),
        "invalid_awareness": _l("Enter a date and time with its time zone, e.g. 2027-03-01T09:00:00+01:00."),
    }

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, datetime) and value.tzinfo is not None:
            return value.astimezone(UTC)
        if isinstance(value, str) and len(value) > 40:
            raise self.make_error("invalid")
        return super()._deserialize(value, attr, data, **kwargs).astimezone(UTC)


def _flatten(messages, prefix: str = "") -> dict[str, list[str]]:
    """marshmallow's nested messages → ``{"agenda.2.minutes": ["…"]}``; schema-level ones
    stay under the name their validator gave (or ``_schema``)."""
    out: dict[str, list[str]] = {}
    if isinstance(messages, Mapping):
        for key, value in messages.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            for sub, msgs in _flatten(value, name).items():
                out.setdefault(sub, []).extend(msgs)
    elif isinstance(messages, list | tuple):
        for item in messages:
            if isinstance(item, Mapping | list | tuple):
                for sub, msgs in _flatten(item, prefix).items():
                    out.setdefault(sub, []).extend(msgs)
            else:
                out.setdefault(prefix or "_schema", []).append(str(item))
    else:
        out.setdefault(prefix or "_schema", []).append(str(messages))
    return out


def load(schema: ma.Schema | type[ma.Schema], data: Any, *, partial: bool = False) -> dict:
    """Load ``data`` with ``schema``; any error becomes ``InvalidInput`` with field messages.
    ``partial`` loads only the fields given (PATCH)."""
    if isinstance(schema, type):
        schema = schema()
    if not isinstance(data, Mapping):
        raise InvalidInput(message=str(_l("The data must be an object.")))
    try:
        return schema.load(data, partial=partial)
    except ma.ValidationError as error:
        raise InvalidInput(_flatten(error.messages)) from None
