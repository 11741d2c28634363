"""Samples for the participation routes in the permission matrix: a need, an idea and a
comment of the resident (kept when the needs or ideas features already put theirs)."""

from tests.factories import ideas as fi
from tests.factories import needs as fn
from tests.factories import participation as fp
from tests.matrix import SAMPLES, WORLD_BUILDERS, allow


def build(world) -> None:
    need = world.get("need") or fn.create_need(city=world["city"], author=world["resident"])
    idea = world.get("idea") or fi.create_idea(city=world["city"], author=world["resident"], needs=[need])
    world.setdefault("need", need)
    world.setdefault("idea", idea)
    world["comment"] = fp.create_comment(need, world["resident"], "Un commento di prova.")


WORLD_BUILDERS.append(build)
SAMPLES.setdefault("need_id", lambda w: w["need"].id)
SAMPLES.setdefault("idea_id", lambda w: w["idea"].id)
SAMPLES["comment_id"] = lambda w: w["comment"].id

# The comment is the resident's, just written (inside the edit window); the need and idea
# samples are of the matrix city, whose staff (and admins) answer and moderate.
allow("participation.edit_comment", "resident")
allow("participation.delete_comment", "resident", methods=("POST",))
allow("participation.answer_need", "staff", "admin", methods=("POST",))
for _kind in ("need", "idea", "comment"):
    allow(f"participation.moderate_{_kind}", "staff", "admin", methods=("POST",))
