"""Permission-matrix samples for the workshop pages: a public workshop of the city run by
the matrix's facilitator, with the resident registered (the live board's matrix may have put
one already: it is reused), and a group and a note on its board."""

from tests.factories_board import add_group, add_note
from tests.factories_workshops import create_workshop, register
from tests.matrix import SAMPLES, WORLD_BUILDERS


def _build(world: dict) -> None:
    if "workshop" not in world:
        workshop = create_workshop(city=world["city"], facilitator=world["facilitator"])
        register(workshop, world["resident"])
        world["workshop"] = workshop
    workshop = world["workshop"]
    group = add_group(workshop, world["resident"], "Spazi per studiare")
    world["workshop_group"] = group
    world["workshop_note"] = add_note(workshop, world["resident"], "Aula studio aperta la sera", group=group)


WORLD_BUILDERS.append(_build)
SAMPLES.setdefault("workshop_id", lambda w: w["workshop"].id)
SAMPLES["group_id"] = lambda w: w["workshop_group"].id
SAMPLES["note_id"] = lambda w: w["workshop_note"].id
