"""Organisations: the only place that writes their profile and verification.

Routes and API endpoints call one function each; every function checks the domain rules,
writes, commits, and only then notifies (``notify()`` and mail leave after the commit).
Members are in :mod:`app.organisations.members`, partnerships in
:mod:`app.organisations.partnerships`.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import sqlalchemy as sa
from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from app import audit
from app.errors import InvalidInput, PermissionDenied
from app.extensions import db
from app.models import (
    Area,
    City,
    LegalForm,
    MemberRole,
    Membership,
    MemberStatus,
    Organisation,
    User,
)
from app.models.base import utcnow
from app.notifications.services import notify_many
from app.organisations import labels, links, taxcode
from app.text import plain, render_markdown

NAME_MAX = 200
DESCRIPTION_MAX = 5000
_RUNTS = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ./\-]{0,39}$")
_PHONE = re.compile(r"^\+?[0-9 ()./\-]{5,40}$")
_URL_FORBIDDEN = set("<>\"'` \t\r\n\\{}|^")


# --- validation ----------------------------------------------------------------------------


def normalise_email(value: str | None) -> str:
    return (value or "").strip().lower()


def valid_email(value: str) -> bool:
    if len(value) > 254:
        return False
    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError:
        return False
    return True


def _legal_form(value) -> LegalForm | None:
    if isinstance(value, LegalForm):
        return value
    try:
        return LegalForm(value)
    except ValueError:
        return None


def _website(value: str, fields: dict) -> str:
    value = plain(value)
    if not value:
        return ""
    parts = urlsplit(value)
    if (
        len(value) > 300
        or parts.scheme.lower() not in ("http", "https")
        or not parts.netloc
        or any(char in _URL_FORBIDDEN for char in value)
    ):
        fields["website"] = [_("Enter a web address starting with http:// or https:// (at most 300 characters).")]
    return value


def _clean_profile(city: City | None, data: dict, organisation: Organisation | None = None) -> dict:
    """Validated, normalised profile values; raises InvalidInput with every field's message."""
    fields: dict[str, list[str]] = {}
    clean: dict = {}
    if city is None:
        fields["city"] = [_("Choose a city.")]
    name = plain(data.get("name"))
    if not 2 <= len(name) <= NAME_MAX:
        fields["name"] = [_("Enter a name of 2 to %(n)d characters.", n=NAME_MAX)]
    clean["name"] = name
    form = _legal_form(data.get("legal_form"))
    if form is None:
        fields["legal_form"] = [_("Choose a legal form from the list.")]
    clean["legal_form"] = form
    code, error = taxcode.validate(data.get("tax_code"))
    if error:
        fields["tax_code"] = [error]
    elif city is not None:
        taken = sa.select(Organisation.id).where(Organisation.city_id == city.id, Organisation.tax_code == code)
        if organisation is not None:
            taken = taken.where(Organisation.id != organisation.id)
        if db.session.scalar(taken):
            fields["tax_code"] = [
                _("An organisation with this tax code is already registered in %(city)s.", city=city.name)
            ]
    clean["tax_code"] = code
    runts = plain(data.get("runts_number"))
    if runts and not _RUNTS.match(runts):
        fields["runts_number"] = [
            _("Enter the RUNTS number as in the register: letters, digits, spaces, / . - (at most 40 characters).")
        ]
    clean["runts_number"] = runts or None
    description = (data.get("description") or "").replace("\x00", "").strip()
    if len(description) > DESCRIPTION_MAX:
        fields["description"] = [_("Write at most %(n)d characters.", n=DESCRIPTION_MAX)]
    clean["description"] = description
    clean["website"] = _website(data.get("website") or "", fields)
    email = normalise_email(data.get("email"))
    if email and not valid_email(email):
        fields["email"] = [_("Enter a valid email address.")]
    clean["email"] = email
    phone = plain(data.get("phone"))
    if phone and (not _PHONE.match(phone) or sum(c.isdigit() for c in phone) < 5):
        fields["phone"] = [_("Enter a phone number: digits, spaces and + ( ) - / . only.")]
    clean["phone"] = phone
    clean["areas"] = _areas(city, data.get("area_ids") or [], fields)
    slugs = list(dict.fromkeys(data.get("fields") or []))
    if any(not isinstance(slug, str) or slug not in labels.FIELDS for slug in slugs):
        fields["fields"] = [_("Choose fields of activity from the list.")]
    clean["fields"] = [slug for slug in labels.FIELDS if slug in slugs]
    if fields:
        raise InvalidInput(fields)
    return clean


def _areas(city: City | None, area_ids, fields: dict) -> list[Area]:
    try:
        ids = {int(a) for a in area_ids}
    except (TypeError, ValueError):
        fields["area_ids"] = [_("Choose target areas from the list.")]
        return []
    if not ids or city is None:
        return []
    areas = db.session.scalars(sa.select(Area).where(Area.id.in_(ids), Area.city_id == city.id)).all()
    if len(areas) != len(ids):
        fields["area_ids"] = [_("Choose target areas of %(city)s.", city=city.name)]
    return sorted(areas, key=lambda a: a.name)


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


def register_organisation(actor: User, *, city: City | None, **data) -> Organisation:
    """A signed-in person registers an organisation and becomes its first owner.

    It starts unverified; staff of the city verify it (:func:`verify_organisation`).
    """
    clean = _clean_profile(city, data)
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
        raise InvalidInput(
            {"tax_code": [_("An organisation with this tax code is already registered in %(city)s.", city=city.name)]}
        ) from None


def update_organisation(actor: User, organisation: Organisation, **data) -> Organisation:
    """Members keep the profile. Changing the legal form or tax code of a verified
    organisation takes the verification away until staff check it again."""
    if not organisation.can_edit(actor):
        raise PermissionDenied()
    clean = _clean_profile(organisation.city, data, organisation)
    identity_changed = (clean["legal_form"], clean["tax_code"]) != (organisation.legal_form, organisation.tax_code)
    _apply(organisation, clean)
    if organisation.verified and identity_changed:
        organisation.verified = False
        organisation.verified_at = None
        organisation.verified_by_id = None
        audit.record(actor, "organisation.verification_reset", organisation, reason="legal form or tax code changed")
    _commit_profile(organisation.city)
    return organisation


def verify_organisation(actor: User, organisation: Organisation, verified: bool = True) -> Organisation:
    """Staff of the organisation's city confirm (or revoke) that it is what it says (audited);
    the owners are notified of a verification."""
    if not organisation.can_verify(actor):
        raise PermissionDenied()
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
        notify_many(
            owner_ids(organisation),
            "organisation.verified",
            links.organisation_path(organisation),
            exclude=[actor.id],
            organisation=organisation.name,
        )
    db.session.commit()
    return organisation


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
