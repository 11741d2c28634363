"""Reads of accompaniment: the tracks a person takes part in, a city's tracks, the city's
checklist and what a track lacks of it."""

from __future__ import annotations

import sqlalchemy as sa
import sqlalchemy.orm

from app.extensions import db
from app.models import AccompanimentTrack, ChecklistTemplateItem, City, Idea, Membership, MemberStatus, Role


def visible_tracks_query(user):
    """Tracks the person takes part in: opened by them, of their organisations, of their ideas."""
    organisation_ids = sa.select(Membership.organisation_id).where(
        Membership.user_id == user.id, Membership.status == MemberStatus.ACTIVE
    )
    idea_ids = sa.select(Idea.id).where(Idea.author_id == user.id)
    conditions = [
        AccompanimentTrack.facilitator_id == user.id,
        AccompanimentTrack.organisation_id.in_(organisation_ids),
        AccompanimentTrack.idea_id.in_(idea_ids),
    ]
    facilitated = user.cities_with(Role.FACILITATOR)
    if facilitated:
        conditions.append(AccompanimentTrack.city_id.in_(facilitated))
    return (
        sa.select(AccompanimentTrack)
        .where(sa.or_(*conditions))
        .options(sa.orm.selectinload(AccompanimentTrack.items))
        .order_by(AccompanimentTrack.closed_at.is_not(None), AccompanimentTrack.opened_at.desc())
    )


def city_tracks_query(city: City, *, status: str | None = None):
    query = sa.select(AccompanimentTrack).where(AccompanimentTrack.city_id == city.id)
    if status == "open":
        query = query.where(AccompanimentTrack.closed_at.is_(None))
    elif status == "closed":
        query = query.where(AccompanimentTrack.closed_at.is_not(None))
    return query.options(sa.orm.selectinload(AccompanimentTrack.items)).order_by(
        AccompanimentTrack.closed_at.is_not(None), AccompanimentTrack.opened_at.desc(), AccompanimentTrack.id.desc()
    )


def template_items(city: City | int) -> list[ChecklistTemplateItem]:
    city_id = city.id if isinstance(city, City) else city
    return list(
        db.session.scalars(
            sa.select(ChecklistTemplateItem)
            .where(ChecklistTemplateItem.city_id == city_id)
            .order_by(ChecklistTemplateItem.position, ChecklistTemplateItem.id)
        )
    )


def missing_template_items(track: AccompanimentTrack) -> list[ChecklistTemplateItem]:
    keys = {i.key for i in track.items}
    return [t for t in template_items(track.city_id) if t.key not in keys]
