"""Permission-matrix samples for the workshop pages: the live board's workshop (see
``matrix_board.py``, built first: a live invite-only workshop of the city created by the
matrix's facilitator, with the resident registered), and a group and a note on its board.

Who gets in: the workshop's managers (``Workshop.can_manage``) — the facilitator, because
they created it (a facilitator of the city who neither created nor co-facilitates it is
refused: tests/test_workshops_permissions.py), staff of its city and admins. The resident takes
part but does not manage; the evaluator and the authority have no part: 403."""

from tests.factories.board import add_group, add_note
from tests.factories.workshops import create_workshop, register
from tests.matrix import SAMPLES, WORLD_BUILDERS, allow


def _build(world: dict) -> None:
    if "workshop" not in world:
        workshop = create_workshop(city=world["city"], facilitator=world["facilitator"])
        register(workshop, world["resident"])
        world["workshop"] = workshop
    workshop = world["workshop"]
    assert workshop.created_by_id == world["facilitator"].id  # the answers below rely on it
    group = add_group(workshop, world["resident"], "Spazi per studiare")
    world["workshop_group"] = group
    world["workshop_note"] = add_note(workshop, world["resident"], "Aula studio aperta la sera", group=group)


WORLD_BUILDERS.append(_build)
SAMPLES.setdefault("workshop_id", lambda w: w["workshop"].id)
SAMPLES["group_id"] = lambda w: w["workshop_group"].id
SAMPLES["note_id"] = lambda w: w["workshop_note"].id

MANAGERS = ("staff", "facilitator", "admin")
for endpoint in ("workshops.edit", "workshops.edit_minutes"):
    allow(endpoint, *MANAGERS, methods=("GET", "POST"))
for endpoint in ("workshops.people", "workshops.outcomes"):
    allow(endpoint, *MANAGERS, methods=("GET",))
for endpoint in (
    "workshops.call_off",
    "workshops.start",
    "workshops.close",
    "workshops.invite",
    "workshops.attendance",
    "workshops.group_to_idea",
    "workshops.note_to_idea",
):
    allow(endpoint, *MANAGERS, methods=("POST",))

# The matrix posts an empty body: no city, so every signed-in person gets 422 (unknown
# city) before any role is looked at. Who may schedule in a city is checked with real
# bodies in tests/api/test_workshops_api.py::test_only_facilitators_and_staff_of_the_city_schedule.
allow(
    "api_workshops.create_workshop",
    "resident",
    "staff",
    "facilitator",
    "evaluator",
    "authority",
    "admin",
    methods=("POST",),
)
