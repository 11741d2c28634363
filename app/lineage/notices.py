"""Residents behind a need hear what became of it (run inside the writing transaction,
registered on ``app.projects.hooks``):

- a project from their need is funded: an award already tells who posted or supported
  the needs behind the application (``ranking.funded_need``), so here only the need's
  followers who were not told hear it; a signed co-design agreement's project tells them all
  (posted, supported, followed the needs of the call's ideas);
- the project reports results (an indicator report approved): the same people."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from app.extensions import db
from app.models import Follow, Need, Project, ProjectReport, ReportKind, Support
from app.models.application import application_need
from app.models.call import call_idea
from app.models.idea import idea_need
from app.notifications.messages import MESSAGES
from app.notifications.services import notify_many
from app.projects import hooks
from app.projects.links import project_path
from app.rankings.notices import residents_behind

MESSAGES.update(
    {
        "lineage.project_funded": _l(
            "“%(title)s”, a project born from a need you raised, supported or follow, is funded: follow its results."
        ),
        "lineage.results": _l("The project “%(title)s” has reported new results."),
    }
)


def needs_behind(project: Project) -> list[int]:
    """The needs a project came from: its application's needs and its ideas' needs, or, for
    an agreement's project, the needs of the call's ideas."""
    if project.application_id is not None:
        application = project.application
        idea_ids = [i.id for i in application.ideas]
        query = sa.union(
            sa.select(application_need.c.need_id).where(application_need.c.application_id == application.id),
            sa.select(idea_need.c.need_id).where(idea_need.c.idea_id.in_(idea_ids)),
        )
    elif project.call_id is not None:
        query = sa.select(idea_need.c.need_id).where(
            idea_need.c.idea_id.in_(sa.select(call_idea.c.idea_id).where(call_idea.c.call_id == project.call_id))
        )
    else:
        return []
    return sorted(set(db.session.scalars(query)))


def people_behind(need_ids: list[int]) -> list[int]:
    """Who posted, supported or follows the needs."""
    if not need_ids:
        return []
    people = list(db.session.scalars(sa.select(Need.author_id).where(Need.id.in_(need_ids)).order_by(Need.id)))
    for model in (Support, Follow):
        people += db.session.scalars(sa.select(model.user_id).where(model.need_id.in_(need_ids)).order_by(model.id))
    return people


def _path(project: Project) -> str:
    return project_path(project)


def tell_funded(actor, project: Project) -> int:
    people = people_behind(needs_behind(project))
    told = set(residents_behind(project.application)) if project.application is not None else set()
    exclude = told | {getattr(actor, "id", None)}
    return notify_many(people, "lineage.project_funded", _path(project), exclude=exclude, title=project.title)


def tell_results(actor, report: ProjectReport) -> int:
    if report.kind is not ReportKind.INDICATOR:
        return 0
    project = report.project
    people = people_behind(needs_behind(project))
    return notify_many(
        people, "lineage.results", _path(project), exclude=[getattr(actor, "id", None)], title=project.title
    )


hooks.PROJECT_CREATED.append(tell_funded)
hooks.REPORT_APPROVED.append(tell_results)
