#!/usr/bin/env python3
"""Benchmark of needs at city scale: the list, full-text search and the map's bbox query.

Builds a fresh database (SQLite in a temporary directory unless ``--database-url`` is
given), adds the demo cities and target areas, then ``--needs`` synthetic needs with the
code of ``flask demo scale --needs`` (timed), and measures p50/p95 over ``--repeat``
requests through the WSGI app (Flask test client, no network hop):

- the city's needs list (HTML page 1, a deep page, the API newest and most supported);
- full-text search (HTML and API, a common and a rare word);
- the map: ``/api/v1/needs.geojson`` for a neighbourhood-sized box and for the whole city;

and prints the query plan (``EXPLAIN QUERY PLAN`` on SQLite, ``EXPLAIN`` on PostgreSQL) of
the list, search and bbox queries, which must use an index.

    .venv/bin/python bench/needs.py                     # 100 000 needs on SQLite
    .venv/bin/python bench/needs.py --needs 20000 --repeat 10
    .venv/bin/python bench/needs.py --database-url postgresql://postgres@127.0.0.1/cantiere_bench
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Map boxes: San Paolo (a neighbourhood, ~2 km) and all of Bari.
NEIGHBOURHOOD_BOX = "16.785,41.100,16.812,41.121"
CITY_BOX = "16.75,41.03,16.99,41.20"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def measure(client, url: str, repeat: int) -> dict:
    for _ in range(2):  # warm up: templates compiled, caches filled
        client.get(url)
    times, status, size = [], 0, 0
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        status, size = response.status_code, len(response.data)
    return {
        "url": url,
        "status": status,
        "bytes": size,
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(percentile(times, 0.95), 1),
    }


def plan(db, statement) -> str:
    compiled = statement.compile(dialect=db.engine.dialect, compile_kwargs={"literal_binds": True})
    with db.engine.connect() as conn:
        if db.engine.dialect.name == "sqlite":
            rows = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}").all()
            return "\n".join(str(row[-1]) for row in rows)
        rows = conn.exec_driver_sql(f"EXPLAIN {compiled}").all()
        return "\n".join(row[0] for row in rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--needs", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--json", default="", help="also write the figures to this file")
    args = parser.parse_args()

    tmp = tempfile.TemporaryDirectory(prefix="cantiere-bench-needs-")
    url = args.database_url or f"sqlite:///{Path(tmp.name) / 'bench.db'}"
    from app import create_app
    from app.demo import areas, foundation
    from app.extensions import db
    from app.models import Area, City
    from app.needs.queries import needs_select, parse_bbox
    from bench.scale.needs import scale_needs

    app = create_app(
        "testing",
        DATABASE_URL=url,
        SQLALCHEMY_DATABASE_URI="",
        RATELIMIT_ENABLED=False,
        SOCKETIO_MESSAGE_QUEUE="",
        UPLOAD_DIR=str(Path(tmp.name) / "uploads"),
    )
    figures: dict = {"needs": args.needs, "repeat": args.repeat}
    with app.app_context(), app.test_request_context("/"):
        backend = db.engine.dialect.name
        figures["database"] = backend
        db.drop_all() if backend != "sqlite" else None
        db.create_all()
        foundation.seed(lambda m: None)
        db.session.commit()
        areas.seed(lambda m: None)
        db.session.commit()

        started = time.monotonic()
        last = [0.0]

        def progress(message: str) -> None:
            if time.monotonic() - last[0] > 5:
                last[0] = time.monotonic()
                print(f"  · {message}", flush=True)

        scale_needs(args.needs, progress)
        figures["scale_seconds"] = round(time.monotonic() - started, 1)
        print(f"{args.needs} needs added in {figures['scale_seconds']} s ({backend})", flush=True)
        if backend == "postgresql":
            with db.engine.begin() as conn:
                conn.exec_driver_sql("ANALYZE need")  # what autovacuum does after a bulk load

        city = db.session.scalar(db.select(City).where(City.slug == "bari"))
        area = db.session.scalar(db.select(Area).where(Area.city_id == city.id, Area.slug == "san-paolo"))
        statements = {
            "list (city, newest)": needs_select(None, city_id=city.id).limit(20),
            "list (city, most supported)": needs_select(None, city_id=city.id, sort="supported").limit(20),
            "search (city, 'illuminazione')": needs_select(None, city_id=city.id, q="illuminazione").limit(20),
            "search (all, 'defibrillatore')": needs_select(None, q="defibrillatore").limit(20),
            "map bbox (city, neighbourhood)": needs_select(
                None, city_id=city.id, bbox=parse_bbox(NEIGHBOURHOOD_BOX), with_point=True
            ).limit(2001),
        }
        figures["plans"] = {name: plan(db, statement) for name, statement in statements.items()}

    client = app.test_client()
    urls = [
        ("list: HTML page 1", "/c/bari/needs"),
        ("list: HTML page 50", "/c/bari/needs?page=50"),
        ("list: area filter", f"/c/bari/needs?area={area.id}"),
        ("list: API newest", "/api/v1/needs?city=bari"),
        ("list: API most supported", "/api/v1/needs?city=bari&sort=supported"),
        ("search: HTML 'doposcuola'", "/c/bari/needs?q=doposcuola"),
        ("search: API 'illuminazione'", "/api/v1/needs?city=bari&q=illuminazione"),
        ("search: API rare word, all cities", "/api/v1/needs?q=defibrillatore"),
        ("map: bbox neighbourhood", f"/api/v1/needs.geojson?city=bari&bbox={NEIGHBOURHOOD_BOX}"),
        ("map: bbox whole city (2000 cap)", f"/api/v1/needs.geojson?city=bari&bbox={CITY_BOX}"),
    ]
    figures["requests"] = {}
    for name, path in urls:
        figures["requests"][name] = measure(client, path, args.repeat)
        print(".", end="", flush=True)
    print()

    print(f"\nNeeds benchmark — {args.needs} needs, {backend}, {args.repeat} requests each (test client)\n")
    print(f"| {'request':<36} | {'p50 ms':>7} | {'p95 ms':>7} | {'bytes':>8} | status |")
    print(f"|{'-' * 38}|{'-' * 9}|{'-' * 9}|{'-' * 10}|--------|")
    for name, row in figures["requests"].items():
        print(f"| {name:<36} | {row['p50_ms']:>7} | {row['p95_ms']:>7} | {row['bytes']:>8} | {row['status']:>6} |")
    print(f"\nBulk load: {args.needs} needs in {figures['scale_seconds']} s\n")
    print("Query plans:")
    for name, text in figures["plans"].items():
        print(f"- {name}:")
        for line in text.splitlines():
            print(f"    {line}")
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2, ensure_ascii=False))
    failures = [n for n, r in figures["requests"].items() if r["status"] != 200]
    no_index = [n for n, t in figures["plans"].items() if "INDEX" not in t.upper() and "Index" not in t]
    if failures or no_index:
        print(f"\nPROBLEMS: failed requests {failures}, plans without an index {no_index}")
        return 1
    return 0


if __name__ == "__main__":
    os.environ.setdefault("CANTIERE_ENV", "testing")
    sys.exit(main())
