"""Permission-matrix samples for ideas, lineage and notifications: an idea of the
resident in the matrix city, answering a need, and a notification of the resident."""

from __future__ import annotations

from tests.factories import ideas, needs
from tests.matrix import SAMPLES, WORLD_BUILDERS, allow


def _ideas_world(world: dict) -> None:
    need = needs.create_need(world["city"], world["staff"], title="Bisogno del matrix")
    world["ideas_need"] = need
    world["idea"] = ideas.create_idea(world["city"], world["resident"], needs=[need])
    world["notification"] = ideas.create_notification(world["resident"], url="/c/bari")


WORLD_BUILDERS.append(_ideas_world)
SAMPLES["idea_id"] = lambda w: w["idea"].id
SAMPLES["notification_id"] = lambda w: w["notification"].id
SAMPLES.setdefault("need_id", lambda w: w["ideas_need"].id)


# Who passes the object checks on the sample world (the idea is the resident's).
allow("ideas.edit", "resident", "admin")  # its author, and admins for fixes
