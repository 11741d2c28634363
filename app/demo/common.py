"""What the demo steps share: the demo password and domain, the data files, and finding the
demo cities and people."""

from __future__ import annotations

import json
from pathlib import Path

import sqlalchemy as sa

from app.extensions import db
from app.models import City, RoleGrant, User
from app.models.base import utcnow

DEMO_PASSWORD = "cantiere-demo"
DEMO_DOMAIN = "demo.cantiere.local"
DATA = Path(__file__).parent / "data"


def load(name: str):
    """The content of ``data/<name>.json`` (the demo's texts, in Italian)."""
    return json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))


def city(slug: str) -> City | None:
    return db.session.scalar(sa.select(City).where(City.slug == slug))


def by_email(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == email))


def first_with_role(role, city: City | None = None) -> User | None:
    """The oldest account holding ``role`` (in ``city`` when given)."""
    query = sa.select(User).join(RoleGrant, RoleGrant.user_id == User.id).where(RoleGrant.role == role)
    if city is not None:
        query = query.where(RoleGrant.city_id == city.id)
    return db.session.scalar(query.order_by(User.id).limit(1))


def draw(rng, shares: list, otherwise):
    """One value of ``shares`` (``[(value, share)]``, shares adding up to 1 at most) drawn
    with its share of chances; ``otherwise`` for the rest."""
    roll, total = rng.random(), 0.0
    for value, share in shares:
        total += share
        if roll < total:
            return value
    return otherwise


def new_account(email: str, name: str, city: City | None, password_hash: str | None = None, **fields) -> User:
    """A demo account (added to the session, not flushed) that signs in with the demo
    password; ``password_hash`` reuses a hash already computed, to keep seeding fast."""
    user = User(email=email, name=name, city=city, privacy_version="demo", privacy_accepted_at=utcnow(), **fields)
    if password_hash is None:
        user.set_password(DEMO_PASSWORD)
    else:
        user.password_hash = password_hash
    db.session.add(user)
    return user
