"""Permission-matrix samples for spaces and accompaniment: a space of the city with a
booking, an idea, an accompaniment track with a session, and a checklist template item."""

from __future__ import annotations

from tests import factories_spaces as fs
from tests.matrix import SAMPLES, WORLD_BUILDERS


def _build(world: dict) -> None:
    city = world["city"]
    organisation = fs.create_organisation(city, name="Matrice APS", owner=world["staff"])
    space = fs.create_space(city, name="Spazio della matrice", owner_org=organisation)
    world["spaces_space"] = space
    world["spaces_booking"] = fs.create_booking(space, world["staff"])
    world["spaces_idea"] = fs.create_idea(city, world["resident"], title="Idea della matrice")
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
