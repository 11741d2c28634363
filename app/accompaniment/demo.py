"""Demo accompaniment (order 60): every city gets the default readiness checklist; where a
city has a facilitator, tracks for its organisations (seeded at order 40) and ideas (order
30) at different readiness, with sessions. Idempotent: a subject that already has a track
is left alone. Cities without organisations, ideas or facilitators get no tracks."""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa
from flask import current_app

from app.cli import register_seeder
from app.extensions import db
from app.models import (
    AccompanimentTrack,
    City,
    Idea,
    Membership,
    MemberStatus,
    Organisation,
    Role,
    RoleGrant,
    User,
)

# How many checklist items are done, in checklist order, for each successive track.
PROGRESS = [6, 4, 2, 0, 5, 3, 1]

SESSIONS = [
    (
        "Primo incontro: bisogni e obiettivi",
        "Francesca Colonna, Chiara Esposito",
        "Abbiamo ripercorso la storia dell'associazione e i **bisogni** emersi nel quartiere.\n\n"
        "- obiettivo: candidarsi al prossimo avviso pubblico FSE+\n"
        "- prossimo passo: verificare lo statuto rispetto al Codice del Terzo settore",
    ),
    (
        "Statuto e iscrizione al RUNTS",
        "Francesca Colonna, il presidente, la tesoriera",
        "Lo statuto va adeguato (art. 21 d.lgs. 117/2017). Preparata la lista dei documenti per "
        "l'iscrizione al RUNTS.\n\n1. delibera assembleare\n2. atto costitutivo aggiornato\n3. domanda telematica",
    ),
    (
        "Rete partenariale e bozza di budget",
        "Chiara Esposito, referenti della scuola e della biblioteca",
        "Individuati due partner: l'istituto comprensivo (sostenitore) e la biblioteca di comunità "
        "(co-proponente). Prima bozza di budget con i costi del personale e il forfait del 15% "
        "per i costi indiretti.",
    ),
    (
        "Indicatori di impatto",
        "Chiara Esposito, Francesca Colonna",
        "Scelti tre indicatori con valore di partenza e obiettivo: giovani NEET coinvolti, ore di "
        "laboratorio, famiglie raggiunte.",
    ),
]


def _facilitator(city: City) -> User | None:
    return db.session.scalar(
        sa.select(User)
        .join(RoleGrant, RoleGrant.user_id == User.id)
        .where(RoleGrant.role == Role.FACILITATOR, RoleGrant.city_id == city.id)
        .order_by(User.id)
        .limit(1)
    )


def _has_track(**subject) -> bool:
    query = sa.select(AccompanimentTrack.id)
    for column, value in subject.items():
        query = query.where(getattr(AccompanimentTrack, column) == value)
    return db.session.scalar(query.limit(1)) is not None


def _organisations(city: City) -> list[Organisation]:
    """The city's organisations, those of the demo organisation account first."""
    org_user_id = db.session.scalar(sa.select(User.id).where(User.email == "org@demo.cantiere.local"))
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
    resident_id = db.session.scalar(sa.select(User.id).where(User.email == "resident@demo.cantiere.local"))
    return list(
        db.session.scalars(
            sa.select(Idea)
            .where(Idea.city_id == city.id, Idea.hidden.is_(False))
            .order_by((Idea.author_id == resident_id).desc(), Idea.id)
            .limit(2)
        )
    )


def _fill(facilitator, track, index: int) -> None:
    from app.accompaniment import services

    done = PROGRESS[index % len(PROGRESS)]
    states = {
        item.id: {"done": True, "note": "Verificato durante l'incontro." if n == 0 else ""}
        for n, item in enumerate(track.items[:done])
    }
    if states:
        services.update_checklist(facilitator, track, states)
    sessions = SESSIONS[: max(1, min(len(SESSIONS), (done + 1) // 2 + 1))]
    for n, (topic, participants, notes) in enumerate(sessions):
        services.add_session(
            facilitator,
            track,
            held_on=date.today() - timedelta(days=14 * (len(sessions) - n)),
            topic=topic,
            notes=notes,
            participants=participants,
        )
    if done == len(track.items) and done:
        services.update_track(facilitator, track, title=track.title, closed=True)


def seed_accompaniment(progress) -> None:
    from app.accompaniment import services

    with current_app.test_request_context("/"):  # messages are translated as in a request
        tracks = 0
        skipped = []
        for city in db.session.scalars(sa.select(City).order_by(City.name)):
            services.ensure_default_checklist(city)
            db.session.commit()
            facilitator = _facilitator(city)
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


register_seeder(60, "accompaniment tracks", seed_accompaniment)
