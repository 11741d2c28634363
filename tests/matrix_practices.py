"""Samples for the good-practice routes in the permission matrix: three closed projects of
the city, one with a published practice (its page is public), one with a practice waiting
for curation (only the authority curates) and one still to be proposed (its organisation's
members, not a role of the matrix, and the city's staff propose it)."""

from app.extensions import db
from app.models import ProjectState
from app.projects import practices
from tests.factories.practices import LESSONS, beneficiary
from tests.factories.projects import funded_projects
from tests.matrix import ENDPOINT_SAMPLES, SAMPLES, WORLD_BUILDERS, allow


def _build(world):
    published, proposed, closed = funded_projects(world["city"], "Cortili aperti", "Doposcuola", "Orti in comune")
    for project in (published, proposed, closed):
        project.state = ProjectState.CLOSED
    db.session.commit()
    for project in (published, proposed):
        practices.propose_practice(beneficiary(project), project, {"title": project.title, "lessons": LESSONS})
    practices.curate_practice(world["authority"], published.good_practice, {"publish": True})
    world["practice"], world["proposed_practice"], world["closed_project"] = (
        published.good_practice,
        proposed.good_practice,
        closed,
    )


WORLD_BUILDERS.append(_build)
SAMPLES["practice_id"] = lambda w: w["practice"].id
SAMPLES.setdefault("project_id", lambda w: w["closed_project"].id)  # the projects' own sample wins
for endpoint in ("projects.curate_practice", "api_practices.curate"):
    ENDPOINT_SAMPLES.setdefault(endpoint, {})["practice_id"] = lambda w: w["proposed_practice"].id
    allow(endpoint, "authority", methods=("POST",))
for endpoint, methods in (("projects.propose_practice", ("GET", "POST")), ("api_practices.propose", ("POST",))):
    ENDPOINT_SAMPLES.setdefault(endpoint, {})["project_id"] = lambda w: w["closed_project"].id
    allow(endpoint, "staff", "admin", methods=methods)
