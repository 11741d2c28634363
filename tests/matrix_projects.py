"""Samples for the projects routes in the permission matrix: a project funded by a call of
the city (its organisation's members are not a role of the matrix) and one of its milestones."""

from tests.factories.projects import funded_project
from tests.matrix import SAMPLES, WORLD_BUILDERS, allow


def _build(world):
    world["project"] = funded_project(world["city"], "Progetto finanziato per la matrice")
    # Kept as a number: the manage form posted empty by the matrix removes the milestones.
    world["milestone_id"] = world["project"].milestones[0].id


WORLD_BUILDERS.append(_build)
SAMPLES["project_id"] = lambda w: w["project"].id
SAMPLES["milestone_id"] = lambda w: w["milestone_id"]

# Staff of the project's city (admins count as staff everywhere) manage it.
allow("projects.manage", "staff", "admin", methods=("GET", "POST"))
for endpoint in ("projects.change_state", "projects.reach_milestone", "api_projects.set_state"):
    allow(endpoint, "staff", "admin", methods=("POST",))
allow("api_projects.patch_project", "staff", "admin", methods=("PATCH",))
