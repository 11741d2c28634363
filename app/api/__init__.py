"""``/api/v1``: the JSON API (``shared/API.md``), documented by OpenAPI generated from the
same marshmallow schemas that validate requests (flask-smorest)."""

from __future__ import annotations

from functools import wraps

from flask import Blueprint, current_app, render_template, request
from flask_login import current_user
from flask_smorest import Api
from flask_wtf.csrf import CSRFError, validate_csrf
from wtforms import ValidationError

from app.errors import PermissionDenied
from app.extensions import csrf
from app.permissions import public
from app.schemas import Int, Text
from app.security import authenticated_by_bearer


class CantiereApi(Api):
    """Errors are answered by ``app.errors`` in the shared ``{"error": {...}}`` format."""

    from app.api.schemas import ErrorSchema as ERROR_SCHEMA

    def _register_error_handlers(self):
        pass


api = CantiereApi()

#: API modules append their flask-smorest blueprints here (see ``init_api``).
RESOURCES: list = []

docs_bp = Blueprint("api_docs", __name__)


@docs_bp.route("/api/v1/docs")
@public
def docs():
    """Browsable API docs (vendored Swagger UI, no CDN, no inline script)."""
    return render_template("api/docs.html")


def _csrf_for_sessions():
    """Browsers using their session cookie must send ``X-CSRFToken`` on writes; Bearer
    clients are exempt (a token cannot be ridden by another site)."""
    if request.method in ("GET", "HEAD", "OPTIONS") or not current_app.config["WTF_CSRF_ENABLED"]:
        return None
    if authenticated_by_bearer() or not current_user.is_authenticated:
        return None
    try:
        validate_csrf(request.headers.get("X-CSRFToken") or request.headers.get("X-CSRF-Token"))
    except (ValidationError, CSRFError) as error:
        raise PermissionDenied(str(error)) from None
    return None


def _bounds(converter, field, ret, **kwargs) -> dict:
    """OpenAPI bounds of the fields of ``app.schemas`` (they check their limits in code, not
    with marshmallow validators, so apispec would not see them): a client generated from the
    document sends what the server accepts."""
    if isinstance(field, Int):
        return {"minimum": field.min_value, "maximum": field.max_value}
    if isinstance(field, Text):
        bounds = {"maxLength": field.max_length}
        if field.min_length:
            bounds["minLength"] = field.min_length
        return bounds
    return {}


def _plain_function(view):
    @wraps(view)
    def wrapper(*args, **kwargs):
        return view(*args, **kwargs)

    return wrapper


def init_api(app) -> None:
    from app.api import (  # noqa: F401  (each appends its blueprint)
        applications,
        applications_submit,
        areas,
        auth,
        call_agreements,
        call_participation,
        calls,
        calls_annexes,
        cities,
        evaluations,
        ideas,
        lineage,
        me,
        my_lineage,
        needs,
        network,
        notifications,
        organizations,
        participation,
        practices,
        project_reports,
        project_tranches,
        projects,
        rankings,
        spaces,
        stats,
        users,
        workshops,
    )

    api.init_app(app)
    api.ma_plugin.converter.add_attribute_function(_bounds)
    for blp in RESOURCES:
        csrf.exempt(blp)
        blp.before_request(_csrf_for_sessions)
        api.register_blueprint(blp, url_prefix="/api/v1" + (blp.url_prefix or ""))
    app.register_blueprint(docs_bp)
    # flask-smorest's own view (the OpenAPI document) is public like the docs page.
    for endpoint, view in list(app.view_functions.items()):
        if endpoint.startswith("api-docs."):
            app.view_functions[endpoint] = public(_plain_function(view))
