"""Demo needs (a few hundred, in natural Italian, across categories and areas, many with a
point) and ``flask demo scale --needs N`` (synthetic volume for benchmarks)."""

from __future__ import annotations

import html
import random
import time
from datetime import timedelta

import sqlalchemy as sa
from shapely.geometry import Point, shape

from app.cli import SCALERS, register_seeder
from app.demo import DEMO_PASSWORD
from app.extensions import db
from app.models import Area, City, Need, NeedStatus, NeedStatusChange, User
from app.models.base import utcnow
from app.needs import search
from app.needs.access import coarsen
from app.needs.demo_texts import ANSWERS, CODAS, PLACES, TEMPLATES, compose
from app.text import render_markdown

NEEDS_PER_AREA = 20
CITY_WIDE_NEEDS = 8
WITH_POINT = 0.75

#: Residents who post the demo needs (besides resident@demo.cantiere.local).
RESIDENTS = [
    ("Maria Colella", "bari"),
    ("Nicola Abbatantuono", "bari"),
    ("Giuseppe Ruggiero", "bari"),
    ("Carmela Esposito", "napoli"),
    ("Gennaro Russo", "napoli"),
    ("Assunta Marino", "napoli"),
    ("Rosalia Lo Piccolo", "palermo"),
    ("Salvatore Messina", "palermo"),
    ("Giovanna Di Bella", "palermo"),
    ("Elena Ferrero", "torino"),
    ("Karim Benali", "torino"),
    ("Paola Gribaudo", "torino"),
    ("Antonio Russo", "foggia"),
    ("Lucia Pellegrino", "foggia"),
]

_STATUSES = [
    (NeedStatus.OPEN, 0.64),
    (NeedStatus.UNDER_REVIEW, 0.15),
    (NeedStatus.BEING_ADDRESSED, 0.11),
    (NeedStatus.ADDRESSED, 0.05),
    (NeedStatus.DECLINED, 0.05),
]


def _residents() -> dict[str, list[User]]:
    from app.demo import city as city_by_slug

    people: dict[str, list[User]] = {}
    for index, (name, slug) in enumerate(RESIDENTS, 1):
        email = f"abitante{index}@demo.cantiere.local"
        user = db.session.scalar(sa.select(User).where(User.email == email))
        if user is None:
            user = User(
                email=email,
                name=name,
                city=city_by_slug(slug),
                privacy_version="demo",
                privacy_accepted_at=utcnow(),
            )
            user.set_password(DEMO_PASSWORD)
            db.session.add(user)
        people.setdefault(slug, []).append(user)
    resident = db.session.scalar(sa.select(User).where(User.email == "resident@demo.cantiere.local"))
    if resident is not None:
        people.setdefault("bari", []).append(resident)
    db.session.flush()
    return people


def _random_point(rng: random.Random, area: Area) -> tuple[float, float]:
    polygon = shape(area.geometry)
    for _attempt in range(200):
        lat = rng.uniform(area.min_lat, area.max_lat)
        lng = rng.uniform(area.min_lng, area.max_lng)
        if polygon.contains(Point(lng, lat)):
            return round(lat, 6), round(lng, 6)
    centre = polygon.representative_point()
    return round(centre.y, 6), round(centre.x, 6)


def _status(rng: random.Random) -> NeedStatus:
    roll, total = rng.random(), 0.0
    for status, share in _STATUSES:
        total += share
        if roll < total:
            return status
    return NeedStatus.OPEN


