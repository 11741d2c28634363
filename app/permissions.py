"""Who may do what: route decorators that enforce *and declare* a policy, and socket guards.

Every view carries ``view.policy`` (set by one of the decorators below), which the
permission-matrix test reads: a route without a declared policy fails the suite.

Policies:
- ``public``: anyone, signed in or not.
- ``login``: any signed-in person (object-level checks, e.g. ``need.can_edit(user)``, are
  then made in the view with ``require()``).
- ``anonymous``: only people not signed in (sign-in, sign-up); others are redirected.
- ``object:<rule>``: signed in, then checked on the object in the view (author, member…).
- ``role:<role>[,<role>]``: a role; per-city roles are checked against the city named by
  the view argument ``city`` (a slug) when there is one, else any city. Admins pass.
"""

from __future__ import annotations

from functools import wraps

from flask import abort, redirect, request, url_for
from flask_login import current_user

from app.errors import PermissionDenied, Unauthenticated
from app.models import City, Role


def _declare(view, policy: str):
    view.policy = policy
    return view


def public(view):
    """Anyone may call it."""
    return _declare(view, "public")


def anonymous_only(view):
    @wraps(view)
    def wrapper(*args, **kwargs):
        if current_user.is_authenticated:
            return redirect(url_for("main.home"))
        return view(*args, **kwargs)

    return _declare(wrapper, "anonymous")


def _unauthenticated():
    if request.path.startswith("/api/"):
        raise Unauthenticated()
    from app.extensions import login

    return login.unauthorized()


def login_required(view):
    """A signed-in person; anonymous browsers go to sign-in, API clients get 401."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        if not current_user.is_authenticated:
            return _unauthenticated()
        return view(*args, **kwargs)

    return _declare(wrapper, "login")


def object_permission(description: str):
    """A signed-in person, further checked in the view on the object itself
    (``require(obj.can_<verb>(current_user))``); ``description`` names the rule."""

    def decorator(view):
        wrapped = login_required(view)
        return _declare(wrapped, f"object:{description}")

    return decorator


def user_has_any_role(user, roles, city_slug: str | None = None) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_admin:
        return True
    city_id = None
    if city_slug is not None:
        import sqlalchemy as sa

        from app.extensions import db

        city_id = db.session.scalar(sa.select(City.id).where(City.slug == city_slug))
        if city_id is None:
            abort(404)
    return any(user.has_role(role, city_id) for role in roles)


def roles_required(*roles: Role, city_arg: str = "city"):
    """A person holding one of ``roles`` (per-city roles for the city in ``city_arg``)."""

    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            if not current_user.is_authenticated:
                return _unauthenticated()
            if not user_has_any_role(current_user, roles, kwargs.get(city_arg)):
                raise PermissionDenied()
            return view(*args, **kwargs)

        return _declare(wrapper, "role:" + ",".join(r.value for r in roles))

    return decorator


def require(allowed: bool) -> None:
    """Object-level check inside a view: ``require(need.can_edit(current_user))``."""
    if not allowed:
        if not current_user.is_authenticated:
            raise Unauthenticated()
        raise PermissionDenied()
