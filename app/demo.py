"""Demo content of the foundation: cities and the demo accounts of ``shared/API.md``.

Features add their own demo steps to ``app.cli.DEMO_SEEDERS``. Everything is idempotent.
"""

from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from app.models import City, CityKind, Role, RoleGrant, User
from app.models.base import utcnow

DEMO_PASSWORD = "cantiere-demo"

CITIES = [
    # name, slug, region, kind, lat, lng, zoom
    ("Bari", "bari", "Puglia", CityKind.METROPOLITAN, 41.1171, 16.8719, 12),
    ("Napoli", "napoli", "Campania", CityKind.METROPOLITAN, 40.8518, 14.2681, 12),
    ("Palermo", "palermo", "Sicilia", CityKind.METROPOLITAN, 38.1157, 13.3615, 12),
    ("Torino", "torino", "Piemonte", CityKind.METROPOLITAN, 45.0703, 7.6869, 12),
    ("Foggia", "foggia", "Puglia", CityKind.MEDIUM, 41.4622, 15.5446, 13),
]

# email, name, city slug, roles [(role, city slug or None)]
ACCOUNTS = [
    ("admin@demo.cantiere.local", "Giulia Amministratrice", None, [(Role.ADMIN, None)]),
    ("authority@demo.cantiere.local", "Marco De Santis (AdG)", None, [(Role.AUTHORITY, None)]),
    ("staff@demo.cantiere.local", "Anna Lorusso", "bari", [(Role.STAFF, "bari"), (Role.STAFF, "foggia")]),
    ("evaluator@demo.cantiere.local", "Paolo Ferri", "bari", [(Role.EVALUATOR, "bari"), (Role.EVALUATOR, "napoli")]),
    (
        "facilitator@demo.cantiere.local",
        "Chiara Esposito",
        "bari",
        [(Role.FACILITATOR, "bari"), (Role.FACILITATOR, "napoli")],
    ),
    ("org@demo.cantiere.local", "Francesca Colonna", "bari", []),
    ("resident@demo.cantiere.local", "Luca Martinelli", "bari", []),
]


def city(slug: str) -> City:
    return db.session.scalar(sa.select(City).where(City.slug == slug))


def seed_foundation(progress) -> None:
    for name, slug, region, kind, lat, lng, zoom in CITIES:
        if city(slug) is None:
            db.session.add(City(name=name, slug=slug, region=region, kind=kind, lat=lat, lng=lng, zoom=zoom))
    db.session.flush()
    progress(f"{len(CITIES)} cities")
    for email, name, home, roles in ACCOUNTS:
        user = db.session.scalar(sa.select(User).where(User.email == email))
        if user is None:
            user = User(
                email=email,
                name=name,
                city=city(home) if home else None,
                privacy_version="demo",
                privacy_accepted_at=utcnow(),
            )
            user.set_password(DEMO_PASSWORD)
            db.session.add(user)
            db.session.flush()
        for role, slug in roles:
            city_obj = city(slug) if slug else None
            if not user.has_role(role, city_obj):
                db.session.add(RoleGrant(user=user, role=role, city=city_obj))
        db.session.flush()
    progress(f"{len(ACCOUNTS)} demo accounts (password '{DEMO_PASSWORD}')")