def seed_needs(progress) -> None:
    """A few hundred needs per the demo cities' areas (idempotent: a city that has demo
    needs already is left alone)."""
    people = _residents()
    staff = db.session.scalar(sa.select(User).where(User.email == "staff@demo.cantiere.local"))
    admin = db.session.scalar(sa.select(User).where(User.email == "admin@demo.cantiere.local"))
    demo_ids = [u.id for users in people.values() for u in users]
    added = 0
    now = utcnow()
    for slug, places in PLACES.items():
        city = db.session.scalar(sa.select(City).where(City.slug == slug))
        if city is None or not people.get(slug):
            continue
        exists = db.session.scalar(
            sa.select(Need.id).where(Need.city_id == city.id, Need.author_id.in_(demo_ids)).limit(1)
        )
        if exists:
            continue
        rng = random.Random(f"cantiere-needs-{slug}")
        answerer = staff if staff is not None and staff.is_staff_of(city) else admin
        areas = {a.name: a for a in db.session.scalars(sa.select(Area).where(Area.city_id == city.id))}
        plan = []
        for area_name, (nel_quartiere, spots) in places.items():
            area = areas.get(area_name) if area_name else None
            if area_name and area is None:
                continue
            count = NEEDS_PER_AREA if area_name else CITY_WIDE_NEEDS
            for template in rng.sample(TEMPLATES, count):
                plan.append((area, nel_quartiere, template, rng.choice(spots)))
        rng.shuffle(plan)
        for area, nel_quartiere, template, dove in plan:
            coda = rng.choice(CODAS) if rng.random() < 0.4 else None
            title, body = compose(template, dove, nel_quartiere, coda)
            created = now - timedelta(days=rng.uniform(2, 420), minutes=rng.randint(0, 1440))
            need = Need(
                city=city,
                author=rng.choice(people[slug]),
                title=title,
                body=body,
                body_html=render_markdown(body),
                category=template[0],
                status=NeedStatus.OPEN,
                created_at=created,
                updated_at=created,
                support_count=0,
                comment_count=0,
            )
            if area is not None and rng.random() < WITH_POINT:
                need.lat, need.lng = _random_point(rng, area)
                need.lat_public, need.lng_public = coarsen(need.lat), coarsen(need.lng)
            need.area = area
            status = _status(rng)
            if status is not NeedStatus.OPEN and answerer is not None:
                steps = [NeedStatus.UNDER_REVIEW] if status is not NeedStatus.UNDER_REVIEW else []
                if status is NeedStatus.ADDRESSED:
                    steps.append(NeedStatus.BEING_ADDRESSED)
                steps.append(status)
                previous, when = NeedStatus.OPEN, created
                for step in steps:
                    when = min(now, when + timedelta(days=rng.uniform(3, 40)))
                    need.history.add(
                        NeedStatusChange(
                            actor=answerer,
                            from_status=previous,
                            to_status=step,
                            text=ANSWERS[step.value],
                            created_at=when,
                        )
                    )
                    previous = step
                need.status = status
                need.updated_at = when
            db.session.add(need)
            added += 1
        db.session.flush()
    progress(f"{added} needs")


register_seeder(20, "needs", seed_needs)


# --- flask demo scale --needs N -----------------------------------------------------------------

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
    places = {c.id: PLACES.get(c.slug, {None: ("in città", ["in centro"])}) for c in cities}
    rng = random.Random(f"cantiere-scale-{count}")
    now = utcnow()
    statuses = [s for s, _share in _STATUSES]
    weights = [share for _s, share in _STATUSES]
    # Oldest first, as real needs arrive: the (city, created_at) index grows at its end.
    span = 3 * 365 * 86400
    first = now - timedelta(seconds=span)
    connection = db.session.connection()
    with search.bulk_load(connection):
        _scale_rows(count, rng, cities, authors, areas_by_city, places, statuses, weights, first, span, progress)
    db.session.commit()


def _scale_rows(count, rng, cities, authors, areas_by_city, places, statuses, weights, first, span, progress):
    from shapely import contains_xy

    started = time.monotonic()
    done = 0
    while done < count:
        size = min(SCALE_CHUNK, count - done)
        rows = []
        for _i in range(size):
            city = cities[rng.randrange(len(cities))]
            spots = places[city.id]
            key = rng.choice(list(spots))
            nel_quartiere, wheres = spots[key]
            template = TEMPLATES[rng.randrange(len(TEMPLATES))]
            title, body = compose(template, rng.choice(wheres), nel_quartiere, rng.choice(CODAS))
            lat = lng = area_id = None
            if rng.random() < 0.7:
                lat = round(city.lat + rng.gauss(0, 0.018), 6)
                lng = round(city.lng + rng.gauss(0, 0.024), 6)
                for candidate_id, polygon in areas_by_city[city.id]:
                    if contains_xy(polygon, lng, lat):
                        area_id = candidate_id
                        break
            created = first + timedelta(seconds=span * (done + len(rows)) / count + rng.random())
            rows.append(
                {
                    "city_id": city.id,
                    "area_id": area_id,
                    "author_id": authors[rng.randrange(len(authors))],
                    "title": title,
                    "body": body,
                    "body_html": f"<p>{html.escape(body, quote=False)}</p>\n",
                    "category": template[0],
                    "status": rng.choices(statuses, weights)[0],
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
            )
        # Core executemany: one statement per chunk (the ORM's bulk path splits on None values).
        db.session.connection().execute(Need.__table__.insert(), rows)
        done += size
        elapsed = time.monotonic() - started
        progress(f"{done}/{count} needs ({done / elapsed:,.0f} per second)")


SCALERS["needs"] = scale_needs
