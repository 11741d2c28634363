"""The first demo step: the demo cities and the demo accounts of ``shared/API.md``
(``data/foundation.json``). Idempotent: a city or an account that exists is kept."""

from __future__ import annotations

from app.demo.common import DEMO_PASSWORD, by_email, city, load, new_account
from app.extensions import db
from app.models import City, CityKind, Role, RoleGrant

DATA = load("foundation")
CITIES = DATA["cities"]
ACCOUNTS = DATA["accounts"]


def new_city(spec: dict) -> City:
    """A city from one ``cities`` entry of the data file (added to the session)."""
    fields = {**spec, "kind": CityKind(spec["kind"])}
    created = City(**fields)
    db.session.add(created)
    return created


def seed(progress) -> None:
    for spec in CITIES:
        if city(spec["slug"]) is None:
            new_city(spec)
    db.session.flush()
    progress(f"{len(CITIES)} cities")
    for account in ACCOUNTS:
        user = by_email(account["email"])
        if user is None:
            home = account["city"]
            user = new_account(account["email"], account["name"], city(home) if home else None)
            db.session.flush()
        for grant in account["roles"]:
            role, where = Role(grant["role"]), city(grant["city"]) if grant["city"] else None
            if not user.has_role(role, where):
                db.session.add(RoleGrant(user=user, role=role, city=where))
        db.session.flush()
    progress(f"{len(ACCOUNTS)} demo accounts (password '{DEMO_PASSWORD}')")
