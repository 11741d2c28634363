"""Local time: the platform's one time zone (``BABEL_DEFAULT_TIMEZONE``, Europe/Rome by
default) for what people type and read; the database keeps aware UTC datetimes.

    from app import times
    times.from_local(form.starts_at.data)      # a typed wall-clock time → aware UTC
    times.to_local(workshop.starts_at).date()  # the day in Italy
    times.now_local()                          # now, in Italy

Zones are ``zoneinfo`` zones: a pytz zone must never be given as ``tzinfo=`` (it would use
local mean time, +0:50 for Rome).
"""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from flask import current_app


@lru_cache(maxsize=8)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def local_zone() -> ZoneInfo:
    """The configured time zone (needs an application context)."""
    return _zone(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def now_local() -> datetime:
    """Now, as an aware datetime in the local zone."""
    return datetime.now(local_zone())


def to_local(value: datetime | None, *, naive: bool = False) -> datetime | None:
    """An aware datetime in the local zone (``naive=True``: its wall-clock time without a
    zone, to fill a form); None stays None."""
    if value is None:
        return None
    local = value.astimezone(local_zone())
    return local.replace(tzinfo=None) if naive else local


def from_local(value: datetime) -> datetime:
    """A wall-clock time in the local zone (naive, as typed in a form) as an aware UTC
    datetime; aware values are only converted."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=local_zone())
    return value.astimezone(UTC)


def add_months(day: date, months: int) -> date:
    """``day`` moved ``months`` calendar months on (to the month's last day when shorter)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
