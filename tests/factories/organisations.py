"""Factories for organisations, members, partnerships, and the areas, needs and ideas they
need (written directly, so that these tests do not depend on other features' rules)."""

from __future__ import annotations

import itertools
from decimal import Decimal

from app.extensions import db
from app.models import (
    Area,
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
)
from app.models.base import utcnow
from app.organisations import taxcode
from app.text import render_markdown
from tests import factories

_seq = itertools.count(1)


def tax_code(n: int | None = None) -> str:
    """A valid codice fiscale numerico, different for each call."""
    n = next(_seq) if n is None else n
    return taxcode.complete(f"9{n:06d}072")


def create_area(city, name="Japigia", slug=None) -> Area:
    area = Area(
        city=city,
        name=name,
        slug=slug or name.lower().replace(" ", "-"),
        geometry={"type": "Polygon", "coordinates": [[[16.8, 41.1], [16.9, 41.1], [16.9, 41.2], [16.8, 41.1]]]},
        min_lat=41.1,
        min_lng=16.8,
        max_lat=41.2,
        max_lng=16.9,
    )
    db.session.add(area)
    db.session.commit()
    return area


def create_need(city, author=None, title="Un luogo per i ragazzi") -> Need:
    author = author or factories.create_user(city=city)
    need = Need(
        city=city,
        author=author,
        title=title,
        body="Mancano spazi.",
        body_html="<p>Mancano spazi.</p>",
        category=NeedCategory.YOUNG_PEOPLE,
    )
    db.session.add(need)
    db.session.commit()
    return need


def create_idea(city, author=None, title="Doposcuola in biblioteca", hidden=False, need=None) -> Idea:
    author = author or factories.create_user(city=city)
    idea = Idea(
        city=city,
        author=author,
        title=title,
        summary="Un doposcuola aperto a tutti.",
        body="Tre pomeriggi a settimana.",
        body_html="<p>Tre pomeriggi a settimana.</p>",
        hidden=hidden,
    )
    if need is not None:
        idea.needs.append(need)
    db.session.add(idea)
    db.session.commit()
    return idea


def create_organisation(
    city,
    owner=None,
    *,
    name=None,
    legal_form=LegalForm.APS,
    code=None,
    runts_number=None,
    verified=False,
    areas=(),
    fields=(),
    description="",
) -> Organisation:
    n = next(_seq)
    organisation = Organisation(
        city=city,
        name=name or f"APS Esempio {n}",
        legal_form=legal_form,
        tax_code=code or tax_code(n),
        runts_number=runts_number,
        description=description,
        description_html=render_markdown(description),
        fields=list(fields),
        verified=verified,
    )
    organisation.areas = list(areas)
    if owner is not None:
        organisation.members.append(
            Membership(user=owner, role=MemberRole.OWNER, status=MemberStatus.ACTIVE, accepted_at=utcnow())
        )
    db.session.add(organisation)
    db.session.commit()
    return organisation


def add_member(organisation, user, role=MemberRole.MEMBER) -> Membership:
    membership = Membership(
        organisation=organisation, user=user, role=role, status=MemberStatus.ACTIVE, accepted_at=utcnow()
    )
    db.session.add(membership)
    db.session.commit()
    return membership


def invite(organisation, email, role=MemberRole.MEMBER) -> Membership:
    membership = Membership(organisation=organisation, invited_email=email, role=role, status=MemberStatus.INVITED)
    db.session.add(membership)
    db.session.commit()
    return membership


def create_partnership(idea, lead, partners=()) -> Partnership:
    """``partners``: organisations, or ``(organisation, status)`` / ``(organisation, status, value)``."""
    partnership = Partnership(idea=idea, lead=lead, city_id=idea.city_id)
    partnership.partners.append(
        Partner(organisation=lead, role=PartnerRole.LEAD, status=PartnerStatus.ACCEPTED, responded_at=utcnow())
    )
    for item in partners:
        organisation, status, value = (item, PartnerStatus.ACCEPTED, Decimal("0"))
        if isinstance(item, tuple):
            organisation, status, *rest = item
            value = Decimal(rest[0]) if rest else Decimal("0")
        partnership.partners.append(
            Partner(
                organisation=organisation,
                role=PartnerRole.SUPPORTER,
                status=status,
                contribution_kind=ContributionKind.EXPERTISE,
                contribution_value=value,
                responded_at=None if status is PartnerStatus.INVITED else utcnow(),
            )
        )
    db.session.add(partnership)
    db.session.commit()
    return partnership
