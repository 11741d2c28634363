"""Italian tax codes of organisations, checked with python-stdnum.

An organisation's codice fiscale numerico and its partita IVA share one format (11 digits)
and one check digit, which ``stdnum.it.iva`` checks. A person's codice fiscale (16 letters
and digits, ``stdnum.it.codicefiscale``) is not an organisation's tax code: it is refused
with a message that says so.
"""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from stdnum import luhn
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength
from stdnum.it import codicefiscale, iva


def normalise(raw: str | None) -> str:
    """Spaces, dots and dashes out; an ``IT`` VAT prefix out; letters upper case."""
    value = re.sub(r"[\s.\-]", "", raw or "").upper()
    if value.startswith("IT") and len(value) == 13:
        value = value[2:]
    return value


def _is_personal(value: str) -> bool:
    """Whether ``value`` has the shape of a person's codice fiscale (right or mistyped)."""
    if len(value) != 16:
        return False
    try:
        codicefiscale.validate(value)
    except (InvalidChecksum, InvalidComponent):
        return True
    except (InvalidFormat, InvalidLength):
        return False
    return True


def _error(value: str) -> str | None:
    """The reason ``value`` (normalised) is not an organisation's tax code, or None."""
    if not value:
        return str(_l("Enter the organisation's tax code (codice fiscale or partita IVA, 11 digits)."))
    if _is_personal(value):
        return str(
            _l(
                "This is a person's codice fiscale (16 characters). "
                "An organisation's codice fiscale or partita IVA has 11 digits."
            )
        )
    try:
        iva.validate(value)
    except InvalidLength:
        return str(_l("The tax code of an organisation has exactly 11 digits (codice fiscale or partita IVA)."))
    except InvalidFormat:
        if len(value) == 11 and value.isdigit():  # the first seven digits are all zero
            return str(_l("This tax code is not valid."))
        return str(_l("The tax code of an organisation has exactly 11 digits (codice fiscale or partita IVA)."))
    except InvalidComponent:
        # stdnum also checks the office code (digits 8–10) against a list; the platform has
        # never refused a code on it, and registered codes lie outside it: the check digit
        # is what tells a typing error.
        if not luhn.is_valid(value):
            return _wrong_check_digit()
    except InvalidChecksum:
        return _wrong_check_digit()
    return None


def _wrong_check_digit() -> str:
    return str(
        _l("This tax code is not valid: its last digit (the check digit) does not match. Check for typing errors.")
    )


def validate(raw: str | None) -> tuple[str, str | None]:
    """``(normalised code, error message or None)``."""
    value = normalise(raw)
    return value, _error(value)


def is_valid(raw: str | None) -> bool:
    return validate(raw)[1] is None


def complete(first_ten: str) -> str:
    """A valid 11-digit code from ten digits (demo and synthetic data)."""
    if len(first_ten) != 10 or not first_ten.isdigit():
        raise ValueError("ten digits expected")
    return first_ten + luhn.calc_check_digit(first_ten)
