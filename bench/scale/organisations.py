"""``flask demo scale --organizations N --partnerships M``: synthetic volume for benchmarks.

Everything goes to one city (``SCALE_CITY``, default ``bari``; created when missing) with bulk
inserts. Organisations get valid tax codes, an owner, one target area (when the city has
areas) and one or two fields. Partnerships need ideas: one synthetic idea per partnership
(all answering one synthetic need) is created; partners are drawn mostly from the lead's
community of about fifty organisations, sometimes from another one, so that the network
has clusters and bridges like a real one.
"""

from __future__ import annotations

import os
import random
from decimal import Decimal

import sqlalchemy as sa

from app.demo.common import by_email
from app.demo.common import city as city_by_slug
from app.demo.foundation import CITIES, new_city
from app.extensions import db
from app.models import (
    Area,
    City,
    ContributionKind,
    Idea,
    LegalForm,
    MemberRole,
    Membership,
    MemberStatus,
    Need,
    NeedCategory,
    Organisation,
    Partner,
    PartnerRole,
    Partnership,
    PartnerStatus,
    User,
    idea_need,
)
from app.models.base import utcnow
from app.models.organisation import organisation_area
from app.organisations import labels, taxcode

BATCH = 2000
COMMUNITY = 50
SCALE_EMAIL = "scala@demo.cantiere.local"
_FORMS = [
    (LegalForm.APS, 18),
    (LegalForm.ODV, 12),
    (LegalForm.SOCIAL_COOPERATIVE, 14),
    (LegalForm.SOCIAL_ENTERPRISE, 5),
    (LegalForm.FOUNDATION, 4),
    (LegalForm.ASSOCIATION, 15),
    (LegalForm.SCHOOL, 10),
    (LegalForm.UNIVERSITY, 1),
    (LegalForm.MUSEUM, 3),
    (LegalForm.THEATRE, 2),
    (LegalForm.LIBRARY, 3),
    (LegalForm.BUSINESS, 10),
    (LegalForm.PUBLIC_BODY, 2),
    (LegalForm.OTHER, 1),
]
_PREFIX = {
    LegalForm.APS: "APS",
    LegalForm.ODV: "ODV",
    LegalForm.SOCIAL_COOPERATIVE: "Cooperativa sociale",
    LegalForm.SOCIAL_ENTERPRISE: "Impresa sociale",
    LegalForm.FOUNDATION: "Fondazione",
    LegalForm.ASSOCIATION: "Associazione",
    LegalForm.SCHOOL: "Istituto comprensivo",
    LegalForm.UNIVERSITY: "Università",
    LegalForm.MUSEUM: "Museo",
    LegalForm.THEATRE: "Teatro",
    LegalForm.LIBRARY: "Biblioteca",
    LegalForm.BUSINESS: "Impresa",
    LegalForm.PUBLIC_BODY: "Ufficio pubblico",
    LegalForm.OTHER: "Ente",
}
_WORDS = ["Aurora", "Ponte", "Orizzonti", "Radici", "Alveare", "Girasole", "Mosaico", "Faro", "Officina", "Agorà"]


def scale_city() -> City:
    """The city that gets the volume: ``SCALE_CITY`` (a demo city, or a new one)."""
    slug = os.environ.get("SCALE_CITY", "bari")
    city = city_by_slug(slug)
    if city is None:
        spec = next((c for c in CITIES if c["slug"] == slug), None)
        if spec is None:
            spec = {"name": slug.title(), "slug": slug, "region": "—", "kind": "medium", "lat": 41.9, "lng": 12.5}
            spec["zoom"] = 12
        city = new_city(spec)
        db.session.flush()
    return city


def _scale_user(city: City) -> User:
    user = by_email(SCALE_EMAIL)
    if user is None:
        user = User(
            email=SCALE_EMAIL,
            name="Dati sintetici",
            city=city,
            password_hash="!",  # cannot sign in
            privacy_version="demo",
            privacy_accepted_at=utcnow(),
        )
        db.session.add(user)
        db.session.flush()
    return user


def _batches(rows: list, size: int = BATCH):
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def scale_organisations(count: int, progress) -> None:
    """Add ``count`` organisations to the scale city, each with the synthetic owner and one
    of the city's areas, in batches of ``BATCH``."""
    city = scale_city()
    owner = _scale_user(city)
    rng = random.Random(f"scale-organisations-{count}-{utcnow().timestamp()}")
    area_ids = list(db.session.scalars(sa.select(Area.id).where(Area.city_id == city.id)))
    now = utcnow()
    created = 0
    for batch in _batches(_organisation_rows(city, count, rng, now)):
        ids = db.session.scalars(
            sa.insert(Organisation).returning(Organisation.id, sort_by_parameter_order=True), batch
        ).all()
        owners = [
            {"organisation_id": org_id, "user_id": owner.id, "role": MemberRole.OWNER, "status": MemberStatus.ACTIVE}
            for org_id in ids
        ]
        db.session.execute(sa.insert(Membership), [{**row, "created_at": now, "accepted_at": now} for row in owners])
        if area_ids:
            db.session.execute(
                sa.insert(organisation_area), [{"organisation_id": i, "area_id": rng.choice(area_ids)} for i in ids]
            )
        db.session.commit()
        created += len(ids)
        progress(f"{created}/{count} organisations in {city.name}")


