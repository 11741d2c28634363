"""Permission-matrix samples and answers for spaces and accompaniment: a space of the city
owned by an organisation whose owner is the city's staff member, a booking made by that
staff member, the resident's idea, an accompaniment track opened by the facilitator for the
organisation and the resident's idea (with a session), and a checklist template item.

Admins count as staff and facilitators of every city (``User.is_staff_of`` and
``is_facilitator_of``); the evaluator and the authority hold no role these rules ask for."""

from __future__ import annotations

from tests.factories import ideas as fi
from tests.factories import organisations as fo
from tests.factories import spaces as fs
from tests.matrix import SAMPLES, WORLD_BUILDERS, allow


def _build(world: dict) -> None:
    city = world["city"]
    organisation = fo.create_organisation(city, name="Matrice APS", owner=world["staff"])
    space = fs.create_space(city, name="Spazio della matrice", owner_org=organisation)
    world["spaces_space"] = space
    world["spaces_booking"] = fs.create_booking(space, world["staff"])
    world["spaces_idea"] = fi.create_idea(city, world["resident"], title="Idea della matrice")
    track = fs.create_track(city, world["facilitator"], organisation=organisation, idea=world["spaces_idea"])
    world["spaces_track"] = track
    world["spaces_session"] = fs.create_session(track)
    world["spaces_template_item"] = fs.create_template(city)[0]


WORLD_BUILDERS.append(_build)

SAMPLES["space_id"] = lambda w: w["spaces_space"].id
SAMPLES["booking_id"] = lambda w: w["spaces_booking"].id
SAMPLES.setdefault("idea_id", lambda w: w["spaces_idea"].id)
SAMPLES["track_id"] = lambda w: w["spaces_track"].id
SAMPLES["acc_session_id"] = lambda w: w["spaces_session"].id
SAMPLES["template_item_id"] = lambda w: w["spaces_template_item"].id

# --- spaces -------------------------------------------------------------------------------------

# Staff of the city register spaces (the organisation's owner is staff too); admins as staff.
allow("spaces.create", "staff", "admin")
# Staff of the space's city and the owner of the owning organisation (the staff member).
allow("spaces.edit", "staff", "admin")
# Staff and facilitators of the city, members of the owning organisation.
allow("spaces.book", "staff", "facilitator", "admin", methods=("POST",))
# Who made the booking (staff) and who manages the space (staff, admin).
allow("spaces.cancel", "staff", "admin", methods=("POST",))
# The idea's author (the resident) and staff of its city.
allow("spaces.set_idea_space", "resident", "staff", "admin", methods=("POST",))

# --- accompaniment ------------------------------------------------------------------------------

# Facilitators and staff of the city, the organisation's members (the staff member owns it)
# and the idea's author (the resident).
allow("accompaniment.show", "resident", "staff", "facilitator", "admin", methods=("GET",))
# Facilitators of the track's city keep it.
allow("accompaniment.edit_session", "facilitator", "admin")
for _endpoint in ("settings", "checklist", "sync", "add_session", "delete_session"):
    allow(f"accompaniment.{_endpoint}", "facilitator", "admin", methods=("POST",))
