"""Samples for the lineage in the permission matrix. Its doors are not ``object:`` routes,
so the matrix states them from their policy: ``lineage.mine`` (``/profile/needs``) and
``api_my_lineage.my_lineage`` (``GET /api/v1/users/me/lineage``) are ``login`` (sign-in or
401 for a visitor, open to every signed-in role); ``api_lineage.need_lineage`` is public.
The world's resident gets a need that became a funded project with an approved result, so
that every role walks the panels of the need, idea, call and application pages and the
resident's "what happened to my needs" on a real chain."""

from app.extensions import db
from tests.factories.ideas import create_idea
from tests.factories.needs import create_need
from tests.factories.projects import funded_project, indicator_report
from tests.matrix import ENDPOINT_SAMPLES, WORLD_BUILDERS


def _build(world):
    need = create_need(world["city"], world["resident"], title="Bisogno seguito fino al progetto")
    idea = create_idea(world["city"], need=need, title="Idea diventata progetto")
    project = funded_project(world["city"], "Progetto nato dal bisogno")
    project.application.ideas = [idea]
    project.call.ideas.append(idea)
    db.session.commit()
    indicator_report(project, "EECO01", 40)
    world["lineage_need"], world["lineage_project"] = need, project


WORLD_BUILDERS.append(_build)
ENDPOINT_SAMPLES.setdefault("api_lineage.need_lineage", {})["need_id"] = lambda w: w["lineage_need"].id