def _organisation_rows(city: City, count: int, rng: random.Random, now) -> list[dict]:
    used = set(db.session.scalars(sa.select(Organisation.tax_code).where(Organisation.city_id == city.id)))
    forms = [form for form, weight in _FORMS for _ in range(weight)]
    slugs = list(labels.FIELDS)
    start = db.session.scalar(sa.select(sa.func.count()).select_from(Organisation)) or 0
    rows = []
    for n in range(count):
        form = rng.choice(forms)
        while True:
            code = taxcode.complete(rng.choice("0789") + f"{rng.randrange(10**9):09d}")
            if code not in used:
                used.add(code)
                break
        rows.append(
            {
                "city_id": city.id,
                "name": f"{_PREFIX[form]} {rng.choice(_WORDS)} {start + n + 1}",
                "legal_form": form,
                "tax_code": code,
                "runts_number": str(rng.randrange(10000, 200000)) if rng.random() < 0.5 else None,
                "description": "Organizzazione sintetica per le prove di carico.",
                "description_html": "<p>Organizzazione sintetica per le prove di carico.</p>\n",
                "website": "",
                "email": "",
                "phone": "",
                "fields": rng.sample(slugs, k=rng.choice((1, 2))),
                "verified": rng.random() < 0.7,
                "created_at": now,
            }
        )
    return rows


def _synthetic_ideas(city: City, author: User, count: int) -> list[int]:
    need = Need(
        city_id=city.id,
        author_id=author.id,
        title="Bisogno sintetico per le prove di carico",
        body="Creato da flask demo scale.",
        body_html="<p>Creato da flask demo scale.</p>\n",
        category=NeedCategory.OTHER,
    )
    db.session.add(need)
    db.session.flush()
    now = utcnow()
    ids: list[int] = []
    rows = [
        {
            "city_id": city.id,
            "author_id": author.id,
            "title": f"Idea sintetica {n + 1}",
            "summary": "Idea sintetica per le prove di carico.",
            "body": "Creata da flask demo scale.",
            "body_html": "<p>Creata da flask demo scale.</p>\n",
            "created_at": now,
            "updated_at": now,
        }
        for n in range(count)
    ]
    for batch in _batches(rows):
        batch_ids = db.session.scalars(sa.insert(Idea).returning(Idea.id, sort_by_parameter_order=True), batch).all()
        db.session.execute(sa.insert(idea_need), [{"idea_id": i, "need_id": need.id} for i in batch_ids])
        ids.extend(batch_ids)
    db.session.commit()
    return ids


def scale_partnerships(count: int, progress) -> None:
    """Add ``count`` partnerships (each around a new synthetic idea) among the scale city's
    organisations: mostly within a community of ``COMMUNITY``, sometimes across two."""
    city = scale_city()
    author = _scale_user(city)
    organisation_ids = list(
        db.session.scalars(sa.select(Organisation.id).where(Organisation.city_id == city.id).order_by(Organisation.id))
    )
    if len(organisation_ids) < 5:
        raise SystemExit(f"{city.name} has too few organisations: run --organizations first.")
    rng = random.Random(f"scale-partnerships-{count}-{utcnow().timestamp()}")
    rng.shuffle(organisation_ids)
    communities = [organisation_ids[i : i + COMMUNITY] for i in range(0, len(organisation_ids), COMMUNITY)]
    communities = [c for c in communities if len(c) >= 3] or [organisation_ids]
    idea_ids = _synthetic_ideas(city, author, count)
    progress(f"{len(idea_ids)} synthetic ideas")
    kinds = list(ContributionKind)
    now = utcnow()
    made = 0
    for batch in _batches(idea_ids):
        plans = []
        for idea_id in batch:
            community = rng.choice(communities)
            members = rng.sample(community, k=min(len(community), rng.randrange(2, 6)))
            if rng.random() < 0.08:
                other = rng.choice(communities)
                extra = rng.choice(other)
                if extra not in members:
                    members.append(extra)
            plans.append((idea_id, members))
        partnership_ids = db.session.scalars(
            sa.insert(Partnership).returning(Partnership.id, sort_by_parameter_order=True),
            [{"idea_id": i, "lead_id": m[0], "city_id": city.id, "created_at": now} for i, m in plans],
        ).all()
        partners = [
            row
            for partnership_id, (_idea, members) in zip(partnership_ids, plans, strict=True)
            for row in _partner_rows(rng, partnership_id, members, kinds, now)
        ]
        db.session.execute(sa.insert(Partner), partners)
        db.session.commit()
        made += len(partnership_ids)
        progress(f"{made}/{count} partnerships in {city.name}")


def _partner_rows(rng: random.Random, partnership_id: int, members: list[int], kinds: list, now) -> list[dict]:
    """The partners of one partnership: the first member leads, the second co-applies."""
    rows = []
    for position, organisation_id in enumerate(members):
        lead = position == 0
        roll = rng.random()
        status = (
            PartnerStatus.ACCEPTED
            if lead or roll < 0.85
            else PartnerStatus.INVITED
            if roll < 0.95
            else PartnerStatus.DECLINED
        )
        rows.append(
            {
                "partnership_id": partnership_id,
                "organisation_id": organisation_id,
                "role": PartnerRole.LEAD
                if lead
                else PartnerRole.CO_APPLICANT
                if position == 1
                else PartnerRole.SUPPORTER,
                "status": status,
                "contribution_kind": None if lead else rng.choice(kinds),
                "contribution_value": Decimal(0 if lead else rng.randrange(0, 400) * 50),
                "contribution_note": "",
                "created_at": now,
                "responded_at": None if status is PartnerStatus.INVITED else now,
            }
        )
    return rows
