"""Demo accompaniment: every city gets the default readiness checklist; where a city has a
facilitator, tracks for its organisations and ideas (seeded by the steps before) at
different readiness, with sessions (``data/accompaniment.json``). Idempotent: a subject
that already has a track is left alone. Cities without organisations, ideas or
facilitators get no tracks."""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa
from flask import current_app

from app.accompaniment import services
from app.demo.common import by_email, first_with_role, load
from app.extensions import db
from app.models import (
    AccompanimentTrack,
    City,
    Idea,
    Membership,
    MemberStatus,
    Organisation,
    Role,
)

# How many checklist items are done, in checklist order, for each successive track.
PROGRESS = [6, 4, 2, 0, 5, 3, 1]

DATA = load("accompaniment")
#: The sessions held with a track, in order: topic, who took part, notes (limited Markdown).
SESSIONS = DATA["sessions"]


def _has_track(**subject) -> bool:
    query = sa.select(AccompanimentTrack.id)
    for column, value in subject.items():
        query = query.where(getattr(AccompanimentTrack, column) == value)
    return db.session.scalar(query.limit(1)) is not None


def _organisations(city: City) -> list[Organisation]:
    """The city's organisations, those of the demo organisation account first."""
    org_user = by_email("org@demo.cantiere.local")
    org_user_id = org_user.id if org_user else None
    mine = sa.select(Membership.organisation_id).where(
        Membership.user_id == org_user_id, Membership.status == MemberStatus.ACTIVE
    )
    return list(
        db.session.scalars(
            sa.select(Organisation)
            .where(Organisation.city_id == city.id)
            .order_by(Organisation.id.in_(mine).desc(), Organisation.id)
            .limit(4)
        )
    )


def _ideas(city: City) -> list[Idea]:
    """A few ideas of the city, those of the demo resident first."""
    resident = by_email("resident@demo.cantiere.local")
    resident_id = resident.id if resident else None
    return list(
        db.session.scalars(
            sa.select(Idea)
            .where(Idea.city_id == city.id, Idea.hidden.is_(False))
            .order_by((Idea.author_id == resident_id).desc(), Idea.id)
            .limit(2)
        )
    )


def _fill(facilitator, track, index: int) -> None:
    done = PROGRESS[index % len(PROGRESS)]
    states = {
        item.id: {"done": True, "note": DATA["checked_note"] if n == 0 else ""}
        for n, item in enumerate(track.items[:done])
    }
    if states:
        services.update_checklist(facilitator, track, states)
    sessions = SESSIONS[: max(1, min(len(SESSIONS), (done + 1) // 2 + 1))]
    for n, session in enumerate(sessions):
        services.add_session(
            facilitator,
            track,
            held_on=date.today() - timedelta(days=14 * (len(sessions) - n)),
            topic=session["topic"],
            notes=session["notes"],
            participants=session["participants"],
        )
    if done == len(track.items) and done:
        services.update_track(facilitator, track, title=track.title, closed=True)


def seed(progress) -> None:
    with current_app.test_request_context("/"):  # messages are translated as in a request
        tracks = 0
        skipped = []
        for city in db.session.scalars(sa.select(City).order_by(City.name)):
            services.ensure_default_checklist(city)
            db.session.commit()
            facilitator = first_with_role(Role.FACILITATOR, city)
            organisations, ideas = _organisations(city), _ideas(city)
            if facilitator is None or not (organisations or ideas):
                skipped.append(city.name)
                continue
            index = 0
            for organisation in organisations:
                if not _has_track(organisation_id=organisation.id):
                    track = services.open_track(
                        facilitator, city, organisation=organisation, title=f"Accompagnamento – {organisation.name}"
                    )
                    _fill(facilitator, track, index)
                    tracks += 1
                index += 1
            for idea in ideas:
                if not _has_track(idea_id=idea.id):
                    track = services.open_track(
                        facilitator, city, idea=idea, title=f"Verso l'avviso – {idea.title}"[:200]
                    )
                    _fill(facilitator, track, index)
                    tracks += 1
                index += 1
        progress(f"{tracks} accompaniment tracks; default checklist in every city")
        if skipped:
            progress(f"no tracks (no facilitator, organisations or ideas yet) in: {', '.join(skipped)}")
