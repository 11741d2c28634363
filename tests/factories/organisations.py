"""Factories for organisations, members and partnerships, written directly (no services), so
that these tests do not depend on other features' rules. Areas and needs are in
``tests.factories.needs``, ideas in ``tests.factories.ideas``."""

from __future__ import annotations

import itertools
from decimal import Decimal

from app.extensions import db
from app.models import (
    ContributionKind,
    LegalForm,
    MemberRole,
    Membership,
    MemberStatus,
    Organisation,
    Partner,
    PartnerRole,
    Partnership,
    PartnerStatus,
)
from app.models.base import utcnow
from app.organisations import taxcode
from app.text import render_markdown

_seq = itertools.count(1)


def tax_code(n: int | None = None) -> str:
    """A valid codice fiscale numerico, different for each call."""
    n = next(_seq) if n is None else n
    return taxcode.complete(f"9{n:06d}072")


def create_organisation(
    city,
    owner=None,
    *,
    name=None,
    members=(),
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
    for member in members:
        organisation.members.append(
            Membership(user=member, role=MemberRole.MEMBER, status=MemberStatus.ACTIVE, accepted_at=utcnow())
        )
    db.session.add(organisation)
    db.session.commit()
    return organisation


def add_member(organisation, user, role=MemberRole.MEMBER, status=MemberStatus.ACTIVE) -> Membership:
    accepted_at = utcnow() if status == MemberStatus.ACTIVE else None
    membership = Membership(organisation=organisation, user=user, role=role, status=status, accepted_at=accepted_at)
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
