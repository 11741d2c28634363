"""Factories for the live board's rows (notes, groups, votes), written directly: tests of
one rule do not go through the others. Changes under test go through the socket."""

from __future__ import annotations

import itertools
import uuid

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import Role, RoleGrant, User
from app.models.base import utcnow
from app.models.board import BoardEvent, BoardGroup, BoardNote, BoardVote, ChatMessage
from app.models.workshop import Workshop, WorkshopStatus
from tests import factories
from tests.factories.workshops import create_workshop, register

_seq = itertools.count(1)


def add_note(workshop, author, text: str | None = None, *, group=None, x=10.0, y=20.0, color="yellow") -> BoardNote:
    now = utcnow()
    note = BoardNote(
        workshop_id=workshop.id,
        client_id=uuid.uuid4().hex,
        author_id=author.id,
        text=text or f"Nota {next(_seq)}",
        color=color,
        x=x,
        y=y,
        group_id=group.id if group is not None else None,
        version=1,
        vote_total=0,
        created_at=now,
        updated_at=now,
    )
    db.session.add(note)
    db.session.commit()
    return note


def add_group(workshop, author, title: str | None = None, *, x=100.0, y=100.0) -> BoardGroup:
    now = utcnow()
    group = BoardGroup(
        workshop_id=workshop.id,
        client_id=uuid.uuid4().hex,
        author_id=author.id,
        title=title or f"Gruppo {next(_seq)}",
        x=x,
        y=y,
        version=1,
        created_at=now,
        updated_at=now,
    )
    db.session.add(group)
    db.session.commit()
    return group


def add_vote(note, user, count: int = 1) -> BoardVote:
    vote = BoardVote(workshop_id=note.workshop_id, note_id=note.id, user_id=user.id, count=count)
    note.vote_total += count
    db.session.add(vote)
    db.session.commit()
    return vote


def person(city, name: str, role: Role | None = None) -> User:
    """A signed-up person without the (deliberately slow) password hash: the board's tests
    authenticate with API tokens, and make many people."""
    n = next(_seq)
    user = User(
        email=f"board{n}-{uuid.uuid4().hex[:6]}@example.org",
        name=name,
        city=city,
        password_hash="!",
        privacy_version="test",
        privacy_accepted_at=utcnow(),
    )
    db.session.add(user)
    if role is not None:
        db.session.add(RoleGrant(user=user, role=role, city=city if role.per_city else None))
    db.session.commit()
    return user


def board_world(*, status=WorkshopStatus.LIVE, agenda=(), vote_budget: int = 5) -> dict:
    """A workshop of Bari with one person in each role the board knows:
    ``facilitator`` (its creator), ``staff`` (of Bari), ``participant`` and ``neighbour``
    (registered), ``outsider`` (signed in, not registered) and their API tokens."""
    city = factories.create_city()
    facilitator = person(city, "Fabiana Facilitatrice", Role.FACILITATOR)
    workshop = create_workshop(
        city=city, facilitator=facilitator, status=status, agenda=list(agenda), vote_budget=vote_budget, capacity=50
    )
    world = {
        "city": city,
        "workshop": workshop,
        "facilitator": facilitator,
        "staff": person(city, "Stefano Staff", Role.STAFF),
        "participant": person(city, "Paola Partecipante"),
        "neighbour": person(city, "Nino Vicino"),
        "outsider": person(city, "Olga Esterna"),
    }
    register(workshop, world["participant"])
    register(workshop, world["neighbour"])
    world["tokens"] = {
        role: factories.create_token(world[role])
        for role in ("facilitator", "staff", "participant", "neighbour", "outsider")
    }
    return world


def board_rows(workshop_id: int) -> dict:
    """Everything a board change could touch, to assert that a refused one changed nothing."""
    db.session.expire_all()

    def rows(model, *columns):
        return db.session.execute(sa.select(*columns).where(model.workshop_id == workshop_id).order_by(model.id)).all()

    workshop = db.session.get(Workshop, workshop_id)
    return {
        "workshop": (
            workshop.seq,
            workshop.status,
            workshop.locked,
            workshop.phase_index,
            workshop.phase_ends_at,
            workshop.spotlight_note_id,
        ),
        "notes": rows(
            BoardNote,
            BoardNote.id,
            BoardNote.text,
            BoardNote.color,
            BoardNote.x,
            BoardNote.y,
            BoardNote.group_id,
            BoardNote.version,
            BoardNote.vote_total,
            BoardNote.deleted_at,
        ),
        "groups": rows(
            BoardGroup,
            BoardGroup.id,
            BoardGroup.title,
            BoardGroup.x,
            BoardGroup.y,
            BoardGroup.version,
            BoardGroup.deleted_at,
        ),
        "votes": rows(BoardVote, BoardVote.note_id, BoardVote.user_id, BoardVote.count),
        "chat": rows(ChatMessage, ChatMessage.id, ChatMessage.text),
        "events": rows(BoardEvent, BoardEvent.seq, BoardEvent.name),
    }


@pytest.fixture(autouse=True)
def immediate_presence(app):
    """``presence:changed`` at once (no coalescing delay), so that tests see it in order.
    Import it into a test module to apply it there."""
    app.config["BOARD_PRESENCE_DELAY"] = 0
    yield
    app.config.pop("BOARD_PRESENCE_DELAY", None)


FOUR_PHASES = [
    ("Idee", "brainstorm", 10),
    ("Gruppi", "cluster", 10),
    ("Voto", "vote", 5),
    ("Discussione", "discuss", 15),
]


def joined(live, world, role="participant"):
    client = live(token=world["tokens"][role])
    ack = client.emit("workshop:join", {"workshop_id": world["workshop"].id})
    assert ack["ok"], ack
    client.clear()
    return client


def set_phase_in_db(world, index):
    workshop = db.session.get(Workshop, world["workshop"].id)
    workshop.phase_index = index
    db.session.commit()
