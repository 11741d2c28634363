"""``record(actor, action, target, **data)``: the one way services write the audit log.

The entry joins the caller's transaction, so it is stored exactly when the action is.
"""

from __future__ import annotations

from typing import Any

from app.extensions import db
from app.models import AuditEntry, City


def record(actor, action: str, target: Any = None, *, city: City | int | None = None, **data) -> AuditEntry:
    target_type = target_id = None
    if target is not None and getattr(target, "id", 0) is None:
        db.session.flush()  # the target needs its id before the entry names it
    if target is not None:
        target_type = getattr(target, "__tablename__", type(target).__name__.lower())
        target_id = getattr(target, "id", None)
    if city is None and target is not None:
        city = getattr(target, "city_id", None)
    city_id = city.id if isinstance(city, City) else city
    entry = AuditEntry(
        actor_id=getattr(actor, "id", None),
        action=action,
        target_type=target_type,
        target_id=target_id,
        city_id=city_id,
        data={k: _plain(v) for k, v in data.items()},
    )
    db.session.add(entry)
    return entry


def _plain(value):
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if hasattr(value, "value"):
        return value.value
    return str(value)
