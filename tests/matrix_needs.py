"""Samples for the areas and needs routes in the permission matrix: an area of the city and
a need of the resident with a point in it."""

from tests.factories import needs as fn
from tests.matrix import SAMPLES, WORLD_BUILDERS, allow


def _build(world):
    area = fn.create_area(world["city"], "San Paolo")
    world["area"] = area
    world.setdefault("need", fn.create_need(world["city"], world["resident"], lat=41.1234, lng=16.8765, area=area))


WORLD_BUILDERS.append(_build)
SAMPLES["area_slug"] = lambda w: w["area"].slug
SAMPLES.setdefault("need_id", lambda w: w["need"].id)
SAMPLES.setdefault("area_id", lambda w: w["area"].id)

# The ``need_id`` sample is the ideas feature's need (tests/matrix_ideas.py loads first):
# written by the city's staff member and still open, so its author is staff.
allow("needs.edit", "staff", "admin")
