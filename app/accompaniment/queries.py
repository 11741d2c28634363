"""Reads of accompaniment: the tracks a person takes part in, a city's tracks, the city's
checklist and what a track lacks of it."""

from __future__ import annotations

import sqlalchemy as sa
import sqlalchemy.orm

from app.extensions import db
from app.models import (
    AccompanimentTrack,
    ChecklistTemplateItem,
    City,
    Idea,
    Membership,
    MemberStatus,
    Organisation,
    Role,
)
from app.schemas import MAX_INT


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


#: How many organisations and ideas the "open a track" form offers at once.
CHOICES_LIMIT = 50


def _row_id(text: str) -> int | None:
    """A row id typed in a URL, or None when it is not one (never beyond the database's integers)."""
    return int(text) if text.isdigit() and len(text) <= 10 and int(text) <= MAX_INT else None


def track_subjects(city: City, q: str, chosen_org: str, chosen_idea: str) -> tuple[list, list]:
    """The organisations and ideas of ``city`` a track may be opened for, matching ``q``:
    ``(id, name)`` rows; the one chosen (e.g. from a link ``?organisation=12``) is always
    among them."""
    pattern = f"%{q.lower()}%" if q else None
    orgs = sa.select(Organisation.id, Organisation.name).where(Organisation.city_id == city.id)
    ideas = sa.select(Idea.id, Idea.title).where(Idea.city_id == city.id, Idea.hidden.is_(False))
    if pattern:
        orgs = orgs.where(sa.func.lower(Organisation.name).like(pattern))
        ideas = ideas.where(sa.func.lower(Idea.title).like(pattern))
    org_rows = db.session.execute(orgs.order_by(Organisation.name).limit(CHOICES_LIMIT)).all()
    idea_rows = db.session.execute(ideas.order_by(Idea.created_at.desc()).limit(CHOICES_LIMIT)).all()
    # The one chosen (e.g. from a link ?organisation=12) is always offered.
    if _row_id(chosen_org) and all(str(i) != chosen_org for i, _n in org_rows):
        org = db.session.get(Organisation, _row_id(chosen_org))
        if org is not None and org.city_id == city.id:
            org_rows.insert(0, (org.id, org.name))
    if _row_id(chosen_idea) and all(str(i) != chosen_idea for i, _n in idea_rows):
        idea = db.session.get(Idea, _row_id(chosen_idea))
        if idea is not None and idea.city_id == city.id:
            idea_rows.insert(0, (idea.id, idea.title))
    return org_rows, idea_rows
