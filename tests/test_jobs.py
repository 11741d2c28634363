"""The job queue: how Huey is bound to the configuration, the digest's schedule, and — with a
real (non-immediate) queue — that mail never waits in the request: with an SMTP server that
takes 5 s per message, signing up, asking for a password reset and changing the stage of an
idea with 50 followers each answer in under 300 ms (the median of five, after a warm-up),
the mail server sees no connection until the worker runs, and then the mail arrives.
(``bench/mail_latency.py`` measures the same actions with the real password hashing.)"""

from __future__ import annotations

import os
import signal
import statistics
import threading
import time
import uuid
from datetime import datetime
from types import SimpleNamespace

import pytest
from flask_mailman import Mail
from huey.storage import MemoryStorage, RedisStorage, SqliteStorage

from app import jobs
from app.models import Role
from app.models import user as user_model
from app.organisations import network as network_service
from app.workshops.minutes import build_snapshot, render_pdf
from bench.slow_smtp import SMTP_DELAY, SlowSMTPServer
from tests import factories
from tests.factories import ideas as fi
from tests.factories import organisations as fo
from tests.factories import workshops as fw

REQUEST_BOUND = 0.3  # seconds: the median of ROUNDS requests of each action
ROUNDS = 5


@pytest.fixture
def slow_smtp(app, monkeypatch):
    """The app sends mail by SMTP to a server that takes 5 s per message."""
    server = SlowSMTPServer()
    config = dict(app.config, MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=server.port, MAIL_TIMEOUT=30)
    monkeypatch.setitem(app.extensions, "mailman", Mail.init_mail(config))
    yield server
    server.close()


@pytest.fixture
def queue(app, tmp_path, monkeypatch):
    """The queue as deployed — on Redis when REDIS_URL is set (the PostgreSQL + Redis pass),
    else on a SQLite file as ``make run`` — with no worker until ``queue.consume()`` starts
    one (two worker threads, as a separate ``flask jobs consume`` would run them)."""
    if os.environ.get("REDIS_URL"):
        storage = RedisStorage(f"cantiere-test-{uuid.uuid4().hex[:8]}", url=os.environ["REDIS_URL"])
    else:
        storage = SqliteStorage(jobs.huey.name, filename=str(tmp_path / "huey.db"))
    monkeypatch.setattr(jobs.huey, "storage", storage)
    monkeypatch.setattr(jobs.huey, "_immediate", False)
    monkeypatch.setattr(jobs.huey, "_timeout_handler", None)
    state = SimpleNamespace(consumer=None)

    def consume():
        handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
        state.consumer = jobs.huey.create_consumer(workers=2, periodic=False, max_delay=0.1)
        state.consumer.start()
        for sig, handler in handlers.items():  # the consumer's handlers are for its own process
            signal.signal(sig, handler)
        return state.consumer

    state.consume = consume
    yield state
    if state.consumer is not None:
        state.consumer.stop(graceful=True)
    storage.flush_all()


@pytest.fixture
def real_queue(queue):
    """The queue as deployed, its worker running."""
    return queue.consume()


def median_time(post, after=None) -> tuple[float, list[float]]:
    """The median time of ``post(n)`` over ``ROUNDS`` rounds, after one round not counted (the
    first request of a route compiles its templates); ``after(n)`` runs untimed between."""
    times = []
    for n in range(ROUNDS + 1):
        started = time.perf_counter()
        response = post(n)
        took = time.perf_counter() - started
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        if n:
            times.append(round(took, 3))
        if after:
            after(n)
    return statistics.median(times), times


# --- configuration -------------------------------------------------------------------------


def _bound(**config) -> jobs.AppHuey:
    queue = jobs.AppHuey()
    defaults = {"HUEY_NAME": "t", "HUEY_IMMEDIATE": False, "REDIS_URL": "", "HUEY_SQLITE_PATH": ""}
    queue.init_app(SimpleNamespace(config={**defaults, **config}, extensions={}))
    return queue


