"""Permission-matrix samples for the live board's pages (board, list view, projector): a
live workshop of the city run by the matrix's facilitator, with the resident registered
(kept when the workshops feature already put its own)."""

from tests.factories_workshops import create_workshop, register
from tests.matrix import SAMPLES, WORLD_BUILDERS


def _build(world: dict) -> None:
    if "workshop" in world:
        return
    workshop = create_workshop(city=world["city"], facilitator=world["facilitator"], status="live")
    register(workshop, world["resident"])
    world["workshop"] = workshop


WORLD_BUILDERS.append(_build)
SAMPLES.setdefault("workshop_id", lambda w: w["workshop"].id)
