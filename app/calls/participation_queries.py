"""What the call page and the API show of taking part in a call: expressions of interest
(everyone sees the admitted organisations; staff and the organisation's members see the
statement, contact and a refusal's reason), the co-design tables with their approved
minutes (the verbali), and the answers to a call for ideas."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import Idea, MemberRole, Membership, MemberStatus, Minutes, Need, Organisation, Workshop, WorkshopStatus
from app.models.call import Call
from app.models.call_participation import CallAnswer, CallInterest, InterestStatus
from app.workshops.services import visible_workshops


def interests_of(call: Call, user) -> list[CallInterest]:
    """The expressions of interest ``user`` may see: all for staff of the call's city; the
    admitted ones and those of ``user``'s organisations for everyone else."""
    rows = db.session.scalars(
        sa.select(CallInterest)
        .where(CallInterest.call_id == call.id)
        .options(selectinload(CallInterest.organisation))
        .order_by(CallInterest.created_at, CallInterest.id)
    ).all()
    return [i for i in rows if i.admitted or i.can_see_details(user)]


def counters(call: Call) -> dict[str, int]:
    """The live counters of the ``call:<id>`` topic for taking part (``counter:changed``):
    expressions of interest received, organisations admitted, answers to a call for ideas."""

    def count(model, *where) -> int:
        return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(model.call_id == call.id, *where))

    return {
        "interests": count(CallInterest),
        "admitted": count(CallInterest, CallInterest.status == InterestStatus.ADMITTED),
        "answers": count(CallAnswer),
    }


def tables_of(call: Call, user) -> list[tuple[Workshop, Minutes | None]]:
    """The co-design tables ``user`` may see, in time order, each with its approved minutes."""
    workshops = db.session.scalars(
        visible_workshops(user)
        .where(Workshop.call_id == call.id, Workshop.status != WorkshopStatus.CANCELLED)
        .order_by(Workshop.starts_at, Workshop.id)
    ).all()
    ids = [w.id for w in workshops]
    minutes = (
        {
            m.workshop_id: m
            for m in db.session.scalars(
                sa.select(Minutes).where(Minutes.workshop_id.in_(ids), Minutes.approved_at.is_not(None))
            )
        }
        if ids
        else {}
    )
    return [(w, minutes.get(w.id)) for w in workshops]


def answers_of(call: Call, user) -> list[CallAnswer]:
    """The answers to a call for ideas whose idea ``user`` may see, shortlisted first."""
    rows = db.session.scalars(
        sa.select(CallAnswer)
        .where(CallAnswer.call_id == call.id)
        .options(selectinload(CallAnswer.idea), selectinload(CallAnswer.organisation))
        .order_by(CallAnswer.shortlisted.desc(), CallAnswer.created_at, CallAnswer.id)
    ).all()
    return [a for a in rows if a.idea.can_view(user)]


def organisations_of(user, call: Call, *, owners_only: bool) -> list[Organisation]:
    """The organisations of the call's city ``user`` is an active member (or owner) of."""
    if not user.is_authenticated:
        return []
    query = (
        sa.select(Organisation)
        .join(Membership)
        .where(
            Organisation.city_id == call.city_id,
            Membership.user_id == user.id,
            Membership.status == MemberStatus.ACTIVE,
        )
    )
    if owners_only:
        query = query.where(Membership.role == MemberRole.OWNER)
    return list(db.session.scalars(query.order_by(Organisation.name)))


def ideas_to_answer_with(call: Call, limit: int = 200) -> list[Idea]:
    """The visible ideas of the call's city, newest first (the answer form's choices)."""
    return list(
        db.session.scalars(
            sa.select(Idea)
            .where(Idea.city_id == call.city_id, Idea.hidden.is_(False))
            .order_by(Idea.created_at.desc(), Idea.id.desc())
            .limit(limit)
        )
    )


def needs_to_answer(call: Call, limit: int = 200) -> list[Need]:
    """The visible needs of the call's city a new idea may answer, newest first."""
    return list(
        db.session.scalars(
            sa.select(Need)
            .where(Need.city_id == call.city_id, Need.hidden.is_(False))
            .order_by(Need.created_at.desc(), Need.id.desc())
            .limit(limit)
        )
    )
