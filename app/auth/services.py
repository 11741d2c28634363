"""Accounts: sign-up, sign-in (rate-limited), password reset, profile, API tokens, roles."""

from __future__ import annotations

from collections.abc import Mapping

import sqlalchemy as sa
from flask import current_app, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from limits import parse

from app import audit, jobs, mailer
from app.auth.schemas import (
    AccountDeletionInput,
    NewPasswordInput,
    PasswordChangeInput,
    ProfileInput,
    ResetRequestInput,
    SignInInput,
    SignupSchema,
    TokenInput,
)
from app.errors import InvalidInput, NotFound, PermissionDenied, RateLimited
from app.extensions import db, limiter
from app.models import ApiToken, City, Role, RoleGrant, User
from app.models.base import utcnow
from app.models.user import hash_token
from app.schemas import load


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def register_user(data: Mapping, *, locale: str | None = None) -> User:
    """Create a resident account from ``SignupSchema``'s fields (form, API or CLI); the
    privacy terms version accepted is stored. Raises ``InvalidInput``; nothing is stored then."""
    if isinstance(data, Mapping) and isinstance(data.get("email"), str):
        data = {**data, "email": normalise_email(data["email"])}
    values = load(SignupSchema, data)
    fields: dict[str, list[str]] = {}
    if db.session.scalar(sa.select(User.id).where(User.email == values["email"])):
        fields["email"] = [_("An account with this email already exists.")]
    city = None
    if values["city"]:
        city = db.session.scalar(sa.select(City).where(City.slug == values["city"]))
        if city is None:
            fields["city"] = [_("Unknown city.")]
    if fields:
        raise InvalidInput(fields)
    user = User(
        email=values["email"],
        name=values["name"],
        city=city,
        locale=locale if locale in current_app.config["LANGUAGES"] else None,
        privacy_version=current_app.config["PRIVACY_TERMS_VERSION"],
        privacy_accepted_at=utcnow(),
    )
    user.set_password(values["password"])
    db.session.add(user)
    db.session.commit()
    return user


# --- sign-in with failure limits ---------------------------------------------------------


def _failure_keys(email: str) -> list[tuple]:
    config = current_app.config
    ip = request.remote_addr if request else "cli"
    return [
        (parse(config["RATELIMIT_LOGIN_PER_ACCOUNT"]), "login-fail-account", email),
        (parse(config["RATELIMIT_LOGIN_PER_IP"]), "login-fail-ip", ip or "?"),
    ]


def authenticate(email: str, password: str) -> User:
    """The user for these credentials; raises RateLimited after too many failures
    (per account and per IP address), InvalidInput for wrong credentials."""
    given = load(SignInInput, {"email": normalise_email(email), "password": password or ""})
    email, password = given["email"], given["password"]
    strategy = limiter.limiter if current_app.config["RATELIMIT_ENABLED"] else None
    keys = _failure_keys(email)
    if strategy is not None:
        for item, *key in keys:
            if not strategy.test(item, *key):
                raise RateLimited()
    user = db.session.scalar(sa.select(User).where(User.email == email)) if email else None
    if user is None or not user.is_active or not user.check_password(password):
        if strategy is not None:
            for item, *key in keys:
                strategy.hit(item, *key)
        raise InvalidInput({"password": [_("Wrong email or password.")]})
    return user


# --- password reset -----------------------------------------------------------------------


def _reset_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="password-reset")


def request_password_reset(email: str) -> None:
    """Mail a reset link if the account exists; says nothing either way (no enumeration).

    The request only queues the job, whatever the address, so neither its answer nor its
    time tells whether an account exists: the job looks the account up and mails it."""
    email = load(ResetRequestInput, {"email": normalise_email(email)})["email"]
    jobs.enqueue(mail_password_reset, email, jobs.request_base_url())


@jobs.job()
def mail_password_reset(email: str, base_url: str | None) -> None:
    """The job: the reset link, to an active account with this address (none otherwise)."""
    user = db.session.scalar(sa.select(User).where(User.email == email)) if email else None
    if user is None or not user.is_active:
        return
    with jobs.site_context(base_url):
        token = _reset_serializer().dumps({"uid": user.id, "nonce": user.auth_nonce})
        link = url_for("auth.reset_password", token=token, _external=True)
        message = mailer.render(
            _l("Reset your Cantiere password"), "password_reset", locale=user.locale, user=user, link=link
        )
    mailer.deliver_now(user.email, *message)


def user_for_reset_token(token: str) -> User | None:
    try:
        data = _reset_serializer().loads(token, max_age=current_app.config["PASSWORD_RESET_MAX_AGE"])
    except (BadSignature, SignatureExpired):
        return None
    if not isinstance(data, dict):
        return None
    user = db.session.get(User, data.get("uid") or 0)
    if user is None or user.auth_nonce != data.get("nonce") or not user.is_active:
        return None  # already used: the nonce rotates with the password
    return user


def reset_password(token: str, password: str) -> User:
    user = user_for_reset_token(token)
    if user is None:
        raise InvalidInput({"token": [_("This link is invalid or has expired.")]})
    password = load(NewPasswordInput, {"password": password or ""})["password"]
    user.set_password(password)
    audit.record(user, "user.password_reset", user)
    db.session.commit()
    return user


def change_password(user: User, current: str, new: str) -> None:
    given = load(PasswordChangeInput, {"current_password": current or "", "new_password": new or ""})
    if not user.check_password(given["current_password"]):
        raise InvalidInput({"current_password": [_("This is not your current password.")]})
    user.set_password(given["new_password"])
    db.session.commit()


