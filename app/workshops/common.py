"""What the workshop services share: times in Rome, workshop URLs, the row lock that
serialises changes of a workshop's places, counters and notifications."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask import current_app, has_request_context, url_for
from flask_babel import gettext as _

from app import realtime, times
from app.errors import NotFound
from app.extensions import db
from app.models import Idea
from app.models.workshop import (
    Registration,
    RegistrationStatus,
    Workshop,
    WorkshopStatus,
)
from app.notifications.services import notify

OPEN_FOR_REGISTRATION = (WorkshopStatus.SCHEDULED, WorkshopStatus.LIVE)
#: Ids beyond a 32-bit integer do not exist (and would make the database refuse the query).
ID_MAX = 2**31 - 1


def get_row(model, object_id):
    """The row with this id, or None (also for ids no row can have)."""
    if isinstance(object_id, bool) or not isinstance(object_id, int) or not 1 <= object_id <= ID_MAX:
        return None
    return db.session.get(model, object_id)


def rome_to_utc(value: datetime) -> datetime:
    """A wall-clock time in Rome (naive, as typed in a form) as an aware UTC datetime; aware
    values are only converted."""
    return times.from_local(value)


def utc_to_rome(value: datetime | None) -> datetime | None:
    """An aware UTC datetime as a naive Rome wall-clock time (to fill a form)."""
    return times.to_local(value, naive=True)


def workshop_url(workshop: Workshop | int, endpoint: str = "workshops.detail", **values) -> str:
    """The path of a workshop page, also outside a request (demo, threads, notifications)."""
    workshop_id = workshop if isinstance(workshop, int) else workshop.id
    if has_request_context():
        return url_for(endpoint, workshop_id=workshop_id, **values)
    adapter = current_app.url_map.bind("localhost", script_name=current_app.config.get("APPLICATION_ROOT") or "/")
    return adapter.build(endpoint, {"workshop_id": workshop_id, **values})


def clean(value) -> str:
    text = value if isinstance(value, str) else ""
    return text.replace("\x00", "").strip()


def too_long(limit: int) -> str:
    return _("Use at most %(n)s characters.", n=limit)


def lock_workshop(workshop: Workshop) -> Workshop:
    """Lock the workshop row until the transaction ends and reload it."""
    if db.session.get_bind().dialect.name == "postgresql":
        locked = db.session.scalar(
            sa.select(Workshop)
            .where(Workshop.id == workshop.id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
    else:  # SQLite: a write takes the database write lock, serialising writers
        db.session.execute(sa.update(Workshop).where(Workshop.id == workshop.id).values(seq=Workshop.seq))
        locked = db.session.scalar(
            sa.select(Workshop).where(Workshop.id == workshop.id).execution_options(populate_existing=True)
        )
    if locked is None:
        raise NotFound()
    return locked


def count_status(workshop_id: int, status: RegistrationStatus) -> int:
    return db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Registration)
        .where(Registration.workshop_id == workshop_id, Registration.status == status)
    )


def places_left(workshop: Workshop) -> int:
    return max(0, workshop.capacity - (workshop.registered_count or 0))


def waitlist_position(registration: Registration) -> int | None:
    """1 for the first person on the waitlist; None when not waitlisted."""
    if registration.status is not RegistrationStatus.WAITLISTED:
        return None
    ahead = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Registration)
        .where(
            Registration.workshop_id == registration.workshop_id,
            Registration.status == RegistrationStatus.WAITLISTED,
            sa.or_(
                Registration.created_at < registration.created_at,
                sa.and_(Registration.created_at == registration.created_at, Registration.id < registration.id),
            ),
        )
    )
    return ahead + 1


def refresh_counters(workshop: Workshop) -> None:
    """Recount places, store them on the workshop and push them to open pages (after commit)."""
    workshop.registered_count = count_status(workshop.id, RegistrationStatus.REGISTERED)
    workshop.waitlist_count = count_status(workshop.id, RegistrationStatus.WAITLISTED)
    if workshop.public:
        topic = f"workshop:{workshop.id}"
        realtime.push_counter(topic, "registrations", workshop.registered_count)
        realtime.push_counter(topic, "places_left", places_left(workshop))
        realtime.push_counter(topic, "waitlist", workshop.waitlist_count)


def notify_about(user_id: int, kind: str, workshop: Workshop, endpoint: str = "workshops.detail") -> None:
    notify(user_id, kind, workshop_url(workshop, endpoint), title=workshop.title)


def parse_ids(values) -> list[int] | None:
    """Distinct ids, sorted; None when one is not an id (or there are more than 100)."""
    if values is None:
        return []
    if isinstance(values, (str, bytes)) or not hasattr(values, "__iter__"):
        return None
    try:
        ids = sorted({int(v) for v in values if not isinstance(v, bool)})
    except (TypeError, ValueError):
        return None
    if len(ids) > 100 or any(not 1 <= i <= ID_MAX for i in ids):
        return None
    return ids


def ideas_produced(workshop: Workshop) -> list[Idea]:
    return db.session.scalars(sa.select(Idea).where(Idea.workshop_id == workshop.id).order_by(Idea.id)).all()
