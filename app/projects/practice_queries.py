"""Reading good practices: the one select behind the search page, the API list and the
authority's curation queue, and the results a practice page shows."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from app.errors import InvalidInput
from app.models import (
    CohesionFund,
    GoodPractice,
    Membership,
    MemberStatus,
    PracticeStatus,
    Project,
    ProjectFund,
    Role,
)
from app.projects import practice_search, queries


def parse_fund(raw: str | None, field: str = "fund") -> CohesionFund | None:
    if not raw:
        return None
    try:
        return CohesionFund(raw)
    except ValueError:
        raise InvalidInput({field: [_("Unknown fund.")]}) from None


def visible_clause(viewer):
    """``GoodPractice.can_view`` as a query: published ones, and the others of the viewer's
    organisations and cities (the authority: every one)."""
    if viewer is None or not viewer.is_authenticated:
        return GoodPractice.status == PracticeStatus.PUBLISHED
    if viewer.is_authority or viewer.is_admin:
        return sa.true()
    own = sa.select(Membership.organisation_id).where(
        Membership.user_id == viewer.id, Membership.status == MemberStatus.ACTIVE
    )
    return sa.or_(
        GoodPractice.status == PracticeStatus.PUBLISHED,
        Project.city_id.in_(sorted(viewer.cities_with(Role.STAFF))),
        Project.organisation_id.in_(own),
    )


def practices_select(
    viewer,
    *,
    q: str | None = None,
    city_id: int | None = None,
    fund: CohesionFund | None = None,
    action_id: int | None = None,
    area_id: int | None = None,
    status: PracticeStatus | None = PracticeStatus.PUBLISHED,
):
    """Practices ``viewer`` may read, of every city unless ``city_id``; ``status`` none: any
    the viewer may see. Newest first (curated, then proposed)."""
    select = sa.select(GoodPractice).join(Project, Project.id == GoodPractice.project_id).where(visible_clause(viewer))
    if status is not None:
        select = select.where(GoodPractice.status == status)
    if city_id is not None:
        select = select.where(Project.city_id == city_id)
    if fund is not None:
        select = select.where(
            sa.exists().where(ProjectFund.project_id == Project.id, ProjectFund.fund == fund, ProjectFund.amount > 0)
        )
    if action_id is not None:
        select = select.where(Project.action_id == action_id)
    if area_id is not None:
        select = select.where(Project.area_id == area_id)
    if q is not None and q.strip():
        select = select.where(practice_search.matches(q))
    order = sa.func.coalesce(GoodPractice.curated_at, GoodPractice.proposed_at)
    return select.order_by(order.desc(), GoodPractice.id.desc())


def pending_select():
    """The authority's curation queue: proposed practices, oldest first."""
    return (
        sa.select(GoodPractice)
        .where(GoodPractice.status == PracticeStatus.PROPOSED)
        .order_by(GoodPractice.proposed_at, GoodPractice.id)
    )


def with_relations(select):
    """The project, its city, funds and organisation of each listed practice, one query each."""
    project = selectinload(GoodPractice.project)
    return select.options(
        project.selectinload(Project.city),
        project.selectinload(Project.funds),
        project.selectinload(Project.organisation),
        project.selectinload(Project.action),
    )


def indicator_results(project: Project) -> list[dict]:
    """Each indicator of ``project`` with its latest approved value (none: never reported)."""
    return queries.indicator_results([project])[project.id]
