"""``flask demo scale --needs N``: synthetic needs for benchmarks, in bulk, with the texts of
the demo needs."""

from __future__ import annotations

import html
import random
import time
from datetime import timedelta

import sqlalchemy as sa
from shapely import contains_xy
from shapely.geometry import shape

from app.demo.common import DEMO_PASSWORD
from app.demo.needs import CODAS, PLACES, STATUSES, TEMPLATES, compose
from app.extensions import db
from app.models import Area, City, Need, User
from app.models.base import utcnow
from app.needs import search
from app.needs.access import coarsen

SCALE_CHUNK = 5000
SCALE_AUTHORS = 200


def _scale_authors() -> list[int]:
    ids = list(
        db.session.scalars(sa.select(User.id).where(User.email.like("volume-%@scale.cantiere.local")).order_by(User.id))
    )
    if len(ids) >= SCALE_AUTHORS:
        return ids
    now = utcnow()
    template = User(email="x", name="x", privacy_version="scale", privacy_accepted_at=now)
    template.set_password(DEMO_PASSWORD)  # one hash for all: they never sign in
    rows = [
        {
            "email": f"volume-{n}@scale.cantiere.local",
            "name": f"Residente {n}",
            "password_hash": template.password_hash,
            "privacy_version": "scale",
            "privacy_accepted_at": now,
            "auth_nonce": f"{n:016x}",
            "active": True,
            "created_at": now,
            "email_frequency": "never",
        }
        for n in range(len(ids) + 1, SCALE_AUTHORS + 1)
    ]
    db.session.execute(sa.insert(User), rows)
    db.session.commit()
    return _scale_authors()


def scale_needs(count: int, progress) -> None:
    """Add ``count`` synthetic needs spread over every city (bulk inserts of
    ``SCALE_CHUNK``): texts from the demo templates, 70% with a point near the city centre
    and placed in its area, supports and comments skewed like real ones."""
    cities = db.session.scalars(sa.select(City).order_by(City.id)).all()
    if not cities:
        raise RuntimeError("No cities: run `flask demo seed` first.")
    authors = _scale_authors()
    areas_by_city = {
        c.id: [(a.id, shape(a.geometry)) for a in db.session.scalars(sa.select(Area).where(Area.city_id == c.id))]
        for c in cities
    }
    places = {c.id: PLACES.get(c.slug, {"": ["in città", ["in centro"]]}) for c in cities}
    rng = random.Random(f"cantiere-scale-{count}")
    # Oldest first, as real needs arrive: the (city, created_at) index grows at its end.
    span = 3 * 365 * 86400
    first = utcnow() - timedelta(seconds=span)
    plan = _Plan(rng, cities, authors, areas_by_city, places, lambda n: first + timedelta(seconds=span * n / count))
    connection = db.session.connection()
    with search.bulk_load(connection):
        started = time.monotonic()
        done = 0
        while done < count:
            size = min(SCALE_CHUNK, count - done)
            rows = [plan.row(done + i) for i in range(size)]
            # Core executemany: one statement per chunk (the ORM's bulk path splits on None values).
            db.session.connection().execute(Need.__table__.insert(), rows)
            done += size
            elapsed = time.monotonic() - started
            progress(f"{done}/{count} needs ({done / elapsed:,.0f} per second)")
    db.session.commit()


class _Plan:
    """One synthetic need at a time, drawn from the demo texts and places."""

    def __init__(self, rng, cities, authors, areas_by_city, places, moment):
        self.rng, self.cities, self.authors, self.moment = rng, cities, authors, moment
        self.areas_by_city, self.places = areas_by_city, places
        self.statuses = [s for s, _share in STATUSES]
        self.weights = [share for _s, share in STATUSES]

    def row(self, position: int) -> dict:
        """The ``position``-th need, dated in order (a second of jitter)."""
        rng = self.rng
        city = self.cities[rng.randrange(len(self.cities))]
        spots = self.places[city.id]
        nel_quartiere, wheres = spots[rng.choice(list(spots))]
        template = TEMPLATES[rng.randrange(len(TEMPLATES))]
        title, body = compose(template, rng.choice(wheres), nel_quartiere, rng.choice(CODAS))
        lat = lng = area_id = None
        if rng.random() < 0.7:
            lat = round(city.lat + rng.gauss(0, 0.018), 6)
            lng = round(city.lng + rng.gauss(0, 0.024), 6)
            area_id = next((i for i, polygon in self.areas_by_city[city.id] if contains_xy(polygon, lng, lat)), None)
        created = self.moment(position) + timedelta(seconds=rng.random())
        return {
            "city_id": city.id,
            "area_id": area_id,
            "author_id": self.authors[rng.randrange(len(self.authors))],
            "title": title,
            "body": body,
            "body_html": f"<p>{html.escape(body, quote=False)}</p>\n",
            "category": template[0],
            "status": rng.choices(self.statuses, self.weights)[0],
            "lat": lat,
            "lng": lng,
            "lat_public": coarsen(lat),
            "lng_public": coarsen(lng),
            "support_count": int(rng.paretovariate(1.6)) - 1,
            "comment_count": int(rng.paretovariate(2.2)) - 1,
            "report_count": 0,
            "hidden": rng.random() < 0.002,
            "created_at": created,
            "updated_at": created,
        }
