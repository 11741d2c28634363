"""Who may do what on a workshop (laboratorio di co-progettazione).

- facilitators: the workshop's creator and its listed co-facilitators (``is_facilitator``);
- managers: facilitators, staff of the workshop's city and admins (``can_manage``): they
  edit the workshop, run its board (start, phases, lock, close), invite, check attendance,
  turn the board into ideas and approve the minutes;
- participants: people with a ``registered`` registration (``is_participant``);
- the live board is open to managers and participants (``can_join_board``, REALTIME.md);
- an invite-only workshop is visible only to managers and to the people invited or
  registered (``can_view``); a public one to everyone.

Every function accepts an anonymous user (``current_user``) and answers ``False``.
"""

from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from app.models import Role
from app.models.workshop import Registration, RegistrationStatus, Workshop, workshop_facilitator


def _signed_in(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False) and getattr(user, "id", None) is not None


def is_facilitator(user, workshop: Workshop) -> bool:
    """The creator or a listed co-facilitator of ``workshop``."""
    if not _signed_in(user):
        return False
    if workshop.created_by_id == user.id:
        return True
    return (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(workshop_facilitator)
            .where(workshop_facilitator.c.workshop_id == workshop.id, workshop_facilitator.c.user_id == user.id)
        )
        > 0
    )


def is_city_staff(user, workshop: Workshop) -> bool:
    """Staff of the workshop's city, or an admin."""
    return _signed_in(user) and (user.is_admin or user.has_role(Role.STAFF, workshop.city_id))


def can_manage(user, workshop: Workshop) -> bool:
    """Facilitators of the workshop, staff of its city and admins."""
    return is_city_staff(user, workshop) or is_facilitator(user, workshop)


def registration_of(user, workshop: Workshop) -> Registration | None:
    if not _signed_in(user):
        return None
    return db.session.scalar(
        sa.select(Registration).where(Registration.workshop_id == workshop.id, Registration.user_id == user.id)
    )


def is_participant(user, workshop: Workshop) -> bool:
    """A person with a confirmed place (``registered``; not waitlisted, invited or cancelled)."""
    reg = registration_of(user, workshop)
    return reg is not None and reg.status is RegistrationStatus.REGISTERED


def can_join_board(user, workshop: Workshop) -> bool:
    """Facilitators, staff of its city (and admins) and registered participants."""
    return can_manage(user, workshop) or is_participant(user, workshop)


def can_view(user, workshop: Workshop) -> bool:
    """Public workshops: everyone. Invite-only ones: managers and the people invited,
    registered or waitlisted (not those who cancelled before ever being invited)."""
    if workshop.public:
        return True
    if can_manage(user, workshop):
        return True
    reg = registration_of(user, workshop)
    return reg is not None


def can_create_in(user, city) -> bool:
    """Facilitators and staff of ``city`` (and admins) schedule workshops there."""
    if not _signed_in(user):
        return False
    city_id = getattr(city, "id", city)
    return user.is_admin or user.has_role(Role.STAFF, city_id) or user.has_role(Role.FACILITATOR, city_id)
