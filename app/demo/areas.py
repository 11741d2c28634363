"""Demo target areas: two to four disadvantaged neighbourhoods per demo city, drawn around
their approximate real position, with plausible indicators and funding intensities
(``data/areas.json``).

The boundaries are simplified outlines (irregular polygons around the neighbourhood's
centre), good enough to place needs and show a map; they are not official boundaries.
"""

from __future__ import annotations

import math
from decimal import Decimal

import sqlalchemy as sa

from app.areas.services import slugify
from app.demo.common import city as city_by_slug
from app.demo.common import load
from app.extensions import db
from app.models import Area, AreaIndicator

# Radii multipliers around the centre, every 36°: an irregular decagon (never self-crossing).
_SHAPES = [
    (1.00, 0.86, 1.08, 0.94, 0.80, 1.05, 0.90, 1.10, 0.84, 0.97),
    (0.92, 1.06, 0.88, 1.00, 1.10, 0.85, 0.98, 0.90, 1.04, 0.87),
    (1.08, 0.95, 0.83, 1.02, 0.93, 1.09, 0.86, 0.96, 1.05, 0.82),
]

DATA = load("areas")
SOURCES = DATA["sources"]
#: city slug → its areas: name, centre and radii (lat, lng, in degrees), funding intensity,
#: indicators {source key: value}, description.
AREAS = DATA["cities"]


def outline(centre: tuple[float, float], radii: tuple[float, float], shape_index: int) -> dict:
    """An irregular polygon around ``centre`` (GeoJSON, [lng, lat])."""
    lat0, lng0 = centre
    rlat, rlng = radii
    factors = _SHAPES[shape_index % len(_SHAPES)]
    ring = []
    for i, factor in enumerate(factors):
        angle = math.radians(i * 360 / len(factors))
        ring.append(
            [round(lng0 + rlng * factor * math.cos(angle), 6), round(lat0 + rlat * factor * math.sin(angle), 6)]
        )
    ring.append(list(ring[0]))
    return {"type": "Polygon", "coordinates": [ring]}


def seed(progress) -> None:
    """Target areas of every demo city (idempotent: an existing area is left as it is)."""
    added = 0
    for slug, areas in AREAS.items():
        city = city_by_slug(slug)
        if city is None:
            continue
        for index, spec in enumerate(areas):
            area_slug = slugify(spec["name"])
            if db.session.scalar(sa.select(Area.id).where(Area.city_id == city.id, Area.slug == area_slug)):
                continue
            geometry = outline(spec["centre"], spec["radii"], index)
            ring = geometry["coordinates"][0]
            lngs, lats = [p[0] for p in ring], [p[1] for p in ring]
            area = Area(
                city=city,
                name=spec["name"],
                slug=area_slug,
                description=spec["description"],
                geometry=geometry,
                min_lat=min(lats),
                max_lat=max(lats),
                min_lng=min(lngs),
                max_lng=max(lngs),
                funding_intensity=Decimal(spec["intensity"]),
            )
            for position, (key, value) in enumerate(spec["indicators"].items()):
                area.indicators.append(AreaIndicator(position=position, value=Decimal(str(value)), **SOURCES[key]))
            db.session.add(area)
            added += 1
    db.session.flush()
    progress(f"{added} target areas")
