"""Callables that make valid objects: ``create_user(role=..., city=...)`` and friends.

They write directly (not through services) so that tests of one feature do not depend on
another's rules; services are tested on their own.
"""

from __future__ import annotations

import itertools

import sqlalchemy as sa

from app.extensions import db
from app.models import ApiToken, City, CityKind, Role, RoleGrant, User
from app.models.base import utcnow
from app.models.user import hash_token

PASSWORD = "password-123"
_seq = itertools.count(1)


def create_city(name="Bari", slug="bari", region="Puglia", kind=CityKind.METROPOLITAN, **extra) -> City:
    existing = db.session.scalar(sa.select(City).where(City.slug == slug))
    if existing:
        return existing
    city = City(name=name, slug=slug, region=region, kind=kind, lat=41.12, lng=16.87, zoom=12, **extra)
    db.session.add(city)
    db.session.commit()
    return city


def create_user(
    *,
    role: Role | None = None,
    city: City | None = None,
    name: str | None = None,
    email: str | None = None,
    password: str = PASSWORD,
    locale: str | None = None,
) -> User:
    n = next(_seq)
    user = User(
        email=email or f"person{n}@example.org",
        name=name or f"Persona {n}",
        city=city,
        locale=locale,
        privacy_version="test",
        privacy_accepted_at=utcnow(),
    )
    user.set_password(password)
    db.session.add(user)
    if role is not None:
        db.session.add(RoleGrant(user=user, role=role, city=city if role.per_city else None))
    db.session.commit()
    return user


def grant(user: User, role: Role, city: City | None = None) -> RoleGrant:
    g = RoleGrant(user=user, role=role, city=city if role.per_city else None)
    db.session.add(g)
    db.session.commit()
    return g


def create_token(user: User, name: str = "test") -> str:
    secret = ApiToken.new_secret()
    db.session.add(ApiToken(user=user, name=name, token_hash=hash_token(secret), prefix=secret[:10]))
    db.session.commit()
    return secret


def request_context(app, language: str | None = None):
    """A request context, for calling services directly (they build URLs and translate
    messages, which needs a request and its locale); ``language`` sets Accept-Language."""
    return app.test_request_context("/", headers={"Accept-Language": language} if language else {})
