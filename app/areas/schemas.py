"""Input schema of a target area (create and edit): name, description, funding intensity,
GeoJSON boundary and indicator rows. The service loads it and then checks the boundary
against the city (``app.areas.geometry.validate``)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

import marshmallow as ma
from flask_babel import lazy_gettext as _l
from marshmallow import fields, validate

from app.schemas import InputSchema, Int, Text

MAX_INDICATORS = 30
MAX_DESCRIPTION = 5000
INDICATOR_FIELDS = ("name", "value", "unit", "year", "source")


class Number(fields.Field):
    """A decimal number (``"24,8"`` or ``24.8``) between ``low`` and ``high``, rounded to
    ``places``; ``message`` for anything else."""

    def __init__(self, *, low: Decimal, high: Decimal, places: str, message, **kwargs):
        self.low, self.high, self.places, self.message = low, high, Decimal(places), message
        kwargs.setdefault("error_messages", {"required": message, "null": message})
        kwargs.setdefault("metadata", {"type": "number"})
        super().__init__(**kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool) or (isinstance(value, str) and len(value) > 30):
            raise ma.ValidationError(str(self.message))
        try:
            number = Decimal(str(value).strip().replace(",", ".")) if not isinstance(value, Decimal) else value
        except (InvalidOperation, ValueError):
            raise ma.ValidationError(str(self.message)) from None
        if not number.is_finite() or not self.low <= number <= self.high:
            raise ma.ValidationError(str(self.message))
        return number.quantize(self.places)


def _sized(low: int, high: int, message) -> Text:
    """A required text of ``low``–``high`` characters, with one message for every miss."""
    return Text(
        min=low, max=high, required=True, error_messages={"required": message}, min_error=message, max_error=message
    )


class IndicatorInput(InputSchema):
    """One indicator of the area: ``{name, value, unit, year, source}``."""

    name = _sized(1, 120, _l("Give the indicator a name of at most 120 characters."))
    value = Number(
        low=Decimal("-1e11"),
        high=Decimal("1e11"),
        places="0.001",
        required=True,
        message=_l("Give the indicator a numeric value."),
    )
    unit = Text(max=20, max_error=_l("The unit has at most 20 characters."))
    year = Int(
        min=1900,
        max=2100,
        allow_none=True,
        load_default=None,
        range_error=_l("Enter a year between 1900 and 2100."),
        error_messages={"invalid": _l("Enter a year between 1900 and 2100.")},
    )
    source = Text(max=200, max_error=_l("The source has at most 200 characters."))


def _blank(row) -> bool:
    return isinstance(row, dict) and not any(str(row.get(k) or "").strip() for k in INDICATOR_FIELDS)


class AreaInput(InputSchema):
    """A target area as staff draw it: ``name`` 2–120 characters, ``funding_intensity`` a
    percentage 0–100, a GeoJSON Polygon or MultiPolygon ``geometry`` (object or text) and up
    to 30 ``indicators`` (blank rows of the form are skipped)."""

    name = _sized(2, 120, _l("Enter a name of 2 to 120 characters."))
    description = Text(max=MAX_DESCRIPTION, max_error=_l("Use at most %(n)d characters.", n=MAX_DESCRIPTION))
    funding_intensity = Number(
        low=Decimal(0),
        high=Decimal(100),
        places="0.01",
        required=True,
        message=_l("Enter a percentage between 0 and 100."),
        metadata={"type": "number", "description": "maximum grant share of eligible cost, in percent"},
    )
    geometry = fields.Raw(
        required=True,
        error_messages={
            "required": _l("Draw the area on the map or upload its GeoJSON boundary."),
            "null": _l("Draw the area on the map or upload its GeoJSON boundary."),
        },
        metadata={"description": "GeoJSON Polygon or MultiPolygon (WGS84), as an object or as text"},
    )
    indicators = fields.List(
        fields.Nested(IndicatorInput),
        load_default=list,
        validate=validate.Length(max=MAX_INDICATORS, error=_l("At most %(n)d indicators.", n=MAX_INDICATORS)),
    )

    @ma.pre_load
    def _skip_blank_rows(self, data, **kwargs):
        if isinstance(data, dict) and isinstance(data.get("indicators"), list):
            data = {**data, "indicators": [row for row in data["indicators"] if not _blank(row)]}
        if isinstance(data, dict) and data.get("geometry") in ("", {}, b""):
            data = {k: v for k, v in data.items() if k != "geometry"}
        return data
