"""Permission-matrix samples for the live board's pages (board, list view, projector): a
live invite-only workshop of the city created by the matrix's facilitator, with the
resident registered (kept when the workshops feature already put its own).

Who gets in (``Workshop.can_join_board``): its managers — the facilitator (its creator),
staff of its city, admins — and its registered participants (the resident). The evaluator
and the authority hold no part in it: 403.

The matrix calls the routes in the app's order, as one person, on one world: the
resident's ``workshops.unregister`` gives up the place and ``workshops.register`` (the
route after it) takes it again, so the resident is registered when the board's pages
are asked (the API's ``DELETE …/registration`` comes after them). Invite-only, so that
the others' ``workshops.register`` finds no workshop (404) instead of giving them a place."""

from tests.factories.workshops import create_workshop, register
from tests.matrix import SAMPLES, WORLD_BUILDERS, allow


def _build(world: dict) -> None:
    if "workshop" in world:
        return
    workshop = create_workshop(city=world["city"], facilitator=world["facilitator"], status="live", public=False)
    register(workshop, world["resident"])
    world["workshop"] = workshop


WORLD_BUILDERS.append(_build)
SAMPLES.setdefault("workshop_id", lambda w: w["workshop"].id)

BOARD_MEMBERS = ("resident", "staff", "facilitator", "admin")
for endpoint in ("workshops.board", "workshops.board_list", "workshops.projector"):
    allow(endpoint, *BOARD_MEMBERS, methods=("GET",))
