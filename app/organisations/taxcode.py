"""Italian tax codes of organisations: the 11-digit codice fiscale numerico and the partita
IVA share one format and one check digit (Agenzia delle Entrate, D.M. 23 dicembre 1976).

The check digit is a Luhn variant: digits in odd positions (1st, 3rd, … 9th) are added as
they are; digits in even positions (2nd, … 10th) are doubled, minus 9 when the double is over
9; the 11th digit is ``(10 - sum % 10) % 10``.

A person's codice fiscale (16 letters and digits) is not an organisation's tax code: it is
refused with a message that says so.
"""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l

_DIGITS = re.compile(r"^\d{11}$")
_PERSONAL = re.compile(r"^[A-Z]{6}\d{2}[A-Z]\d{2}[A-Z]\d{3}[A-Z]$")


def check_digit(first_ten: str) -> int:
    """The 11th digit for the first ten digits of a codice fiscale numerico / partita IVA."""
    if len(first_ten) != 10 or not first_ten.isdigit():
        raise ValueError("ten digits expected")
    total = 0
    for index, char in enumerate(first_ten):
        digit = int(char)
        if index % 2 == 1:  # 2nd, 4th, … position (1-based even)
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return (10 - total % 10) % 10


def normalise(raw: str | None) -> str:
    """Spaces, dots and dashes out; an ``IT`` VAT prefix out; letters upper case."""
    value = re.sub(r"[\s.\-]", "", raw or "").upper()
    if value.startswith("IT") and len(value) == 13:
        value = value[2:]
    return value


def validate(raw: str | None) -> tuple[str, str | None]:
    """``(normalised code, error message or None)``."""
    value = normalise(raw)
    if not value:
        return value, str(_l("Enter the organisation's tax code (codice fiscale or partita IVA, 11 digits)."))
    if _PERSONAL.match(value):
        return value, str(
            _l(
                "This is a person's codice fiscale (16 characters). "
                "An organisation's codice fiscale or partita IVA has 11 digits."
            )
        )
    if not _DIGITS.match(value):
        return value, str(_l("The tax code of an organisation has exactly 11 digits (codice fiscale or partita IVA)."))
    if value == "0" * 11:
        return value, str(_l("This tax code is not valid."))
    if check_digit(value[:10]) != int(value[10]):
        return value, str(
            _l("This tax code is not valid: its last digit (the check digit) does not match. Check for typing errors.")
        )
    return value, None


def is_valid(raw: str | None) -> bool:
    return validate(raw)[1] is None


def complete(first_ten: str) -> str:
    """A valid 11-digit code from ten digits (demo and synthetic data)."""
    return first_ten + str(check_digit(first_ten))
