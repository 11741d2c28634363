"""The participation demo step: consistent counters, something in the moderation queue,
idempotent, and harmless when there are no needs or ideas yet."""

import sqlalchemy as sa

from app.demo import participation
from app.models import Comment, Need, NeedStatusChange, Report, Support
from app.participation import moderation
from tests import factories
from tests.factories import ideas as fi
from tests.factories import needs as fn


def _count(db, model):
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_without_needs_or_ideas_the_step_does_nothing(city, db):
    messages = []
    participation.seed(messages.append)
    db.session.commit()
    assert "skipped" in messages[0]
    assert _count(db, Comment) == _count(db, Support) == 0


def test_demo_participation_is_consistent_and_idempotent(city, db):
    author = factories.create_user(city=city)
    needs = [fn.create_need(city=city, author=author, title=f"Bisogno {n}") for n in range(12)]
    fi.create_idea(city=city, author=author, needs=needs[:2])
    participation.seed(lambda message: None)
    db.session.commit()
    first = (_count(db, Support), _count(db, Comment), _count(db, NeedStatusChange), _count(db, Report))
    assert all(first), first
    for need in db.session.scalars(sa.select(Need)):
        supports = db.session.scalar(sa.select(sa.func.count()).where(Support.need_id == need.id))
        visible = db.session.scalar(
            sa.select(sa.func.count()).where(
                Comment.need_id == need.id, Comment.hidden.is_(False), Comment.deleted_at.is_(None)
            )
        )
        assert (need.support_count, need.comment_count) == (supports, visible)
        last = db.session.scalars(
            sa.select(NeedStatusChange).where(NeedStatusChange.need_id == need.id).order_by(NeedStatusChange.id)
        ).all()
        if last:
            assert last[-1].to_status is need.status
    queue = moderation.queue(city.id)
    assert any(c.hidden for c in queue["comment"]) and queue["need"]
    messages = []
    participation.seed(messages.append)
    db.session.commit()
    assert (_count(db, Support), _count(db, Comment), _count(db, NeedStatusChange), _count(db, Report)) == first
    assert "already" in messages[0]
