#!/usr/bin/env python3
"""Benchmark of the partner network at city scale.

Builds a fresh database (SQLite in a temporary directory unless ``--database-url`` is given),
adds ``--organizations`` organisations and ``--partnerships`` partnerships to one city with the
same code as ``flask demo scale``, then times, through the WSGI app (no network hop):

- ``GET /api/v1/network?city=`` cold (empty cache): the structure from SQL, betweenness
  started in the background, and how long that computation takes (sampled above 500);
- the same request warm: everything from the per-city cache;
- the same request after one partner accepts (the cache key changes), and the time until
  the new betweenness is ready;
- ``GET /api/v1/network?city=&area=`` and ``&form=`` (filtered views, warm);
- ``GET /api/v1/organizations?city=&q=`` and the directory and map pages.

    .venv/bin/python bench/network.py                      # 10 000 organisations, 20 000 partnerships
    .venv/bin/python bench/network.py --organizations 2000 --partnerships 4000 --json out.json
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def timed(client, url: str, repeat: int = 1) -> tuple[float, int, int]:
    """(median seconds, status, bytes) of ``repeat`` GETs."""
    times = []
    status = size = 0
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - started)
        status, size = response.status_code, len(response.data)
    return statistics.median(times), status, size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--organizations", type=int, default=10000)
    parser.add_argument("--partnerships", type=int, default=20000)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--json", default="", help="also write the figures to this file")
    parser.add_argument(
        "--reuse", action="store_true", help="with --database-url: keep the data already there (built by a first run)"
    )
    args = parser.parse_args()

    tmp = tempfile.TemporaryDirectory(prefix="cantiere-bench-")
    url = args.database_url or f"sqlite:///{Path(tmp.name) / 'bench.db'}"
    import os

    os.environ.setdefault("SCALE_CITY", "bari")
    from app import create_app
    from app.demo import foundation
    from app.extensions import db
    from app.models import Area, City, Partner, PartnerStatus
    from app.models.base import utcnow
    from app.organisations import network
    from bench.scale import organisations as scale

    app = create_app(
        "testing",
        DATABASE_URL=url,
        SQLALCHEMY_DATABASE_URI="",
        RATELIMIT_ENABLED=False,
        SOCKETIO_MESSAGE_QUEUE="",
    )
    figures: dict = {"organizations": args.organizations, "partnerships": args.partnerships}
    with app.app_context():
        reuse = args.reuse and args.database_url and db.inspect(db.engine).has_table("organisation")
        if not reuse:
            db.create_all()
            foundation.seed(lambda m: None)
            db.session.commit()
        city = db.session.scalar(db.select(City).where(City.slug == os.environ["SCALE_CITY"]))
        for n, name in enumerate(("Japigia", "San Paolo", "Libertà", "Madonnella", "Carrassi", "Bari Vecchia")):
            if reuse:
                break
            db.session.add(
                Area(
                    city=city,
                    name=name,
                    slug=f"bench-{n}",
                    geometry={"type": "Polygon", "coordinates": []},
                    min_lat=0,
                    min_lng=0,
                    max_lat=0,
                    max_lng=0,
                )
            )
        db.session.commit()
        area_id = db.session.scalar(db.select(Area.id).where(Area.city_id == city.id))
        if not reuse:
            started = time.perf_counter()
            scale.scale_organisations(args.organizations, lambda m: None)
            scale.scale_partnerships(args.partnerships, lambda m: None)
            figures["seconds_to_build"] = round(time.perf_counter() - started, 1)
        figures["partner_rows"] = db.session.scalar(db.select(db.func.count()).select_from(Partner))
        figures["backend"] = db.engine.dialect.name

    client = app.test_client()
    base = f"/api/v1/network?city={city.slug}"
    network.clear_cache()
    cpu = time.process_time()
    cold, status, size = timed(client, base)
    assert status == 200, status
    started = time.perf_counter()
    network.wait_for_background(timeout=3600)
    figures["betweenness_compute_s"] = round(time.perf_counter() - started + cold, 3)
    # CPU time of the process meanwhile (the waiting thread sleeps): the computation's own cost,
    # which is what it would take on an idle core.
    figures["betweenness_cpu_s"] = round(time.process_time() - cpu, 3)
    payload = json.loads(client.get(base).data)
    figures["nodes"] = len(payload["nodes"])
    figures["edges"] = len(payload["edges"])
    figures["betweenness_sample"] = payload["betweenness_sample"]
    figures["network_cold_s"] = round(cold, 3)
    figures["network_bytes"] = size
    figures["network_warm_s"] = round(timed(client, base, repeat=5)[0], 3)
    with app.app_context():
        invited = db.session.scalar(db.select(Partner).where(Partner.status == PartnerStatus.INVITED))
        invited.status = PartnerStatus.ACCEPTED
        invited.responded_at = utcnow()
        db.session.commit()
    figures["network_after_change_s"] = round(timed(client, base)[0], 3)
    started = time.perf_counter()
    network.wait_for_background(timeout=3600)
    figures["betweenness_after_change_s"] = round(time.perf_counter() - started, 3)
    figures["network_area_warm_s"] = round(timed(client, f"{base}&area={area_id}", repeat=5)[0], 3)
    figures["network_form_warm_s"] = round(timed(client, f"{base}&form=museum", repeat=5)[0], 3)
    figures["organizations_search_s"] = round(
        timed(client, f"/api/v1/organizations?city={city.slug}&q=aurora&per_page=50", repeat=5)[0], 3
    )
    figures["directory_page_s"] = round(timed(client, f"/organisations?city={city.slug}&form=aps", repeat=5)[0], 3)
    figures["network_page_warm_s"] = round(timed(client, f"/c/{city.slug}/network", repeat=3)[0], 3)

    width = max(len(k) for k in figures)
    for key, value in figures.items():
        print(f"{key:<{width}}  {value}")
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2))
    tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
