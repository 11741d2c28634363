"""Concurrent assignments never give an application more evaluators than the call asks:
staff assigning at the same moment by hand, and two automatic assignments racing (each
thread with its own app context and session, released together). Run on PostgreSQL too
(``DATABASE_URL=postgresql://…``)."""

from __future__ import annotations

import threading

import sqlalchemy as sa

from app.errors import Conflict
from app.evaluations import services
from app.extensions import db as _db
from app.models import Application, Call, User
from app.models.evaluation import ACTIVE, Evaluation
from tests.factories.calls import staff_of
from tests.factories.evaluations import admissible, create_evaluator, evaluation_call

THREADS = 6


def _race(app, jobs) -> list[str]:
    barrier = threading.Barrier(len(jobs))
    outcomes = [""] * len(jobs)

    def worker(index, job):
        with app.test_request_context("/"):
            try:
                barrier.wait(timeout=30)
                job()
                outcomes[index] = "ok"
            except Conflict:
                outcomes[index] = "refused"
            except Exception as error:  # reported, so the assertion shows it
                outcomes[index] = f"error {type(error).__name__}: {error}"
                _db.session.rollback()

    threads = [threading.Thread(target=worker, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(t.is_alive() for t in threads), "a thread hung"
    return outcomes


def _active(application_id: int) -> int:
    _db.session.expire_all()
    query = sa.select(sa.func.count()).where(Evaluation.application_id == application_id, Evaluation.status.in_(ACTIVE))
    return _db.session.scalar(query)


def test_concurrent_assignments_stop_at_the_calls_number(app, city, db):
    staff = staff_of(city)
    call = evaluation_call(city, staff)
    application = admissible(call)
    people = [create_evaluator(city).id for _ in range(THREADS)]
    staff_id, application_id = staff.id, application.id  # read here: the threads use their own sessions

    def job(person_id):
        return lambda: services.assign_evaluator(
            _db.session.get(User, staff_id), _db.session.get(Application, application_id), {"user": person_id}
        )

    outcomes = _race(app, [job(p) for p in people])
    assert sorted(outcomes) == ["ok"] * 2 + ["refused"] * (THREADS - 2), outcomes
    assert _active(application_id) == 2


def test_racing_automatic_assignments_fill_each_application_once(app, city, db):
    staff = staff_of(city)
    call = evaluation_call(city, staff)
    applications = [admissible(call).id for _ in range(3)]
    for _ in range(4):
        create_evaluator(city)

    staff_id, call_id = staff.id, call.id  # read here: the threads use their own sessions

    def job():
        services.auto_assign(_db.session.get(User, staff_id), _db.session.get(Call, call_id))

    outcomes = _race(app, [job, job, job])
    assert outcomes == ["ok"] * 3, outcomes
    assert [_active(a) for a in applications] == [2, 2, 2]
