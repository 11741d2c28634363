"""Factories for workshops (shared by the workshop and live-board tests).

``create_workshop(city=..., facilitator=..., status=..., agenda=[...], capacity=..., public=True,
vote_budget=5)`` and ``register(workshop, user, status=REGISTERED)`` write rows directly.
``agenda`` items are ``(name, kind, minutes)`` tuples or dicts ``{name, kind, minutes}``;
``kind`` is a ``PhaseKind`` or its value ("brainstorm", "cluster", "vote", "discuss").
"""

from __future__ import annotations

import itertools
from datetime import timedelta

import sqlalchemy as sa

from app.extensions import db
from app.models import Role
from app.models.base import utcnow
from app.models.workshop import (
    AgendaPhase,
    PhaseKind,
    Registration,
    RegistrationStatus,
    Workshop,
    WorkshopMode,
    WorkshopStatus,
)
from tests import factories

_seq = itertools.count(1)

DEFAULT_AGENDA = [("Idee libere", "brainstorm", 20), ("Raggruppiamo", "cluster", 15), ("Votiamo", "vote", 10)]


def _status(value) -> WorkshopStatus:
    return value if isinstance(value, WorkshopStatus) else WorkshopStatus(value)


def _phases(agenda) -> list[AgendaPhase]:
    phases = []
    for position, item in enumerate(agenda):
        if isinstance(item, dict):
            name, kind, minutes = item["name"], item["kind"], item["minutes"]
        else:
            name, kind, minutes = item
        kind = kind if isinstance(kind, PhaseKind) else PhaseKind(kind)
        phases.append(AgendaPhase(position=position, name=name, kind=kind, minutes=minutes))
    return phases


def create_workshop(
    *,
    city=None,
    facilitator=None,
    status=WorkshopStatus.SCHEDULED,
    agenda=None,
    capacity: int = 20,
    public: bool = True,
    vote_budget: int = 5,
    title: str | None = None,
    goal: str = "Raccogliere proposte dal quartiere.",
    mode=WorkshopMode.IN_PERSON,
    place: str = "Biblioteca di quartiere, via Roma 1",
    link: str = "",
    starts_at=None,
    ends_at=None,
    co_facilitators=(),
    needs=(),
    ideas=(),
    area=None,
) -> Workshop:
    """A workshop in ``city`` (default Bari) created by ``facilitator`` (default: a new
    facilitator of the city). ``agenda=None`` gives a three-phase agenda; ``[]`` none."""
    city = city or factories.create_city()
    facilitator = facilitator or factories.create_user(role=Role.FACILITATOR, city=city)
    status = _status(status)
    now = utcnow()
    if starts_at is None:
        starts_at = now - timedelta(days=7) if status is WorkshopStatus.CLOSED else now + timedelta(days=7)
    ends_at = ends_at or starts_at + timedelta(hours=2)
    w = Workshop(
        city_id=city.id,
        created_by_id=facilitator.id,
        title=title or f"Laboratorio {next(_seq)}",
        goal=goal,
        mode=mode,
        place=place,
        link=link,
        starts_at=starts_at,
        ends_at=ends_at,
        capacity=capacity,
        public=public,
        vote_budget=vote_budget,
        status=status,
        area=area,
    )
    if status is WorkshopStatus.LIVE:
        w.started_at = now
    if status is WorkshopStatus.CLOSED:
        w.started_at = starts_at
        w.closed_at = ends_at
    w.agenda.extend(_phases(DEFAULT_AGENDA if agenda is None else agenda))
    if status is WorkshopStatus.LIVE and w.agenda:
        w.phase_index = 0
    w.facilitators.extend(co_facilitators)
    w.needs.extend(needs)
    w.ideas.extend(ideas)
    db.session.add(w)
    db.session.commit()
    return w


def register(workshop: Workshop, user, status=RegistrationStatus.REGISTERED, attended=None) -> Registration:
    """A registration row for ``user`` (keeps the workshop's counters in step)."""
    status = status if isinstance(status, RegistrationStatus) else RegistrationStatus(status)
    reg = db.session.scalar(
        sa.select(Registration).where(Registration.workshop_id == workshop.id, Registration.user_id == user.id)
    )
    if reg is None:
        reg = Registration(workshop_id=workshop.id, user_id=user.id, status=status, attended=attended)
        db.session.add(reg)
    else:
        reg.status = status
        reg.attended = attended
    db.session.flush()
    workshop.registered_count = db.session.scalar(
        sa.select(sa.func.count()).where(
            Registration.workshop_id == workshop.id, Registration.status == RegistrationStatus.REGISTERED
        )
    )
    workshop.waitlist_count = db.session.scalar(
        sa.select(sa.func.count()).where(
            Registration.workshop_id == workshop.id, Registration.status == RegistrationStatus.WAITLISTED
        )
    )
    db.session.commit()
    return reg
