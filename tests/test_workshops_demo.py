"""The demo workshops: per demo city with needs, one held (closed board, approved minutes,
ideas produced), one coming up with a waitlist, one ready to go live today for the demo
facilitator with the demo resident registered; seeding twice adds nothing."""

from datetime import datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from app.demo import foundation
from app.demo import workshops as demo_workshops
from app.extensions import db
from app.models import City, Idea, User
from app.models.board import BoardEvent, BoardNote, BoardVote
from app.models.workshop import Minutes, Registration, RegistrationStatus, Workshop, WorkshopStatus
from tests.factories.needs import create_need


def seed() -> list[str]:
    messages: list[str] = []
    demo_workshops.seed(messages.append)
    return messages


def test_demo_workshops(client, login):
    foundation.seed(lambda message: None)
    db.session.commit()
    bari = db.session.scalar(sa.select(City).where(City.slug == "bari"))
    create_need(bari, title="Mancano spazi per i ragazzi a Japigia")
    seed()
    workshops = {w.title: w for w in db.session.scalars(sa.select(Workshop))}
    assert set(workshops) == {
        "Laboratorio: spazi per i giovani a Japigia",
        "Laboratorio: una casa di quartiere a Libertà",
        "Tavolo di co-progettazione: doposcuola a San Paolo",
    }  # only Bari has needs

    held = workshops["Laboratorio: spazi per i giovani a Japigia"]
    assert held.status is WorkshopStatus.CLOSED
    seqs = db.session.scalars(sa.select(BoardEvent.seq).where(BoardEvent.workshop_id == held.id)).all()
    assert sorted(seqs) == list(range(1, held.seq + 1))
    notes = db.session.scalars(sa.select(BoardNote).where(BoardNote.workshop_id == held.id)).all()
    for note in notes:
        dots = db.session.scalar(sa.select(sa.func.sum(BoardVote.count)).where(BoardVote.note_id == note.id)) or 0
        assert note.vote_total == dots
    ideas = db.session.scalars(sa.select(Idea).where(Idea.workshop_id == held.id)).all()
    assert len(ideas) == 2 and all(idea.needs for idea in ideas)
    minutes = db.session.scalar(sa.select(Minutes).where(Minutes.workshop_id == held.id))
    assert minutes.approved_at is not None and len(minutes.snapshot["ideas"]) == 2
    assert client.get(f"/workshops/{held.id}/minutes.pdf").headers["Content-Type"] == "application/pdf"

    upcoming = workshops["Laboratorio: una casa di quartiere a Libertà"]
    statuses = db.session.scalars(sa.select(Registration.status).where(Registration.workshop_id == upcoming.id))
    assert sorted(s.value for s in statuses) == ["registered"] * 4 + ["waitlisted"] * 2

    ready = workshops["Tavolo di co-progettazione: doposcuola a San Paolo"]
    assert ready.status is WorkshopStatus.SCHEDULED and ready.agenda
    rome = ZoneInfo("Europe/Rome")
    assert ready.starts_at.astimezone(rome).date() == datetime.now(rome).date()
    assert ready.created_by.email == "facilitator@demo.cantiere.local"
    resident = db.session.scalar(sa.select(User).where(User.email == "resident@demo.cantiere.local"))
    registration = db.session.scalar(
        sa.select(Registration).where(Registration.workshop_id == ready.id, Registration.user_id == resident.id)
    )
    assert registration.status is RegistrationStatus.REGISTERED
    login(resident)
    assert client.get(f"/workshops/{ready.id}").status_code == 200

    seed()  # idempotent
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Workshop)) == 3
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Idea).where(Idea.workshop_id == held.id)) == 2
