"""Samples for the tranche routes in the permission matrix: a funded project of the city
(its call made by the city's staff) and its advance, the tranche due first."""

from app.models import TrancheKind
from tests.factories.projects import funded_project
from tests.matrix import ENDPOINT_SAMPLES, SAMPLES, WORLD_BUILDERS, allow


def _build(world):
    project = funded_project(world["city"], "Progetto con tranche per la matrice")
    world["tranche_project"] = project
    world["advance"] = next(t for t in project.tranches if t.kind is TrancheKind.ADVANCE)


WORLD_BUILDERS.append(_build)
SAMPLES.setdefault("project_id", lambda w: w["tranche_project"].id)
SAMPLES.setdefault("tranche_id", lambda w: w["advance"].id)

for endpoint in (
    "projects.tranches",
    "projects.pay_tranche",
    "api_project_tranches.tranches",
    "api_project_tranches.pay",
):
    ENDPOINT_SAMPLES[endpoint] = {
        "project_id": lambda w: w["tranche_project"].id,
        "tranche_id": lambda w: w["advance"].id,
    }

# Staff of the project (of the call's city and department) pay; the organisation never.
for endpoint in ("projects.pay_tranche", "api_project_tranches.pay"):
    allow(endpoint, "staff", "admin", methods=("POST",))
