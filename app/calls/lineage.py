"""Where a call comes from, as reads: the origin of a call (its ideas, each with its needs
and the workshops it came out of) for the call's page, and the calls an idea or a need
feeds for their pages. Each answer costs a fixed number of queries, however many ideas,
needs and workshops there are.

Template globals: ``call_origin(call)``, ``calls_for(target, kind)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_login import current_user
from sqlalchemy.orm import selectinload

from app.calls import bp, labels
from app.calls.queries import visible_to
from app.extensions import db
from app.models import Idea, IdeaStage, Need, Workshop, WorkshopStatus
from app.models.call import Call, call_idea
from app.models.idea import idea_need
from app.models.workshop import workshop_idea
from app.workshops.services import visible_workshops

#: The stages of an idea that a call has funded.
FUNDED = (IdeaStage.FUNDED, IdeaStage.CARRIED_OUT)


@dataclass
class Origin:
    """One idea behind a call: its visible needs and the workshops that produced it or
    worked on it (``produced`` holds the ids of the former)."""

    idea: Idea
    needs: list[Need] = field(default_factory=list)
    workshops: list[Workshop] = field(default_factory=list)
    produced: set[int] = field(default_factory=set)


def origin_of(call: Call, user) -> list[Origin]:
    """The call's ideas (visible to ``user``) with their needs and workshops: three queries."""
    query = (
        sa.select(Idea)
        .join(call_idea, call_idea.c.idea_id == Idea.id)
        .where(call_idea.c.call_id == call.id)
        .options(selectinload(Idea.needs), selectinload(Idea.city))
        .order_by(Idea.id)
    )
    if not user.is_staff_of(call.city_id):  # staff see hidden ideas too (they moderate them)
        query = query.where(Idea.hidden.is_(False))
    ideas = db.session.scalars(query).all()
    if not ideas:
        return []
    ids = [i.id for i in ideas]
    pairs = db.session.execute(
        sa.select(workshop_idea.c.idea_id, workshop_idea.c.workshop_id).where(workshop_idea.c.idea_id.in_(ids))
    ).all()
    wanted = {w for _i, w in pairs} | {i.workshop_id for i in ideas if i.workshop_id}
    workshops = (
        {
            w.id: w
            for w in db.session.scalars(
                visible_workshops(user).where(Workshop.id.in_(wanted), Workshop.status != WorkshopStatus.CANCELLED)
            )
        }
        if wanted
        else {}
    )
    out = []
    for idea in ideas:
        item = Origin(idea, needs=[n for n in idea.needs if not n.hidden])
        worked = [w for i, w in pairs if i == idea.id]
        for workshop_id in ([idea.workshop_id] if idea.workshop_id else []) + worked:
            if workshop_id in workshops and workshops[workshop_id] not in item.workshops:
                item.workshops.append(workshops[workshop_id])
        item.produced = {idea.workshop_id} if idea.workshop_id in workshops else set()
        item.workshops.sort(key=lambda w: w.starts_at)
        out.append(item)
    return out


@dataclass
class Fed:
    """A call that an idea (or an idea of a need) feeds, and through which ideas."""

    call: Call
    ideas: list[Idea] = field(default_factory=list)

    @property
    def funded(self) -> bool:
        return any(i.stage in FUNDED for i in self.ideas)


def calls_for_idea(idea: Idea, user) -> list[Fed]:
    """The calls naming ``idea`` that ``user`` may see, oldest opening first: one query."""
    calls = db.session.scalars(
        sa.select(Call)
        .join(call_idea, call_idea.c.call_id == Call.id)
        .where(call_idea.c.idea_id == idea.id, visible_to(user))
        .order_by(Call.opens_at, Call.id)
    ).all()
    return [Fed(call, [idea]) for call in calls]


def calls_for_need(need: Need, user) -> list[Fed]:
    """The calls naming any visible idea of ``need`` that ``user`` may see, each with those
    ideas: one query."""
    rows = db.session.execute(
        sa.select(Call, Idea)
        .join(call_idea, call_idea.c.call_id == Call.id)
        .join(Idea, Idea.id == call_idea.c.idea_id)
        .join(idea_need, idea_need.c.idea_id == Idea.id)
        .where(idea_need.c.need_id == need.id, Idea.hidden.is_(False), visible_to(user))
        .order_by(Call.opens_at, Call.id, Idea.id)
    ).all()
    fed: dict[int, Fed] = {}
    for call, idea in rows:
        fed.setdefault(call.id, Fed(call)).ideas.append(idea)
    return list(fed.values())


@bp.app_template_global()
def call_origin(call: Call) -> list[Origin]:
    return origin_of(call, current_user)


@bp.app_template_global()
def calls_for(target, kind: str) -> list[Fed]:
    """For ``calls/_for_target.html`` on idea (``kind`` "idea") and need pages."""
    return calls_for_idea(target, current_user) if kind == "idea" else calls_for_need(target, current_user)


@bp.app_template_global()
def call_status_label(status) -> str:
    return str(labels.STATUSES[status])
