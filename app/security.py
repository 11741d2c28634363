"""Security headers (strict CSP), and how a request finds its user: session or Bearer token."""

from __future__ import annotations

from flask import g, request
from flask_babel import gettext as _

from app.extensions import db, login, talisman


def csp(app) -> dict:
    img = ["'self'", "data:", "blob:", *app.config["CSP_EXTRA_IMG_SRC"]]
    return {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self'",
        "img-src": " ".join(img),
        "font-src": "'self' data:",
        "connect-src": "'self' ws: wss:",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }


def _has_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


def reject_nul_bytes():
    """No text in Cantiere holds a NUL character (PostgreSQL refuses it): answer 400 early."""
    from flask import abort

    if _has_nul(request.path) or any(_has_nul(v) for v in request.args.values()):
        abort(400)
    if request.method in ("POST", "PUT", "PATCH", "DELETE"):
        if request.is_json:
            if _has_nul(request.get_json(silent=True)):
                abort(400)
        elif any(_has_nul(v) for v in request.form.values()):
            abort(400)
    return None


def init_app(app) -> None:
    app.before_request(reject_nul_bytes)
    app.before_request(bearer_user)
    talisman.init_app(
        app,
        force_https=app.config["FORCE_HTTPS"],
        strict_transport_security=app.config["SESSION_COOKIE_SECURE"],
        session_cookie_secure=app.config["SESSION_COOKIE_SECURE"],
        session_cookie_http_only=True,
        content_security_policy=csp(app),
        frame_options="DENY",
        referrer_policy="strict-origin-when-cross-origin",
        permissions_policy={"geolocation": "(self)", "camera": "()", "microphone": "()"},
    )


@login.user_loader
def load_user(user_id: str):
    from app.models import User

    try:
        uid, nonce = user_id.split(":", 1)
        user = db.session.get(User, int(uid))
    except (ValueError, TypeError):
        return None
    if user is None or user.auth_nonce != nonce or not user.is_active:
        return None
    return user


def _bearer_secret() -> str | None:
    """The token of an ``Authorization: Bearer …`` header on an API request, else None."""
    if not request.path.startswith("/api/"):
        return None
    header = request.headers.get("Authorization", "")
    if not header[:7].lower() == "bearer ":
        return None
    return header[7:].strip()


def bearer_user():
    """API clients: ``Authorization: Bearer <personal token>``, only under /api/. A request
    that carries one is that token's user and nobody else: the session cookie is not read for
    it (so a bearer request is not a browser's, and needs no CSRF token), and a token that is
    unknown, revoked or its owner's account closed is 401, never the session's user."""
    secret = _bearer_secret()
    if secret is None:
        return None
    from app.auth.services import user_for_token
    from app.errors import Unauthenticated

    user = user_for_token(secret)
    if user is None:
        raise Unauthenticated(_("This API token is not valid."))
    # Flask-Login reads the request's user from g._login_user before it looks at the session.
    g._login_user = user
    g.bearer_auth = True
    return None


def authenticated_by_bearer() -> bool:
    """Whether this request's user comes from a valid Bearer token (see :func:`bearer_user`)."""
    return bool(g.get("bearer_auth"))
