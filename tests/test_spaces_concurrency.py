"""Concurrent booking requests for the same slot book it once: each thread has its own app
context and database session, and they all call ``book_space`` at the same moment."""

from __future__ import annotations

import itertools
import threading
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from app.errors import InvalidInput
from app.extensions import db as _db
from app.models import Booking, Role, Space, User
from app.spaces import services
from tests import factories
from tests.factories import spaces as fs

THREADS = 8


def _race(app, user_id: int, space_id: int, slots: list[tuple[datetime, datetime]]) -> list[str]:
    """Book each slot from its own thread, all released together; returns the outcomes."""
    barrier = threading.Barrier(len(slots))
    outcomes: list[str] = [""] * len(slots)

    def worker(index: int, starts_at: datetime, ends_at: datetime) -> None:
        with app.test_request_context("/"):  # its own app context, hence its own session
            try:
                user = _db.session.get(User, user_id)
                space = _db.session.get(Space, space_id)
                barrier.wait(timeout=30)
                services.book_space(user, space, starts_at, ends_at, purpose=f"richiesta {index}")
                outcomes[index] = "booked"
            except InvalidInput as error:
                outcomes[index] = "refused" if "space" in error.fields else f"invalid {error.fields}"
            except Exception as error:  # reported, so the assertion shows it
                outcomes[index] = f"error {type(error).__name__}: {error}"
                _db.session.rollback()

    threads = [threading.Thread(target=worker, args=(i, *slot)) for i, slot in enumerate(slots)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a booking thread hung"
    return outcomes


def _start() -> datetime:
    day = (datetime.now(UTC) + timedelta(days=10)).date()
    return datetime(day.year, day.month, day.day, 9, tzinfo=UTC)


def test_concurrent_requests_for_the_same_slot_book_it_exactly_once(app, city, db):
    staff = factories.create_user(role=Role.STAFF, city=city)
    space = fs.create_space(city)
    start = _start()
    outcomes = _race(app, staff.id, space.id, [(start, start + timedelta(hours=2))] * THREADS)
    assert sorted(outcomes) == ["booked"] + ["refused"] * (THREADS - 1), outcomes
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Booking)) == 1


def test_concurrent_overlapping_slots_never_both_succeed(app, city, db):
    staff = factories.create_user(role=Role.STAFF, city=city)
    space = fs.create_space(city)
    start = _start()
    # Each slot overlaps the next one by half an hour.
    slots = [(start + timedelta(minutes=30 * i), start + timedelta(minutes=30 * i + 60)) for i in range(THREADS)]
    _race(app, staff.id, space.id, slots)
    db.session.expire_all()
    booked = db.session.scalars(sa.select(Booking).order_by(Booking.starts_at)).all()
    assert booked
    for first, second in itertools.pairwise(booked):
        assert first.ends_at <= second.starts_at, "two confirmed bookings overlap"


def test_concurrent_touching_slots_are_all_booked(app, city, db):
    staff = factories.create_user(role=Role.STAFF, city=city)
    space = fs.create_space(city)
    start = _start()
    slots = [(start + timedelta(hours=i), start + timedelta(hours=i + 1)) for i in range(6)]
    outcomes = _race(app, staff.id, space.id, slots)
    assert outcomes == ["booked"] * 6, outcomes