# --- profile ------------------------------------------------------------------------------


def update_profile(user: User, *, name: str, city: City | None, locale: str | None, email_frequency: str) -> User:
    """The person's name, city, language and mail preference (:class:`ProfileInput`)."""
    given = load(ProfileInput, {"name": name or "", "locale": locale or "", "email_frequency": email_frequency})
    user.name = given["name"]
    user.city = city
    user.locale = given["locale"] or None
    user.email_frequency = given["email_frequency"]
    db.session.commit()
    return user


def set_language(user: User | None, locale: str) -> None:
    """Remember the chosen language on the account (the session keeps it for visitors)."""
    if locale not in current_app.config["LANGUAGES"]:
        raise InvalidInput({"locale": [_("Unknown language.")]})
    if user is not None and user.is_authenticated and user.locale != locale:
        user.locale = locale
        db.session.commit()


# --- personal API tokens -----------------------------------------------------------------


def create_token(user: User, name: str) -> tuple[ApiToken, str]:
    """A new token; the secret is returned once and only its hash is stored."""
    name = load(TokenInput, {"name": name or ""})["name"] or _("API token")
    secret = ApiToken.new_secret()
    token = ApiToken(user=user, name=name, token_hash=hash_token(secret), prefix=secret[:10])
    db.session.add(token)
    db.session.commit()
    return token, secret


def revoke_token(user: User, token_id: int) -> ApiToken:
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id:
        raise NotFound()
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        db.session.commit()
    return token


def user_for_token(secret: str) -> User | None:
    if not secret or len(secret) > 200:
        return None
    token = db.session.scalar(sa.select(ApiToken).where(ApiToken.token_hash == hash_token(secret)))
    if token is None or token.revoked_at is not None or not token.user.is_active:
        return None
    return token.user


# --- roles --------------------------------------------------------------------------------


def grant_role(actor: User, user: User, role: Role, city: City | None, department: str = "") -> RoleGrant:
    """Admins grant any role; per-city roles need a city, global roles none. Staff may be
    granted for one department (settore) of the city; granting again changes it. Audited."""
    if not actor.is_admin:
        raise PermissionDenied()
    if role.per_city and city is None:
        raise InvalidInput({"city": [_("This role is given for a city: choose one.")]})
    if not role.per_city:
        city = None
    department = " ".join((department or "").split())
    if len(department) > 120:
        raise InvalidInput({"department": [_("At most 120 characters.")]})
    if department and role is not Role.STAFF:
        raise InvalidInput({"department": [_("Only city staff belong to a department.")]})
    grant = db.session.scalar(
        sa.select(RoleGrant).where(
            RoleGrant.user_id == user.id,
            RoleGrant.role == role,
            RoleGrant.city_id.is_(None) if city is None else RoleGrant.city_id == city.id,
        )
    )
    if grant is not None and grant.department == department:
        return grant
    if grant is None:
        grant = RoleGrant(user=user, role=role, city=city, granted_by_id=actor.id)
        db.session.add(grant)
    grant.department = department
    audit.record(actor, "role.grant", user, city=city, role=role.value, department=department)
    db.session.commit()
    return grant


def revoke_role(actor: User, grant_id: int) -> None:
    if not actor.is_admin:
        raise PermissionDenied()
    grant = db.session.get(RoleGrant, grant_id)
    if grant is None:
        raise NotFound()
    if grant.user_id == actor.id and grant.role is Role.ADMIN:
        raise InvalidInput({"role": [_("You cannot remove your own admin role.")]})
    audit.record(actor, "role.revoke", grant.user, city=grant.city_id, role=grant.role.value)
    db.session.delete(grant)
    db.session.commit()


# --- privacy: export and deletion ---------------------------------------------------------

#: Features add ``fn(user) -> (section_name, data)`` here so the export covers them.
EXPORTERS: list = []


def export_user_data(user: User) -> dict:
    """Everything Cantiere holds about a person, as plain JSON-able data (GDPR art. 15/20)."""
    data = {
        "account": {
            "id": user.id,
            "email": user.email,
            "name": user.name,
            "city": user.city.slug if user.city else None,
            "locale": user.locale,
            "email_frequency": user.email_frequency.value,
            "privacy_version": user.privacy_version,
            "privacy_accepted_at": user.privacy_accepted_at.isoformat(),
            "created_at": user.created_at.isoformat(),
        },
        "roles": [{"role": g.role.value, "city": g.city.slug if g.city else None} for g in user.roles],
        "api_tokens": [
            {"name": t.name, "prefix": t.prefix, "created_at": t.created_at.isoformat(), "revoked": not t.active}
            for t in db.session.scalars(sa.select(ApiToken).where(ApiToken.user_id == user.id))
        ],
    }
    for exporter in EXPORTERS:
        section, value = exporter(user)
        data[section] = value
    return data


def delete_account(user: User, password: str) -> None:
    """Erase the person; their contributions stay, shown as from a removed account."""
    password = load(AccountDeletionInput, {"password": password or ""})["password"]
    if not user.check_password(password):
        raise InvalidInput({"password": [_("This is not your current password.")]})
    user.email = f"deleted-{user.id}@invalid.cantiere"
    user.name = "—"  # shown translated by User.display_name
    user.deleted_at = utcnow()
    user.active = False
    user.set_password(ApiToken.new_secret())
    for token in db.session.scalars(sa.select(ApiToken).where(ApiToken.user_id == user.id)):
        token.revoked_at = token.revoked_at or utcnow()
    user.roles.clear()
    audit.record(user, "user.deleted", user)
    db.session.commit()
