"""Concurrent awards at the budget's edge never overspend: threads, each with its own
session, decide a rolling call or renounce grants at the same moment (run on SQLite and, with
DATABASE_URL, on PostgreSQL)."""

from __future__ import annotations

import threading
from decimal import Decimal

from app.extensions import db as _db
from app.models import Application, ApplicationStatus, Call, RankingEdition, User
from app.rankings import rolling, services
from tests.factories.rankings import call_in_evaluation, open_rolling_call, scored

THREADS = 8


def _race(app, work) -> list[str]:
    barrier = threading.Barrier(THREADS)
    outcomes = [""] * THREADS

    def worker(index: int) -> None:
        with app.test_request_context("/"):
            try:
                barrier.wait(timeout=30)
                work(index)
                outcomes[index] = "ok"
            except Exception as error:  # reported in the assertion
                outcomes[index] = f"{type(error).__name__}: {error}"
                _db.session.rollback()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=90)
    assert not any(t.is_alive() for t in threads), "a thread hung"
    return outcomes


def test_concurrent_rolling_decisions_never_overspend(app, city, db):
    call = open_rolling_call(city, budget="250000.00", funds=[{"fund": "FSE+", "ceiling": "250000.00"}])
    for _ in range(THREADS):
        scored(call, (30, 20, 20), requested="60000.00")
    call_id = call.id

    outcomes = _race(app, lambda i: rolling.decide_rolling(_db.session.get(Call, call_id)))
    assert all(o == "ok" for o in outcomes), outcomes
    db.session.expire_all()
    call = db.session.get(Call, call_id)
    funded = [
        a
        for a in db.session.scalars(_db.select(Application).where(Application.call_id == call_id))
        if a.status is ApplicationStatus.FUNDED
    ]
    assert len(funded) == 4 and call.committed == Decimal("240000.00")
    assert sum(a.granted for a in funded) == call.committed <= call.budget


def test_concurrent_renounces_fund_each_reserve_once(app, city, db):
    call = call_in_evaluation(city, budget="300000.00", funds=[{"fund": "FSE+", "ceiling": "300000.00"}])
    apps = [scored(call, (40 - n, 20, 20), requested="100000.00") for n in range(THREADS + 3)]
    services.publish_ranking(call.created_by, call, {})
    services.award(call.created_by, call, {})
    call_id = call.id
    ids = [a.id for a in apps[:3]] + [a.id for a in apps[3 : 3 + THREADS - 3]]
    users = {a.id: a.created_by_id for a in apps}

    def renounce(index: int) -> None:
        application = _db.session.get(Application, ids[index])
        services.renounce(_db.session.get(User, users[application.id]), application, {"reason": "Rinuncia."})

    outcomes = _race(app, renounce)
    db.session.expire_all()
    call = db.session.get(Call, call_id)
    everyone = list(db.session.scalars(_db.select(Application).where(Application.call_id == call_id)))
    funded = [a for a in everyone if a.is_funded]
    assert sum(a.granted for a in funded) == call.committed <= call.budget, outcomes
    assert len({e.number for e in call_editions(call_id)}) == len(call_editions(call_id))


def call_editions(call_id):
    return list(_db.session.scalars(_db.select(RankingEdition).where(RankingEdition.call_id == call_id)))
