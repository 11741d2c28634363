#!/usr/bin/env python3
"""Benchmark of the live board: fan-out of new notes to a room of N participants, on the
real server (eventlet, ``python wsgi.py``) beside a bare python-socketio server doing the
same fan-out (``bench/bare_server.py``), in the same run and on the same machine.

For each room size N (``--sizes``, default 50, 200, 1000) it connects N socket clients
(websockets in this one process, read by one thread: ``bench/socket_crowd.py``), each signed in
with its own API token and registered for the workshop; they all join the board. Then
``--senders`` of them add ``--notes`` notes in all, each sender waiting for the
acknowledgement of one note before sending the next, and every client records when each
``note:created`` arrives. Reported:

- p50 / p99 latency from the ``note:create`` being sent to each client's ``note:created``
  (one sample per note and client: N samples per note);
- deliveries per second: ``note:created`` messages received by all clients, divided by the
  time from the first send to the last delivery.

The rate limits are lifted for the load (``RATELIMIT_ENABLED=false``, a large
``SOCKETIO_RATE_*``). SQLite in a temporary directory unless ``--database-url`` is given.

    .venv/bin/python bench/board.py                       # 50, 200, 1000
    .venv/bin/python bench/board.py --sizes 50,200 --notes 200
    .venv/bin/python bench/board.py --database-url postgresql://postgres@127.0.0.1/cantiere_bench
"""

from __future__ import annotations

import argparse
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- the database: one live workshop per room size, people registered with tokens -------------


def prepare_database(database_url: str, sizes: list[int]) -> dict[int, tuple[int, list[str]]]:
    """A fresh database with max(sizes) people (API tokens, no password hashes) and, for
    each size N, a live workshop without agenda where the first N are registered."""
    from datetime import timedelta

    from app import create_app
    from app.extensions import db
    from app.models import ApiToken, City, CityKind, Role, RoleGrant, User
    from app.models.base import utcnow
    from app.models.user import hash_token
    from app.models.workshop import Registration, RegistrationStatus, Workshop, WorkshopMode, WorkshopStatus

    app = create_app("development", DATABASE_URL=database_url, SQLALCHEMY_DATABASE_URI="", REDIS_URL="")
    rooms = {}
    with app.app_context():
        db.drop_all()
        db.create_all()
        city = City(
            name="Bari", slug="bari", region="Puglia", kind=CityKind.METROPOLITAN, lat=41.12, lng=16.87, zoom=12
        )
        now = utcnow()

        def person(n: int) -> User:
            return User(
                email=f"bench{n}@example.org",
                name=f"Partecipante {n}",
                city=city,
                password_hash="!",
                privacy_version="bench",
                privacy_accepted_at=now,
            )

        facilitator = person(0)
        facilitator.roles.append(RoleGrant(role=Role.FACILITATOR, city=city))
        people = [person(n) for n in range(1, max(sizes) + 1)]
        db.session.add_all([city, facilitator, *people])
        db.session.flush()
        tokens = []
        for user in people:
            secret = ApiToken.new_secret()
            db.session.add(ApiToken(user_id=user.id, name="bench", token_hash=hash_token(secret), prefix=secret[:10]))
            tokens.append(secret)
        for size in sizes:
            workshop = Workshop(
                city_id=city.id,
                created_by_id=facilitator.id,
                title=f"Laboratorio di prova del carico ({size})",
                mode=WorkshopMode.ONLINE,
                starts_at=now,
                ends_at=now + timedelta(hours=2),
                capacity=size + 10,
                status=WorkshopStatus.LIVE,
                started_at=now,
                registered_count=size,
            )
            db.session.add(workshop)
            db.session.flush()
            db.session.add_all(
                Registration(workshop_id=workshop.id, user_id=u.id, status=RegistrationStatus.REGISTERED)
                for u in people[:size]
            )
            rooms[size] = (workshop.id, tokens[:size])
        db.session.commit()
        db.engine.dispose()
    return rooms


# --- the servers -------------------------------------------------------------------------------


class Server:
    def __init__(self, command: list[str], port: int, env: dict, log: Path):
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.log = log
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=log.open("ab"), stderr=subprocess.STDOUT, start_new_session=True
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited: {log.read_text()[-2000:]}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"server did not start: {log.read_text()[-2000:]}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def cantiere_server(database_url: str, workdir: Path) -> Server:
    port = free_port()
    env = {
        **os.environ,
        "CANTIERE_ENV": "development",
        "SECRET_KEY": "bench",
        "DATABASE_URL": database_url,
        "REDIS_URL": "",
        "INSTANCE_PATH": str(workdir),
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "SOCKETIO_ASYNC_MODE": "eventlet",
        "RATELIMIT_ENABLED": "false",
        "RATELIMIT_STORAGE_URI": "memory://",
        "SOCKETIO_RATE_PER_SECOND": "100000",
        "SOCKETIO_RATE_BURST": "100000",
        "PYTHONUNBUFFERED": "1",
    }
    return Server([sys.executable, "wsgi.py"], port, env, workdir / "cantiere.log")


