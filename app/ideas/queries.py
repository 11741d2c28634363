"""Read-side helpers for ideas: lists with filters, an idea's history, volunteers, the
ideas answering a need. Shared by the pages, the API and the lineage."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import Area, City, Idea, IdeaStageChange, IdeaVersion, Need, Volunteer, idea_need

SORTS = ("newest", "supported")


def like_pattern(q: str) -> str:
    escaped = q.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def ideas_select(
    city: City | None = None,
    *,
    area_id: int | None = None,
    stage=None,
    need_id: int | None = None,
    q: str | None = None,
    sort: str = "newest",
    include_hidden: bool = False,
):
    """Ideas, newest (or most supported) first; hidden ones only when asked for."""
    query = sa.select(Idea).options(
        selectinload(Idea.needs).selectinload(Need.city),
        selectinload(Idea.city),
        selectinload(Idea.area),
        selectinload(Idea.author),
    )
    if city is not None:
        query = query.where(Idea.city_id == city.id)
    if not include_hidden:
        query = query.where(Idea.hidden.is_(False))
    if area_id:
        query = query.where(Idea.area_id == area_id)
    if stage is not None:
        query = query.where(Idea.stage == stage)
    if need_id:
        query = query.where(Idea.id.in_(sa.select(idea_need.c.idea_id).where(idea_need.c.need_id == need_id)))
    if q:
        pattern = like_pattern(q)
        query = query.where(
            sa.or_(
                sa.func.lower(Idea.title).like(pattern, escape="\\"),
                sa.func.lower(Idea.summary).like(pattern, escape="\\"),
            )
        )
    if sort == "supported":
        query = query.order_by(Idea.support_count.desc(), Idea.created_at.desc(), Idea.id.desc())
    else:
        query = query.order_by(Idea.created_at.desc(), Idea.id.desc())
    return query


def ideas_for_need(need: Need, user=None, limit: int | None = None) -> list[Idea]:
    """The ideas that answer ``need``, most supported first (hidden ones only for staff)."""
    include_hidden = user is not None and user.is_staff_of(need.city_id)
    query = ideas_select(need_id=need.id, sort="supported", include_hidden=include_hidden)
    if limit:
        query = query.limit(limit)
    return list(db.session.scalars(query))


def count_ideas_for_need(need: Need) -> int:
    return db.session.scalar(
        sa.select(sa.func.count())
        .select_from(idea_need.join(Idea, Idea.id == idea_need.c.idea_id))
        .where(idea_need.c.need_id == need.id, Idea.hidden.is_(False))
    )


def stage_history(idea: Idea) -> list[IdeaStageChange]:
    return list(
        db.session.scalars(
            sa.select(IdeaStageChange)
            .options(selectinload(IdeaStageChange.actor))
            .where(IdeaStageChange.idea_id == idea.id)
            .order_by(IdeaStageChange.created_at, IdeaStageChange.id)
        )
    )


def versions(idea: Idea) -> list[IdeaVersion]:
    """Earlier texts, newest first."""
    return list(
        db.session.scalars(
            sa.select(IdeaVersion)
            .options(selectinload(IdeaVersion.editor))
            .where(IdeaVersion.idea_id == idea.id)
            .order_by(IdeaVersion.number.desc())
        )
    )


def volunteers(idea: Idea) -> list[Volunteer]:
    return list(
        db.session.scalars(
            sa.select(Volunteer)
            .options(selectinload(Volunteer.user))
            .where(Volunteer.idea_id == idea.id, Volunteer.withdrawn_at.is_(None))
            .order_by(Volunteer.created_at, Volunteer.id)
        )
    )


def city_areas(city: City) -> list[Area]:
    return list(db.session.scalars(sa.select(Area).where(Area.city_id == city.id).order_by(Area.name)))


def candidate_needs(city: City, preselected: list[int], limit: int = 15) -> list[Need]:
    """Needs to offer on the proposal form: the ones asked for, then the city's most
    supported visible needs."""
    chosen = []
    if preselected:
        chosen = list(
            db.session.scalars(
                sa.select(Need).where(Need.id.in_(preselected), Need.city_id == city.id, Need.hidden.is_(False))
            )
        )
    others = db.session.scalars(
        sa.select(Need)
        .where(Need.city_id == city.id, Need.hidden.is_(False), Need.id.not_in([n.id for n in chosen] or [0]))
        .order_by(Need.support_count.desc(), Need.created_at.desc())
        .limit(limit)
    )
    return chosen + list(others)