def test_the_store_follows_the_configuration(tmp_path):
    assert isinstance(_bound(REDIS_URL="redis://127.0.0.1:6399/0").storage, RedisStorage)
    embedded = _bound(HUEY_SQLITE_PATH=str(tmp_path / "huey.db")).storage
    assert isinstance(embedded, SqliteStorage) and embedded.filename == str(tmp_path / "huey.db")
    immediate = _bound(HUEY_IMMEDIATE=True, HUEY_SQLITE_PATH=str(tmp_path / "never.db"))
    assert immediate.immediate and isinstance(immediate.storage, MemoryStorage)


def test_the_tests_run_jobs_immediately(app):
    assert app.config["HUEY_IMMEDIATE"] is True and jobs.huey.immediate


def test_the_consumer_refuses_an_immediate_queue(runner):
    result = runner.invoke(args=["jobs", "consume"])
    assert result.exit_code != 0 and "HUEY_IMMEDIATE" in result.output


def test_the_digest_leaves_every_day_at_seven_rome_time(app):
    assert app.config["DIGEST_HOUR"] == 7 and app.config["DIGEST_MINUTE"] == 0
    assert jobs.daily_at_configured_time(datetime(2026, 12, 1, 6, 0))  # 07:00 in Rome (winter)
    assert not jobs.daily_at_configured_time(datetime(2026, 12, 1, 7, 0))
    assert jobs.daily_at_configured_time(datetime(2026, 7, 1, 5, 0))  # 07:00 in Rome (summer)
    assert [task.name for task in jobs.huey.read_periodic(datetime(2026, 12, 1, 6, 0))] == ["daily_digest"]
    assert jobs.huey.read_periodic(datetime(2026, 12, 1, 6, 1)) == []


def test_a_reset_request_queues_the_same_job_whether_or_not_the_account_exists(client, resident, monkeypatch):
    monkeypatch.setattr(jobs.huey, "_immediate", False)
    monkeypatch.setattr(jobs.huey, "storage", MemoryStorage(jobs.huey.name))
    for address in (resident.email, "nobody@example.org"):
        assert client.post("/password/reset", data={"email": address}).status_code == 302
    queued = [jobs.huey.dequeue() for _ in range(jobs.huey.pending_count())]
    assert [task.name for task in queued] == ["mail_password_reset"] * 2
    assert [task.args[0] for task in queued] == [resident.email, "nobody@example.org"]


# --- a slow mail server never slows a request ----------------------------------------------


@pytest.fixture
def quick_hashing(monkeypatch):
    """One precomputed password hash for every new account: hashing costs the same with or
    without a mail server (about 0.1 s of CPU here), and mail is what these checks are about."""
    hashed = user_model.generate_password_hash("una-password-lunga")
    monkeypatch.setattr(user_model, "generate_password_hash", lambda password: hashed)


def _sign_up(client, n):
    data = {"name": "Maria Rossi", "password": "una-password-lunga", "city": "bari", "accept_privacy": "y"}
    return client.post("/signup", data={**data, "email": f"maria{n}@example.org"})


