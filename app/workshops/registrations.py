"""Registrations: register and cancel (with the waitlist promoted in order), invitations
for invite-only workshops, attendance.

Safe under concurrent requests: every change of a workshop's places first locks the
workshop row (``SELECT … FOR UPDATE`` on PostgreSQL; on SQLite an UPDATE of the row takes
the database write lock, which serialises writers), then counts; so a workshop never has
more people registered than places.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _

from app import audit
from app.errors import Conflict, NotFound, PermissionDenied
from app.extensions import db
from app.models import User
from app.models.base import utcnow
from app.models.workshop import (
    Registration,
    RegistrationStatus,
    Workshop,
    WorkshopStatus,
)
from app.schemas import load
from app.workshops.common import (
    OPEN_FOR_REGISTRATION,
    count_status,
    lock_workshop,
    notify_about,
    refresh_counters,
)
from app.workshops.schemas import AttendanceInput, InvitationInput


def promote_waitlist(workshop: Workshop) -> list[Registration]:
    """Give free places to the waitlist in order (and tell each person promoted)."""
    promoted = []
    if workshop.status not in OPEN_FOR_REGISTRATION:
        return promoted
    free = workshop.capacity - count_status(workshop.id, RegistrationStatus.REGISTERED)
    if free <= 0:
        return promoted
    waiting = db.session.scalars(
        sa.select(Registration)
        .where(Registration.workshop_id == workshop.id, Registration.status == RegistrationStatus.WAITLISTED)
        .order_by(Registration.created_at, Registration.id)
        .limit(free)
    ).all()
    for registration in waiting:
        registration.status = RegistrationStatus.REGISTERED
        notify_about(registration.user_id, "workshop.promoted", workshop)
        promoted.append(registration)
    db.session.flush()
    return promoted


def register_for_workshop(actor, workshop: Workshop) -> Registration:
    """Take a place (or a place on the waitlist when the workshop is full). Idempotent: a
    person already registered or waitlisted keeps their place. Invite-only workshops accept
    only people who were invited (this is how an invitation is accepted)."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied()
    workshop = lock_workshop(workshop)
    registration = workshop.registration_of(actor)
    if not workshop.can_view(actor):
        raise NotFound()
    if workshop.status not in OPEN_FOR_REGISTRATION:
        raise Conflict(_("Registrations for this workshop are closed."))
    if registration is not None and registration.status in (
        RegistrationStatus.REGISTERED,
        RegistrationStatus.WAITLISTED,
    ):
        db.session.rollback()
        return registration
    full = count_status(workshop.id, RegistrationStatus.REGISTERED) >= workshop.capacity
    status = RegistrationStatus.WAITLISTED if full else RegistrationStatus.REGISTERED
    if registration is None:
        registration = Registration(workshop_id=workshop.id, user_id=actor.id, status=status)
        db.session.add(registration)
    else:  # invited, or back after cancelling: to the end of the waitlist
        registration.status = status
        registration.created_at = utcnow()
    db.session.flush()
    refresh_counters(workshop)
    db.session.commit()
    return registration


def cancel_registration(actor, workshop: Workshop) -> Registration | None:
    """Give up a place (or a place on the waitlist, or decline an invitation). The first
    people on the waitlist take the place freed and are told. Idempotent."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied()
    workshop = lock_workshop(workshop)
    registration = workshop.registration_of(actor)
    if registration is None:
        if not workshop.can_view(actor):
            raise NotFound()
        db.session.rollback()
        return None
    if registration.status is RegistrationStatus.CANCELLED:
        db.session.rollback()
        return registration
    if workshop.status is WorkshopStatus.CLOSED:
        raise Conflict(_("This workshop is over."))
    registration.status = RegistrationStatus.CANCELLED
    db.session.flush()
    promote_waitlist(workshop)
    refresh_counters(workshop)
    db.session.commit()
    return registration


def invite_users(workshop: Workshop, people) -> list[User]:
    """Invite ``people`` (active users) to ``workshop`` in the caller's transaction, each
    told once; people already registered, waitlisted or invited are left as they are.
    Returns those invited now."""
    invited = []
    for user in people:
        registration = workshop.registration_of(user)
        if registration is None:
            db.session.add(Registration(workshop_id=workshop.id, user_id=user.id, status=RegistrationStatus.INVITED))
        elif registration.status is RegistrationStatus.CANCELLED:
            registration.status = RegistrationStatus.INVITED
        else:
            continue
        notify_about(user.id, "workshop.invited", workshop)
        invited.append(user)
    return invited


def invite_people(actor, workshop: Workshop, emails) -> tuple[list[User], list[str]]:
    """Invite people with an account (by email) to a workshop; returns (invited, unknown
    emails). People already registered, waitlisted or invited are left as they are."""
    if not workshop.can_manage(actor):
        raise PermissionDenied()
    if workshop.status not in OPEN_FOR_REGISTRATION:
        raise Conflict(_("Registrations for this workshop are closed."))
    emails = load(InvitationInput, {"emails": emails})["emails"]
    workshop = lock_workshop(workshop)
    people, unknown = [], []
    for email in emails:
        user = db.session.scalar(sa.select(User).where(sa.func.lower(User.email) == email))
        if user is None or not user.is_active:
            unknown.append(email)
        else:
            people.append(user)
    invited = invite_users(workshop, people)
    if invited:
        audit.record(actor, "workshop.invite", workshop, people=[u.id for u in invited])
    db.session.commit()
    return invited, unknown


def record_attendance(actor, workshop: Workshop, present_user_ids) -> int:
    """The facilitator checks who came: registered people in ``present_user_ids`` attended,
    the other registered people did not. Returns how many attended."""
    if not workshop.can_manage(actor):
        raise PermissionDenied()
    if workshop.status is WorkshopStatus.CANCELLED:
        raise Conflict(_("This workshop was cancelled."))
    present = set(load(AttendanceInput, {"present": present_user_ids or []})["present"])
    registrations = db.session.scalars(
        sa.select(Registration).where(
            Registration.workshop_id == workshop.id, Registration.status == RegistrationStatus.REGISTERED
        )
    ).all()
    for registration in registrations:
        registration.attended = registration.user_id in present
    count = sum(1 for r in registrations if r.attended)
    audit.record(actor, "workshop.attendance", workshop, attended=count)
    db.session.commit()
    return count
