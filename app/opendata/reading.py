"""How the datasets read the database: a select streamed in batches (``yield_per``: a
server-side cursor on PostgreSQL), and what belongs to the rows of one batch (funds, areas,
linked needs) in one more query per batch, never one per row. Places: the needs' public
points snapped to a coarser grid, the areas' centres."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

import sqlalchemy as sa
from shapely.geometry import shape

from app.extensions import db
from app.models import Area
from app.opendata.catalogue import BATCH

#: The open data's grid: 0.003° (about 330 m north-south, 230–250 m east-west in Italy).
#: It is applied to the needs' *public* point (``Need.lat_public``, already snapped to
#: 0.001° by ``app.needs.access.coarsen``): the exact point is never read here.
GRID_MILLIDEGREES = 3


def batches(select, size: int = BATCH) -> Iterator[list]:
    """The rows of ``select``, ``size`` at a time, from one streamed result."""
    result = db.session.execute(select.execution_options(yield_per=size))
    yield from result.partitions()


def grouped(select) -> dict[int, list]:
    """``{key: [value, …]}`` of a select of (key, value) pairs, in its order."""
    found: dict[int, list] = defaultdict(list)
    for key, value in db.session.execute(select):
        found[key].append(value)
    return found


def coarse(public_degrees: float | None) -> float | None:
    """A public latitude or longitude (on the 0.001° grid) snapped to the 0.003° grid."""
    if public_degrees is None:
        return None
    millidegrees = round(public_degrees * 1000)
    return round(GRID_MILLIDEGREES * round(millidegrees / GRID_MILLIDEGREES) / 1000, 3)


class AreaCentres:
    """The centre of each target area (its polygon's centroid, 5 decimals), read once per
    area for a whole stream."""

    def __init__(self):
        self._known: dict[int, tuple[float, float] | None] = {}

    def load(self, area_ids) -> None:
        wanted = {a for a in area_ids if a is not None and a not in self._known}
        if not wanted:
            return
        for area_id, geometry in db.session.execute(sa.select(Area.id, Area.geometry).where(Area.id.in_(wanted))):
            self._known[area_id] = _centre(geometry)

    def __getitem__(self, area_id: int | None) -> tuple[float, float] | None:
        return self._known.get(area_id) if area_id is not None else None


def _centre(geometry) -> tuple[float, float] | None:
    try:
        point = shape(geometry).centroid
    except (ValueError, TypeError, AttributeError, KeyError):
        return None
    if point.is_empty:
        return None
    return round(point.x, 5), round(point.y, 5)
