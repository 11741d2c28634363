"""Organisations: the only place that writes their profile and verification.

Routes and API endpoints call one function each; every function checks the domain rules,
writes, commits, and only then notifies (``notify()`` and mail leave after the commit).
Members are in :mod:`app.organisations.members`, partnerships in
:mod:`app.organisations.partnerships`.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from app import audit
from app.api.body import city_from
from app.errors import InvalidInput, PermissionDenied
from app.extensions import db
from app.models import (
    Area,
    City,
    MemberRole,
    Membership,
    MemberStatus,
    Organisation,
    User,
)
from app.models.base import utcnow
from app.notifications.services import notify_many
from app.organisations import links
from app.organisations.schemas import OrganisationProfile, OrganisationRegistration, Verification
from app.schemas import load
from app.text import render_markdown

TAKEN = _l("An organisation with this tax code is already registered in %(city)s.")


def _check_profile(city: City, clean: dict, organisation: Organisation | None = None) -> dict:
    """The rules of a profile that need the database: the tax code is free in the city,
    the target areas are the city's. Adds the ``Area`` rows to ``clean``."""
    taken = sa.select(Organisation.id).where(
        Organisation.city_id == city.id, Organisation.tax_code == clean["tax_code"]
    )
    if organisation is not None:
        taken = taken.where(Organisation.id != organisation.id)
    fields: dict[str, list[str]] = {}
    if db.session.scalar(taken):
        fields["tax_code"] = [str(TAKEN % {"city": city.name})]
    ids = set(clean.pop("area_ids"))
    areas = db.session.scalars(sa.select(Area).where(Area.id.in_(ids), Area.city_id == city.id)).all() if ids else []
    if len(areas) != len(ids):
        fields["area_ids"] = [_("Choose target areas of %(city)s.", city=city.name)]
    if fields:
        raise InvalidInput(fields)
    clean["areas"] = sorted(areas, key=lambda a: a.name)
    return clean


def _apply(organisation: Organisation, clean: dict) -> None:
    organisation.name = clean["name"]
    organisation.legal_form = clean["legal_form"]
    organisation.tax_code = clean["tax_code"]
    organisation.runts_number = clean["runts_number"]
    organisation.description = clean["description"]
    organisation.description_html = render_markdown(clean["description"])
    organisation.website = clean["website"]
    organisation.email = clean["email"]
    organisation.phone = clean["phone"]
    organisation.areas = clean["areas"]
    organisation.fields = clean["fields"]


# --- organisations -------------------------------------------------------------------------


def register_organisation(actor: User, data: dict) -> Organisation:
    """A signed-in person registers an organisation (``data``:
    :class:`~app.organisations.schemas.OrganisationRegistration`) and becomes its first owner.

    It starts unverified; staff of the city verify it (:func:`verify_organisation`).
    """
    clean = load(OrganisationRegistration, data)
    city = city_from(clean.pop("city"))
    _check_profile(city, clean)
    organisation = Organisation(city=city, verified=False)
    _apply(organisation, clean)
    organisation.members.append(
        Membership(user_id=actor.id, role=MemberRole.OWNER, status=MemberStatus.ACTIVE, accepted_at=utcnow())
    )
    db.session.add(organisation)
    _commit_profile(city)
    return organisation


def _commit_profile(city: City) -> None:
    """Commit; two people registering the same tax code at once get the same message."""
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise InvalidInput({"tax_code": [str(TAKEN % {"city": city.name})]}) from None


def update_organisation(actor: User, organisation: Organisation, data: dict) -> Organisation:
    """Members keep the profile (``data``: :class:`~app.organisations.schemas.OrganisationProfile`).
    Changing the legal form or tax code of a verified organisation takes the verification
    away until staff check it again."""
    if not organisation.can_edit(actor):
        raise PermissionDenied()
    clean = _check_profile(organisation.city, load(OrganisationProfile, data), organisation)
    identity_changed = (clean["legal_form"], clean["tax_code"]) != (organisation.legal_form, organisation.tax_code)
    _apply(organisation, clean)
    if organisation.verified and identity_changed:
        organisation.verified = False
        organisation.verified_at = None
        organisation.verified_by_id = None
        audit.record(actor, "organisation.verification_reset", organisation, reason="legal form or tax code changed")
    _commit_profile(organisation.city)
    return organisation


def verify_organisation(actor: User, organisation: Organisation, data: dict | bool = True) -> Organisation:
    """Staff of the organisation's city confirm (or revoke) that it is what it says
    (``data``: :class:`~app.organisations.schemas.Verification`, or the answer); audited,
    and the owners are notified of a verification."""
    if not organisation.can_verify(actor):
        raise PermissionDenied()
    verified = load(Verification, data if isinstance(data, dict) else {"verified": data})["verified"]
    if organisation.verified == verified:
        return organisation
    organisation.verified = verified
    organisation.verified_at = utcnow() if verified else None
    organisation.verified_by_id = actor.id if verified else None
    audit.record(
        actor,
        "organisation.verify" if verified else "organisation.unverify",
        organisation,
        city=organisation.city_id,
        name=organisation.name,
        tax_code=organisation.tax_code,
    )
    if verified:
        notify_owners(
            organisation,
            actor,
            "organisation.verified",
            links.organisation_path(organisation),
            organisation=organisation.name,
        )
    db.session.commit()
    return organisation


def notify_owners(organisation: Organisation, actor, kind: str, url: str, /, **params) -> int:
    """Tell the active owners of ``organisation`` (but not ``actor``, who did it) ``kind``,
    linking ``url``; ``params`` fill the notification's text (``organisation=`` among them,
    hence the positional-only arguments)."""
    return notify_many(owner_ids(organisation), kind, url, exclude=[actor.id], **params)


def owner_ids(organisation: Organisation) -> list[int]:
    return list(
        db.session.scalars(
            sa.select(Membership.user_id).where(
                Membership.organisation_id == organisation.id,
                Membership.role == MemberRole.OWNER,
                Membership.status == MemberStatus.ACTIVE,
                Membership.user_id.is_not(None),
            )
        )
    )