def test_with_a_slow_smtp_server_requests_never_wait_for_mail_and_mail_arrives(
    client, login, city, slow_smtp, queue, quick_hashing, monkeypatch
):
    monkeypatch.setitem(client.application.config, "RATELIMIT_ENABLED", False)
    signing_up = median_time(lambda n: _sign_up(client, n), after=lambda n: client.post("/logout"))

    person = factories.create_user(city=city, email="reset@example.org")
    resetting = median_time(lambda n: client.post("/password/reset", data={"email": person.email}))

    idea = fi.create_idea(city, title="Orto condiviso")
    followers = [factories.create_user(city=city) for _ in range(50)]
    for follower in followers:
        fi.follow(follower, idea=idea)
    login(factories.create_user(role=Role.STAFF, city=city))
    stages = ("in_codesign", "funded")  # back and forth: every round is a change
    staging = median_time(
        lambda n: client.post(f"/c/bari/ideas/{idea.id}/stage", data={"stage": stages[n % 2], "note": "Nota."})
    )

    figures = {"sign-up": signing_up, "password reset": resetting, "stage change, 50 followers": staging}
    print("median and times (s):", figures, "load average:", os.getloadavg())
    assert all(median < REQUEST_BOUND for median, _times in figures.values()), figures
    assert slow_smtp.connections == []  # nothing in a request spoke to the mail server
    assert jobs.huey.pending_count() == (ROUNDS + 1) * 2  # the resets and the stage mails, queued

    queue.consume()
    arrived = slow_smtp.wait_for(lambda ms: any(m["To"] == person.email for m in ms), timeout=SMTP_DELAY * 4)
    reset = next(m for m in arrived if m["To"] == person.email)
    assert "/password/reset/" in reset.get_payload(decode=True).decode()
    slow_smtp.release()  # the other messages need not take 5 s each
    expected = {f.email: ROUNDS + 1 for f in followers} | {person.email: ROUNDS + 1}

    def received(messages):
        got = {address: 0 for address in expected}
        for message in messages:
            if message["To"] in got:
                got[message["To"]] += 1
        return got

    arrived = slow_smtp.wait_for(lambda ms: received(ms) == expected, timeout=120)
    assert received(arrived) == expected  # one mail per stage change to each follower, every reset


# --- the network's betweenness, computed once and shared ----------------------------------


@pytest.fixture
def bridged(city):
    """Two pairs of organisations joined only by a university (the bridge)."""
    owner = factories.create_user(city=city)
    orgs = {name: fo.create_organisation(city, owner, name=name) for name in ("A", "B", "C", "D", "Università")}
    fo.create_partnership(fi.create_idea(city), orgs["A"], [orgs["B"], orgs["Università"]])
    fo.create_partnership(fi.create_idea(city), orgs["C"], [orgs["D"], orgs["Università"]])
    return orgs


def test_the_betweenness_is_computed_by_the_worker_and_read_from_the_store(client, bridged, real_queue, monkeypatch):
    monkeypatch.setattr(network_service, "SYNC_UP_TO", 2)
    network_service.clear_cache()
    first = client.get("/api/v1/network?city=bari").json
    assert first["betweenness_pending"] is True
    assert network_service.wait_for_background(timeout=30)
    # Another process: nothing in its memory, the same answer from the store, computed nowhere.
    monkeypatch.setattr(network_service, "_CENTRALITIES", {})
    monkeypatch.setattr(network_service, "_STRUCTURES", {})
    monkeypatch.setattr(network_service, "_betweenness", lambda edges: pytest.fail("computed twice"))
    ready = client.get("/api/v1/network?city=bari").json
    assert ready["betweenness_pending"] is False
    assert max(ready["nodes"], key=lambda n: n["betweenness"])["name"] == "Università"
    network_service.clear_cache()


# --- the minutes PDF, laid out by the worker -----------------------------------------------


def test_the_minutes_pdf_is_laid_out_by_the_worker(app, city, real_queue, monkeypatch):
    workshop = fw.create_workshop(city=city, title="Cortili aperti")
    laid_out_in = []
    original = jobs.huey.execute

    def spy(task, *args, **kwargs):
        laid_out_in.append((task.name, threading.current_thread().name))
        return original(task, *args, **kwargs)

    monkeypatch.setattr(jobs.huey, "execute", spy)
    with app.test_request_context():
        data = render_pdf(build_snapshot(workshop, None), draft=True)
    assert data.startswith(b"%PDF")
    assert laid_out_in and laid_out_in[0][0] == "render_minutes_pdf"
    assert laid_out_in[0][1] != threading.current_thread().name
