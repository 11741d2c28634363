"""Participation per 1 000 residents, per city and per target area: needs and ideas posted
(hidden ones not counted) and workshop participants (registrations the facilitator marked
attended). One aggregate per figure, grouped by city and area."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import sqlalchemy as sa

from app.dashboards.stats import CENT
from app.extensions import db
from app.models import Area, City, Idea, Need, Registration, Workshop

FIGURES = ("needs", "ideas", "participants")


def per_thousand(count: int, population: int | None) -> Decimal | None:
    return (Decimal(count) * 1000 / population).quantize(CENT, ROUND_HALF_UP) if population else None


def _counts() -> dict[str, dict[tuple[int, int | None], int]]:
    """Per figure: ``{(city_id, area_id): count}``."""
    queries = {
        "needs": sa.select(Need.city_id, Need.area_id, sa.func.count(Need.id))
        .where(Need.hidden.is_(False))
        .group_by(Need.city_id, Need.area_id),
        "ideas": sa.select(Idea.city_id, Idea.area_id, sa.func.count(Idea.id))
        .where(Idea.hidden.is_(False))
        .group_by(Idea.city_id, Idea.area_id),
        "participants": sa.select(Workshop.city_id, Workshop.area_id, sa.func.count(Registration.id))
        .join(Registration, Registration.workshop_id == Workshop.id)
        .where(Registration.attended.is_(True))
        .group_by(Workshop.city_id, Workshop.area_id),
    }
    return {name: {(c, a): n for c, a, n in db.session.execute(q)} for name, q in queries.items()}


def _row(population: int | None, counts: dict[str, int]) -> dict:
    row = {"population": population}
    for name in FIGURES:
        row[name] = counts[name]
        row[f"{name}_per_1000"] = per_thousand(counts[name], population)
    return row


def participation(cities: list[City]) -> list[dict]:
    """For each city: its row (all of the city, in an area or not) and one row per area."""
    counts = _counts()
    ids = [c.id for c in cities]
    areas = db.session.scalars(sa.select(Area).where(Area.city_id.in_(ids)).order_by(Area.name)).all()
    out = []
    for city in cities:
        whole = {name: sum(n for (c, _a), n in counts[name].items() if c == city.id) for name in FIGURES}
        out.append(
            {
                "city": city,
                **_row(city.population, whole),
                "areas": [
                    {"area": area, **_row(area.population, {n: counts[n].get((city.id, area.id), 0) for n in FIGURES})}
                    for area in areas
                    if area.city_id == city.id
                ],
            }
        )
    return out
