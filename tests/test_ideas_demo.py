"""The demo ideas step: ideas answering the demo needs, idempotent, nothing without needs."""

import sqlalchemy as sa

from app.demo import foundation, ideas
from app.extensions import db as _db
from app.models import City, Idea, IdeaStage, IdeaStageChange, Notification, User
from tests.factories import needs as fn


def _count(model):
    return _db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_demo_ideas_answer_needs_of_their_city_and_are_seeded_once(db):
    said = []
    foundation.seed(said.append)
    ideas.seed(said.append)
    assert _count(Idea) == 0 and "no needs yet" in said[-1]

    resident = _db.session.scalar(sa.select(User).where(User.email == "resident@demo.cantiere.local"))
    for slug in ("bari", "napoli"):
        city = _db.session.scalar(sa.select(City).where(City.slug == slug))
        for _ in range(6):
            fn.create_need(city, resident if slug == "bari" else None)
    _db.session.commit()
    ideas.seed(said.append)
    _db.session.commit()
    made = _db.session.scalars(sa.select(Idea)).all()
    assert len(made) == 40
    assert all(idea.needs and all(n.city_id == idea.city_id for n in idea.needs) for idea in made)
    moved = [i for i in made if i.stage is not IdeaStage.PROPOSED]
    assert moved, "some ideas moved on"
    notes = _db.session.scalars(sa.select(IdeaStageChange.note).where(IdeaStageChange.from_stage.is_not(None))).all()
    assert notes and all(notes)
    told = _db.session.scalars(sa.select(Notification).where(Notification.user_id == resident.id)).all()
    assert told and all(n.emailed_at is not None for n in told)  # no digest will mail the demo
    ideas.seed(said.append)
    assert _count(Idea) == 40 and said[-1] == "ideas already there"
