"""Who may do what on an idea (idea progettuale).

- everyone reads a visible idea; a hidden one (moderated) only its author, staff of its
  city and admins (``can_view``);
- the author edits it (``can_edit``); admins too, for fixes;
- staff and facilitators of the idea's city move it through its stages
  (``can_change_stage``);
- the author, staff and facilitators of the city see who volunteered, with skills and
  availability (``can_see_volunteers``); others see only how many.

Every function accepts an anonymous user (``current_user``) and answers ``False``.
"""

from __future__ import annotations

from app.models import Idea, Role


def signed_in(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False) and getattr(user, "id", None) is not None


def is_city_staff(user, city_id: int) -> bool:
    return signed_in(user) and (user.is_admin or user.has_role(Role.STAFF, city_id))


def can_moderate(user, idea: Idea) -> bool:
    """Staff of the idea's city and admins: they also see hidden ideas."""
    return is_city_staff(user, idea.city_id)


def can_view(user, idea: Idea) -> bool:
    if not idea.hidden:
        return True
    return signed_in(user) and (idea.author_id == user.id or can_moderate(user, idea))


def can_edit(user, idea: Idea) -> bool:
    return signed_in(user) and (idea.author_id == user.id or user.is_admin)


def can_change_stage(user, idea: Idea) -> bool:
    return signed_in(user) and (
        user.is_admin or user.has_role(Role.STAFF, idea.city_id) or user.has_role(Role.FACILITATOR, idea.city_id)
    )


def can_see_volunteers(user, idea: Idea) -> bool:
    return signed_in(user) and (idea.author_id == user.id or can_change_stage(user, idea))
