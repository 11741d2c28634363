"""Members of organisations: the only place that writes them.

Owners invite people by email, promote, demote and remove members; the invited person
accepts or declines; an organisation always keeps at least one owner.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from app import mailer
from app.errors import InvalidInput, NotFound, PermissionDenied
from app.extensions import db
from app.models import MemberRole, Membership, MemberStatus, Organisation, User
from app.models.base import utcnow
from app.notifications.services import notify
from app.organisations import links, queries
from app.organisations.schemas import MemberInvitation, MemberRoleChange
from app.organisations.services import notify_owners, owner_ids
from app.schemas import load


def invite_member(actor: User, organisation: Organisation, data: dict) -> Membership:
    """An owner invites a person by email (``data``:
    :class:`~app.organisations.schemas.MemberInvitation`). A person with an account is
    notified (live, and by mail as their preference says); any other address receives a
    mail with the link."""
    if not organisation.can_manage_members(actor):
        raise PermissionDenied()
    clean = load(MemberInvitation, data)
    email, member_role = clean["email"], clean["role"]
    invitee = db.session.scalar(sa.select(User).where(User.email == email, User.deleted_at.is_(None)))
    for membership in organisation.members:
        if membership.status is MemberStatus.INVITED and membership.invited_email == email:
            raise InvalidInput({"email": [_("This address has already been invited.")]})
        if invitee is not None and membership.user_id == invitee.id:
            raise InvalidInput({"email": [_("This person is already a member.")]})
    membership = Membership(
        organisation=organisation, invited_email=email, role=member_role, status=MemberStatus.INVITED
    )
    db.session.add(membership)
    try:
        db.session.flush()
    except IntegrityError:  # the same address invited at the same moment
        db.session.rollback()
        raise InvalidInput({"email": [_("This address has already been invited.")]}) from None
    if invitee is not None:
        # People with an account are notified (live, and mailed as their preference says).
        notify(invitee, "organisation.member_invited", links.invitations_path(), organisation=organisation.name)
    db.session.commit()
    if invitee is None:
        _mail(
            email,
            None,
            _l("Invitation to join %(organisation)s on Cantiere"),
            _l(
                "%(name)s invites you to join %(organisation)s on Cantiere, the platform of social innovation "
                "of %(city)s. Sign up with this address, then accept the invitation here:"
            ),
            links.absolute(links.invitations_path()),
            name=actor.name,
            organisation=organisation.name,
            city=organisation.city.name,
        )
    return membership


def _mail(to: str, locale: str | None, subject, text, link: str, **params) -> None:
    """A short mail in the recipient's language (texts from this feature's catalog)."""
    locale = locale or current_app.config["BABEL_DEFAULT_LOCALE"]
    with force_locale(locale):
        subject_text = str(subject) % params
        body = str(text) % params
    mailer.send(to, subject_text, "organisation_message", locale=locale, text=body, link=link)


def _own_invitation(actor: User, membership: Membership) -> None:
    if not membership.can_answer(actor):
        raise PermissionDenied(_("This invitation is not addressed to you."))


def accept_membership(actor: User, membership: Membership) -> Membership:
    """The invited person accepts and becomes an active member; owners are told."""
    _own_invitation(actor, membership)
    organisation = membership.organisation
    existing = organisation.membership_of(actor)
    if existing is not None:
        db.session.delete(membership)
        db.session.commit()
        return existing
    membership.user_id = actor.id
    membership.status = MemberStatus.ACTIVE
    membership.accepted_at = utcnow()
    notify_owners(
        organisation,
        actor,
        "organisation.member_joined",
        links.members_path(organisation),
        name=actor.name,
        organisation=organisation.name,
    )
    db.session.commit()
    return membership


def decline_membership(actor: User, membership: Membership) -> None:
    _own_invitation(actor, membership)
    db.session.delete(membership)
    db.session.commit()


def _lock(organisation: Organisation) -> None:
    """Serialise changes to one organisation's owners (row lock on PostgreSQL)."""
    db.session.execute(sa.select(Organisation.id).where(Organisation.id == organisation.id).with_for_update())


def _active_owner_count(organisation: Organisation) -> int:
    return len(owner_ids(organisation))


def _is_active_owner(membership: Membership) -> bool:
    return membership.status is MemberStatus.ACTIVE and membership.role is MemberRole.OWNER


LAST_OWNER = _l("An organisation always keeps at least one owner: make another member owner first.")


def change_member_role(actor: User, membership: Membership, data: dict) -> Membership:
    """Owners promote members to owners and back (``data``:
    :class:`~app.organisations.schemas.MemberRoleChange`); the last owner cannot be demoted."""
    organisation = membership.organisation
    if not organisation.can_manage_members(actor):
        raise PermissionDenied()
    new_role = load(MemberRoleChange, data)["role"]
    if new_role is membership.role:
        return membership
    _lock(organisation)
    if _is_active_owner(membership) and _active_owner_count(organisation) <= 1:
        raise InvalidInput({"role": [str(LAST_OWNER)]})
    membership.role = new_role
    db.session.commit()
    return membership


def remove_member(actor: User, membership: Membership) -> None:
    """Owners remove members or cancel invitations; a member may leave. The last owner
    stays (the organisation would be left without anyone to answer for it)."""
    organisation = membership.organisation
    if not membership.can_remove(actor):
        raise PermissionDenied()
    _lock(organisation)
    if _is_active_owner(membership) and _active_owner_count(organisation) <= 1:
        raise InvalidInput({"member": [str(LAST_OWNER)]})
    organisation.members.remove(membership)
    db.session.commit()


def get_membership(organisation: Organisation, membership_id: int) -> Membership:
    membership = queries.get(Membership, membership_id)
    if membership is None or membership.organisation_id != organisation.id:
        raise NotFound()
    return membership
