"""Home, city pages, language switch, privacy notice and the health check."""

from __future__ import annotations

import sqlalchemy as sa
from flask import current_app, jsonify, redirect, render_template, session
from flask_login import current_user

from app.auth import services as auth_services
from app.errors import InvalidInput
from app.extensions import db
from app.main import bp
from app.models import City
from app.permissions import public
from app.web import safe_next

#: Features add ``fn(city) -> list[(label, url)]`` sections to the city page here.
CITY_SECTIONS: list = []
#: Features add ``(endpoint, label)`` to the main menu and ``(endpoint, label)`` to the
#: account menu here (labels lazily translated).
MAIN_NAV: list = []
ACCOUNT_MENU: list = []


@bp.route("/")
@public
def home():
    cities = db.session.scalars(sa.select(City).order_by(City.name)).all()
    return render_template("main/home.html", cities=cities)


@bp.route("/c/<city>")
@public
def city(city):
    city_obj = db.one_or_404(sa.select(City).where(City.slug == city))
    sections = [section for provider in CITY_SECTIONS for section in provider(city_obj)]
    return render_template("main/city.html", city=city_obj, sections=sections)


@bp.route("/lang/<code>")
@public
def set_language(code):
    try:
        auth_services.set_language(current_user if current_user.is_authenticated else None, code)
    except InvalidInput:
        return redirect(safe_next())
    session["lang"] = code
    return redirect(safe_next())


@bp.route("/privacy")
@public
def privacy():
    return render_template("main/privacy.html", version=current_app.config["PRIVACY_TERMS_VERSION"])


@bp.route("/healthz")
@public
def healthz():
    """Database (and Redis when configured) status, for load balancers and monitoring."""
    checks = {}
    try:
        db.session.execute(sa.text("SELECT 1"))
        checks["database"] = {"ok": True, "backend": db.engine.dialect.name}
    except Exception as error:  # report, never raise
        checks["database"] = {"ok": False, "error": type(error).__name__}
    redis_url = current_app.config["REDIS_URL"]
    if redis_url:
        try:
            import redis

            redis.Redis.from_url(redis_url, socket_timeout=2).ping()
            checks["redis"] = {"ok": True}
        except Exception as error:
            checks["redis"] = {"ok": False, "error": type(error).__name__}
    healthy = all(c["ok"] for c in checks.values())
    return jsonify({"status": "ok" if healthy else "degraded", "checks": checks}), (200 if healthy else 503)


@bp.app_context_processor
def header_context():
    """The cities in the header's city menu (a handful of rows)."""
    from flask import request, url_for

    from app.models import Role

    blueprint = request.blueprints[0] if request.blueprints else None
    return {
        "header_cities": db.session.scalars(sa.select(City).order_by(City.name)).all(),
        "main_nav": [
            {"url": url_for(endpoint), "label": label, "active": endpoint.split(".")[0] == blueprint}
            for endpoint, label in MAIN_NAV
        ],
        "account_menu": [{"url": url_for(endpoint), "label": label} for endpoint, label in ACCOUNT_MENU],
        "Role": Role,
    }
