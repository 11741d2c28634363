"""Factories for spaces and accompaniment tests, written directly (no services); their
organisations, ideas and areas come from the organisations, ideas and needs factories."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta

from app.extensions import db
from app.models import (
    AccompanimentSession,
    AccompanimentTrack,
    Booking,
    ChecklistTemplateItem,
    ReadinessItem,
    Space,
    SpaceKind,
)
from app.models.base import utcnow
from app.text import render_markdown

_seq = itertools.count(1)


def create_space(city, *, name=None, owner_org=None, **extra) -> Space:
    n = next(_seq)
    values = {
        "name": name or f"Spazio {n}",
        "kind": SpaceKind.PHYSICAL,
        "address": f"Via Roma {n}",
        "capacity": 30,
        "facilities": ["wifi"],
        "owned_by_city": owner_org is None,
        "owner_organisation_id": owner_org.id if owner_org else None,
    }
    values.update(extra)
    space = Space(city_id=city.id, **values)
    db.session.add(space)
    db.session.commit()
    return space


def create_booking(space, user, *, starts_at=None, hours=2, purpose="Riunione") -> Booking:
    starts_at = starts_at or (utcnow() + timedelta(days=1)).replace(minute=0, second=0, microsecond=0)
    booking = Booking(
        space_id=space.id,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=hours),
        purpose=purpose,
        booked_by_id=user.id,
    )
    db.session.add(booking)
    db.session.commit()
    return booking


DEFAULT_ITEMS = [("statute", "Statuto", 2), ("runts", "Iscrizione RUNTS", 2), ("budget", "Budget", 1)]


def create_template(city, items=DEFAULT_ITEMS) -> list[ChecklistTemplateItem]:
    rows = [
        ChecklistTemplateItem(city_id=city.id, key=key, label=label, weight=weight, position=i)
        for i, (key, label, weight) in enumerate(items)
    ]
    db.session.add_all(rows)
    db.session.commit()
    return rows


def create_track(city, facilitator, *, organisation=None, idea=None, title="Percorso", items=DEFAULT_ITEMS):
    track = AccompanimentTrack(
        city_id=city.id,
        facilitator_id=facilitator.id,
        organisation_id=organisation.id if organisation else None,
        idea_id=idea.id if idea else None,
        title=title,
    )
    for i, (key, label, weight) in enumerate(items):
        track.items.append(ReadinessItem(key=key, label=label, weight=weight, position=i))
    db.session.add(track)
    db.session.commit()
    return track


def create_session(track, *, topic="Statuto", notes="Note", participants="Anna, Marco") -> AccompanimentSession:
    session = AccompanimentSession(
        track_id=track.id,
        held_on=datetime.now().date(),
        topic=topic,
        notes=notes,
        notes_html=render_markdown(notes),
        participants=participants,
    )
    db.session.add(session)
    db.session.commit()
    return session
