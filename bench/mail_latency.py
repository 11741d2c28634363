#!/usr/bin/env python3
"""Benchmark: requests that send mail, against an SMTP server that takes 5 s per message.

Signing up, asking for a password reset and changing the stage of an idea with
``--followers`` followers (each mailed at once) are each posted ``--rounds`` times, after one
warm-up, through the Flask test client (no network hop) on a fresh SQLite database, with the
job queue as ``make run`` has it (a SQLite file) and its worker running in this process (two
threads: a harder case than the separate ``flask jobs consume`` process of a deployment, since
they share this interpreter). Password hashing is the real one (scrypt). Prints the median,
p95 and maximum time and CPU time of each action with the load average, then waits until all
the mail has reached the slow server. Exits non-zero when a median is over 300 ms or some
mail did not arrive.

    .venv/bin/python bench/mail_latency.py
    .venv/bin/python bench/mail_latency.py --rounds 50 --followers 200
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.needs import percentile  # noqa: E402 (after the path is set)

BOUND_MS = 300


def measure(post, rounds: int, goes_to: str, after=None) -> dict:
    """Time and CPU time of ``post(n)`` for ``rounds`` rounds after one warm-up round; each
    answer must be the redirect to ``goes_to`` (the action done)."""
    times, cpu = [], []
    for n in range(rounds + 1):
        started, started_cpu = time.perf_counter(), time.thread_time()
        response = post(n)
        took, took_cpu = time.perf_counter() - started, time.thread_time() - started_cpu
        if response.status_code != 302 or not response.headers["Location"].startswith(goes_to):
            raise SystemExit(f"round {n}: {response.status_code} {response.get_data(as_text=True)[:300]}")
        if n:
            times.append(took * 1000)
            cpu.append(took_cpu * 1000)
        if after:
            after(n)
    return {
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(percentile(times, 0.95), 1),
        "max_ms": round(max(times), 1),
        "cpu_p50_ms": round(statistics.median(cpu), 1),
    }


def start_worker(huey):
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    consumer = huey.create_consumer(workers=2, periodic=False, max_delay=0.1)
    consumer.start()
    for sig, handler in handlers.items():  # the consumer's handlers are for its own process
        signal.signal(sig, handler)
    return consumer


def run_actions(app, args) -> tuple[dict, dict[str, int]]:
    """The three actions, measured; and the mail each address must receive."""
    from app.extensions import db
    from app.ideas import services as ideas
    from app.models import City, Follow, IdeaStage, Need, NeedCategory, Role, RoleGrant, User
    from app.models.base import utcnow

    client = app.test_client()
    with app.app_context():
        city = db.session.scalar(db.select(City).where(City.slug == "bari"))
        people = [User(email=f"follower{n}@example.org", name=f"Persona {n}", city=city) for n in range(args.followers)]
        staff = User(email="staff@example.org", name="Ufficio", city=city)
        author = User(email="author@example.org", name="Autrice", city=city)
        for person in [*people, staff, author]:
            person.password_hash = "not-a-password"  # they never sign in here
            person.privacy_version, person.privacy_accepted_at = app.config["PRIVACY_TERMS_VERSION"], utcnow()
        db.session.add_all([*people, staff, author, RoleGrant(user=staff, role=Role.STAFF, city=city)])
        need = Need(
            city=city,
            author=author,
            title="Cortile senza ombra",
            body="Serve ombra.",
            body_html="",
            category=NeedCategory.PUBLIC_SPACE,
        )
        db.session.add(need)
        db.session.commit()
        with app.test_request_context("/"):
            idea = ideas.propose_idea(
                author,
                city="bari",
                title="Orto condiviso",
                summary="Un orto per il quartiere.",
                body="Coltiviamo insieme.",
                need_ids=[need.id],
            )
        db.session.add_all([Follow(user_id=p.id, idea_id=idea.id) for p in people])
        db.session.commit()
        idea_id, staff_id, addresses = idea.id, staff.get_id(), [p.email for p in people]
        stages = (IdeaStage.IN_CODESIGN.value, IdeaStage.FUNDED.value)

    signup = {"name": "Maria Rossi", "password": "una-password-lunga", "city": "bari", "accept_privacy": "y"}
    figures = {
        "sign-up": measure(
            lambda n: client.post("/signup", data={**signup, "email": f"maria{n}@example.org"}),
            args.rounds,
            "/",
            after=lambda n: client.post("/logout"),
        ),
        "password reset": measure(
            lambda n: client.post("/password/reset", data={"email": "follower0@example.org"}), args.rounds, "/login"
        ),
    }
    with client.session_transaction() as session:
        session["_user_id"], session["_fresh"] = staff_id, True
    figures[f"stage change, {args.followers} followers"] = measure(
        lambda n: client.post(f"/c/bari/ideas/{idea_id}/stage", data={"stage": stages[n % 2], "note": "Nota."}),
        args.rounds,
        f"/c/bari/ideas/{idea_id}",
    )
    changes = args.rounds + 1
    expected = dict.fromkeys(addresses, changes)
    expected["follower0@example.org"] += args.rounds + 1  # the reset links
    return figures, expected


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--followers", type=int, default=50)
    args = parser.parse_args()

    from app import create_app, jobs
    from app.demo import foundation
    from app.extensions import db
    from bench.slow_smtp import SMTP_DELAY, SlowSMTPServer

    tmp = tempfile.TemporaryDirectory(prefix="cantiere-bench-mail-")
    smtp = SlowSMTPServer()
    app = create_app(
        "testing",
        DATABASE_URL=f"sqlite:///{Path(tmp.name) / 'bench.db'}",
        SQLALCHEMY_DATABASE_URI="",
        RATELIMIT_ENABLED=False,
        SOCKETIO_MESSAGE_QUEUE="",
        WTF_CSRF_ENABLED=False,
        HUEY_IMMEDIATE=False,
        HUEY_SQLITE_PATH=str(Path(tmp.name) / "huey.db"),
        MAIL_BACKEND="smtp",
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=smtp.port,
        MAIL_USE_TLS=False,
        MAIL_TIMEOUT=30,
        UPLOAD_DIR=str(Path(tmp.name) / "uploads"),
    )
    if jobs.huey.immediate:
        raise SystemExit("the queue is immediate: this benchmark needs a real one")
    with app.app_context():
        db.create_all()
        foundation.seed(lambda message: None)
        db.session.commit()
    consumer = start_worker(jobs.huey)
    try:
        figures, expected = run_actions(app, args)
        load = os.getloadavg()
        started = time.monotonic()
        smtp.wait_for(lambda ms: ms, timeout=SMTP_DELAY * 4)  # the first message: the server is slow
        smtp.release()  # the rest need not take 5 s each

        def received(messages) -> dict[str, int]:
            got = dict.fromkeys(expected, 0)
            for message in messages:
                if message["To"] in got:
                    got[message["To"]] += 1
            return got

        arrived = received(smtp.wait_for(lambda ms: received(ms) == expected, timeout=120))
        waited = time.monotonic() - started
    finally:
        consumer.stop(graceful=True)
        smtp.close()

    print(f"\nMail latency — SMTP answering each message after {SMTP_DELAY:.0f} s, {args.rounds} requests each")
    print(f"(test client, SQLite, real password hashing; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f})\n")
    print(f"| {'action':<30} | {'p50 ms':>7} | {'p95 ms':>7} | {'max ms':>7} | {'CPU p50 ms':>10} |")
    print(f"|{'-' * 32}|{'-' * 9}|{'-' * 9}|{'-' * 9}|{'-' * 12}|")
    for name, row in figures.items():
        print(
            f"| {name:<30} | {row['p50_ms']:>7} | {row['p95_ms']:>7} | {row['max_ms']:>7} | {row['cpu_p50_ms']:>10} |"
        )
    total, got = sum(expected.values()), sum(min(arrived[a], n) for a, n in expected.items())
    print(f"\nMail arrived: {got} of {total} messages, {waited:.1f} s after the last request")
    slow = [name for name, row in figures.items() if row["p50_ms"] >= BOUND_MS]
    if slow or got != total:
        print(f"\nPROBLEMS: medians over {BOUND_MS} ms {slow}; mail missing {total - got}")
        return 1
    return 0


if __name__ == "__main__":
    os.environ.setdefault("CANTIERE_ENV", "testing")
    sys.exit(main())
