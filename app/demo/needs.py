"""Demo needs: a few hundred, in natural Italian, across categories and areas, many with a
point (``data/needs.json``). The texts are templates combined with local place names:
``{dove}`` is a place with its preposition ("in via Cigna", "vicino alle Vele"), ``{Dove}``
the same at the start of a sentence; ``{nel_quartiere}`` / ``{Nel_quartiere}`` name the
neighbourhood the same way ("a Scampia", "alla Falchera"). A title without a place gets the
neighbourhood appended ("Doposcuola gratuito per i ragazzi delle medie a Japigia").

The benchmarks' synthetic needs (``flask demo scale --needs``) use the same texts.
"""

from __future__ import annotations

import random
from datetime import timedelta

import sqlalchemy as sa
from shapely.geometry import Point, shape

from app.demo.common import by_email, city, draw, load, new_account
from app.extensions import db
from app.models import Area, Need, NeedCategory, NeedStatus, NeedStatusChange, User
from app.models.base import utcnow
from app.needs.access import coarsen
from app.text import render_markdown

NEEDS_PER_AREA = 20
CITY_WIDE_NEEDS = 8
WITH_POINT = 0.75

DATA = load("needs")
#: Residents who post the demo needs (besides resident@demo.cantiere.local).
RESIDENTS = DATA["residents"]
#: (category, title, text) of each need.
TEMPLATES = [(NeedCategory(t["category"]), t["title"], t["body"]) for t in DATA["templates"]]
#: Sentences that residents add, to vary the texts.
CODAS = DATA["codas"]
#: City slug → area name ("" for the city at large) → [the neighbourhood with its
#: preposition, places with theirs].
PLACES = DATA["places"]
#: What staff answered when they moved a need on (demo status history).
ANSWERS = DATA["answers"]

STATUSES = [
    (NeedStatus.OPEN, 0.64),
    (NeedStatus.UNDER_REVIEW, 0.15),
    (NeedStatus.BEING_ADDRESSED, 0.11),
    (NeedStatus.ADDRESSED, 0.05),
    (NeedStatus.DECLINED, 0.05),
]


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def compose(template: tuple, dove: str, nel_quartiere: str, coda: str | None = None) -> tuple[str, str]:
    """Title and text of one need from a template and its places."""
    _category, title, body = template
    values = {"dove": dove, "Dove": cap(dove), "nel_quartiere": nel_quartiere, "Nel_quartiere": cap(nel_quartiere)}
    title = title.format(**values)
    if "{" not in template[1] and nel_quartiere != "in città":
        title = f"{title} {nel_quartiere}"
    body = body.format(**values)
    if coda:
        body = f"{body} {coda}"
    return title[:140], body


def _residents() -> dict[str, list[User]]:
    people: dict[str, list[User]] = {}
    for index, resident in enumerate(RESIDENTS, 1):
        email = f"abitante{index}@demo.cantiere.local"
        user = by_email(email) or new_account(email, resident["name"], city(resident["city"]))
        people.setdefault(resident["city"], []).append(user)
    resident = by_email("resident@demo.cantiere.local")
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


def seed(progress) -> None:
    """A few hundred needs per the demo cities' areas (idempotent: a city that has demo
    needs already is left alone)."""
    people = _residents()
    staff, admin = by_email("staff@demo.cantiere.local"), by_email("admin@demo.cantiere.local")
    demo_ids = [u.id for users in people.values() for u in users]
    added = 0
    for slug, places in PLACES.items():
        where = city(slug)
        if where is None or not people.get(slug):
            continue
        exists = db.session.scalar(
            sa.select(Need.id).where(Need.city_id == where.id, Need.author_id.in_(demo_ids)).limit(1)
        )
        if exists:
            continue
        answerer = staff if staff is not None and staff.is_staff_of(where) else admin
        added += _seed_city(where, places, people[slug], answerer)
    progress(f"{added} needs")


def _seed_city(where, places: dict, people: list[User], answerer: User | None) -> int:
    rng = random.Random(f"cantiere-needs-{where.slug}")
    now = utcnow()
    areas = {a.name: a for a in db.session.scalars(sa.select(Area).where(Area.city_id == where.id))}
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
            city=where,
            author=rng.choice(people),
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
        status = draw(rng, STATUSES, NeedStatus.OPEN)
        if status is not NeedStatus.OPEN and answerer is not None:
            _answer(need, status, answerer, rng, now)
        db.session.add(need)
    db.session.flush()
    return len(plan)


def _answer(need: Need, status: NeedStatus, answerer: User, rng: random.Random, now) -> None:
    """The public history that took the need to ``status``."""
    steps = [NeedStatus.UNDER_REVIEW] if status is not NeedStatus.UNDER_REVIEW else []
    if status is NeedStatus.ADDRESSED:
        steps.append(NeedStatus.BEING_ADDRESSED)
    steps.append(status)
    previous, when = NeedStatus.OPEN, need.created_at
    for step in steps:
        when = min(now, when + timedelta(days=rng.uniform(3, 40)))
        need.history.add(
            NeedStatusChange(
                actor=answerer, from_status=previous, to_status=step, text=ANSWERS[step.value], created_at=when
            )
        )
        previous = step
    need.status = status
    need.updated_at = when