def bare_server(workdir: Path) -> Server:
    port = free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return Server([sys.executable, str(ROOT / "bench" / "bare_server.py"), str(port)], port, env, workdir / "bare.log")


# --- the clients -------------------------------------------------------------------------------


def fan_out(url: str, tokens: list[str], workshop_id: int, notes: int, senders: int) -> dict:
    from socket_crowd import Crowd

    received: dict[str, list[float]] = {}
    sent: dict[str, float] = {}

    def on_event(index: int, name: str, data) -> None:
        if name == "note:created":
            received.setdefault(data["note"]["client_id"], []).append(time.perf_counter())

    crowd = Crowd(url, on_event)
    started = time.perf_counter()
    for token in tokens:
        crowd.connect(token)
    crowd.start()
    joins = [crowd.emit(i, "workshop:join", {"workshop_id": workshop_id}) for i in range(len(tokens))]
    for done in joins:
        if not done.wait(180) or not done.ack.get("ok"):
            raise RuntimeError(f"join failed: {done.ack}")
    connected_in = time.perf_counter() - started
    time.sleep(2 + len(tokens) * 0.008)  # let the presence messages of the joins pass

    def send(index: int, count: int) -> None:
        for i in range(count):
            client_id = uuid.uuid4().hex
            sent[client_id] = time.perf_counter()
            payload = {"workshop_id": workshop_id, "client_id": client_id, "text": f"Idea {index}.{i}", "x": 1.0}
            ack = crowd.call(index, "note:create", payload, timeout=120)
            if not ack.get("ok"):
                raise RuntimeError(f"note refused: {ack}")

    first = time.perf_counter()
    per_sender = [notes // senders + (1 if k < notes % senders else 0) for k in range(senders)]
    threads = [threading.Thread(target=send, args=(k, per_sender[k])) for k in range(senders)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    expected = len(tokens)
    deadline = time.perf_counter() + 120
    while time.perf_counter() < deadline:
        if len(received) == len(sent) and all(len(received[c]) >= expected for c in sent):
            break
        time.sleep(0.05)
    crowd.close()
    latencies = [(t - sent[c]) * 1000 for c in sent for t in received.get(c, [])]
    deliveries = len(latencies)
    last = max((t for c in sent for t in received.get(c, [])), default=first)
    return {
        "clients": expected,
        "connect_s": round(connected_in, 1),
        "notes": len(sent),
        "deliveries": deliveries,
        "missing": len(sent) * expected - deliveries,
        "p50_ms": round(statistics.median(latencies), 1) if latencies else None,
        "p99_ms": round(percentile(latencies, 0.99), 1) if latencies else None,
        "deliveries_per_s": round(deliveries / (last - first)) if last > first else None,
    }


def run_size(size: int, room: tuple[int, list[str]], args, database_url: str, workdir: Path) -> list[dict]:
    rows = []
    workshop_id, tokens = room
    for name in ("bare python-socketio", "Cantiere"):
        server = bare_server(workdir) if name.startswith("bare") else cantiere_server(database_url, workdir)
        try:
            result = fan_out(server.url, tokens, workshop_id, args.notes, args.senders)
        finally:
            server.stop()
        rows.append({"server": name, "size": size, **result})
        print(f"  N={size:<5} {name:<22} {result}", flush=True)
    return rows


def table(rows: list[dict]) -> str:
    lines = [
        "| participants | server | notes | deliveries | p50 (ms) | p99 (ms) | deliveries/s |",
        "|---:|---|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['size']} | {r['server']} | {r['notes']} | {r['deliveries']} | {r['p50_ms']} | "
            f"{r['p99_ms']} | {r['deliveries_per_s']} |"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="50,200,1000", help="room sizes, comma-separated")
    parser.add_argument("--notes", type=int, default=100, help="notes added per room size")
    parser.add_argument("--senders", type=int, default=5, help="clients adding them, at the same time")
    parser.add_argument("--database-url", default="", help="default: SQLite in a temporary directory")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    try:  # a socket per client on each side
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(soft, 4 * max(sizes) + 256)), hard))
    except (ImportError, ValueError, OSError):
        pass
    print(
        f"live board fan-out: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}, {'PostgreSQL' if args.database_url else 'SQLite'}",
        flush=True,
    )
    rows = []
    with tempfile.TemporaryDirectory(prefix="cantiere-bench-board-") as tmp:
        database_url = args.database_url or f"sqlite:///{Path(tmp) / 'board.db'}"
        rooms = prepare_database(database_url, sizes)
        for size in sizes:
            rows.extend(run_size(size, rooms[size], args, database_url, Path(tmp)))
    print()
    print(table(rows))
    missing = sum(r["missing"] for r in rows)
    if missing:
        print(f"\n{missing} deliveries missing", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
