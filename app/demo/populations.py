"""Residents of the demo cities (``data/populations.json``, ISTAT-like rounded figures) and
of their target areas (the area's own "Popolazione residente" indicator of ``data/areas.json``),
for the dashboards' participation per 1 000 residents. Idempotent: a population already set
is kept."""

from __future__ import annotations

import sqlalchemy as sa

from app.areas.services import slugify
from app.demo.areas import AREAS
from app.demo.common import city as city_by_slug
from app.demo.common import load
from app.extensions import db
from app.models import Area

CITIES = load("populations")["cities"]


def seed(progress) -> None:
    cities = areas = 0
    for slug, residents in CITIES.items():
        city = city_by_slug(slug)
        if city is None:
            continue
        if city.population is None:
            city.population, cities = residents, cities + 1
        for spec in AREAS.get(slug, []):
            residents = spec["indicators"].get("population")
            area = db.session.scalar(sa.select(Area).where(Area.city_id == city.id, Area.slug == slugify(spec["name"])))
            if area is not None and area.population is None and residents:
                area.population, areas = int(residents), areas + 1
    db.session.flush()
    progress(f"residents of {cities} cities and {areas} target areas")
