"""Domain errors raised by services, and the answers every door gives for them.

A service raises one of these; a route turns it into a flash message or an error page, the
API into ``{"error": {"code", "message", "fields"}}`` and a socket handler into an error
acknowledgement (``shared/REALTIME.md``).
"""

from __future__ import annotations

from typing import Any

from flask import jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException


class DomainError(Exception):
    """A rule of the domain said no. A subclass declares its answer in its class line:
    ``class NotFound(DomainError, code="not_found", status=404, message=_l("Not found."))``."""

    code = "invalid"
    status = 400
    default_message = _l("The request could not be carried out.")

    def __init_subclass__(cls, code: str | None = None, status: int | None = None, message=None, **kwargs: Any):
        super().__init_subclass__(**kwargs)
        cls.code = code or cls.code
        cls.status = status or cls.status
        cls.default_message = message or cls.default_message

    def __init__(self, message: str | None = None, **extra: Any):
        super().__init__(message or str(self.default_message))
        self.message = message or str(self.default_message)
        self.extra = extra

    def payload(self) -> dict:
        error = {"code": self.code, "message": self.message}
        error.update(self.extra)
        return error


class InvalidInput(DomainError, code="invalid", status=422, message=_l("Some fields are not valid.")):
    """The input breaks the limits of its schema; ``fields`` says which and why."""

    def __init__(self, fields: dict[str, list[str] | str] | None = None, message: str | None = None):
        fields = {k: ([v] if isinstance(v, str) else list(v)) for k, v in (fields or {}).items()}
        super().__init__(message, fields=fields)
        self.fields = fields


class PermissionDenied(DomainError, code="forbidden", status=403, message=_l("You are not allowed to do this.")):
    """Signed in, but not allowed."""


class Unauthenticated(DomainError, code="unauthenticated", status=401, message=_l("Please sign in first.")):
    """Allowed only to people signed in."""


class NotFound(DomainError, code="not_found", status=404, message=_l("Not found.")):
    """No such object, or one the person may not see."""


class Conflict(
    DomainError, code="conflict", status=409, message=_l("This was changed meanwhile; here is the current version.")
):
    """A change on a stale version, or a duplicate; carries the current object when known."""


class Locked(DomainError, code="locked", status=409, message=_l("This is locked right now.")):
    """The object is read-only right now (a board not yet open, over, or locked)."""


class BudgetExhausted(DomainError, code="budget_exhausted", status=409, message=_l("You have no dot votes left.")):
    """No dot votes left for this person on this workshop's board."""


class RateLimited(
    DomainError, code="rate_limited", status=429, message=_l("Too many attempts. Please wait a minute and try again.")
):
    """Too many attempts in too short a time."""


HTTP_CODES = {
    400: "bad_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid",
    429: "rate_limited",
    500: "server_error",
}

HTTP_MESSAGES = {
    400: _l("The request is malformed."),
    401: _l("Please sign in first."),
    403: _l("You are not allowed to do this."),
    404: _l("The page or object you asked for does not exist."),
    405: _l("This method is not allowed here."),
    413: _l("The request is too large."),
    422: _l("Some fields are not valid."),
    429: _l("Too many requests. Please wait a minute and try again."),
    500: _l("Something went wrong on our side. The error has been logged."),
}


def wants_json() -> bool:
    if request.path.startswith("/api/"):
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json" and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]


def error_response(status: int, code: str, message: str, fields: dict | None = None, headers=None):
    if wants_json():
        error: dict[str, Any] = {"code": code, "message": message}
        if fields:
            error["fields"] = fields
        response = jsonify({"error": error})
        response.status_code = status
    else:
        template = f"errors/{status}.html" if status in (403, 404, 429, 500) else "errors/error.html"
        response = render_template(template, status=status, message=message), status
        from flask import make_response

        response = make_response(response)
    if headers:
        for name, value in headers:
            response.headers[name] = value
    return response


def _http_error(error: HTTPException):
    status = error.code or 500
    data = getattr(error, "data", None) or {}
    fields = None
    message = str(HTTP_MESSAGES.get(status, error.description or error.name))
    if "messages" in data:  # webargs validation errors
        fields = _flatten_fields(data["messages"])
        if status == 400:  # the body is not JSON at all
            message = str(_l("The request body is not valid JSON."))
            fields = None
    elif data.get("message"):
        message = data["message"]
    elif error.description and error.description != type(error).description and status != 429:
        message = error.description  # a message given to abort()
    headers = [(k, v) for k, v in error.get_headers() if k.lower() not in {"content-type"}]
    return error_response(status, HTTP_CODES.get(status, "error"), message, fields, headers)


def _flatten_fields(messages: dict) -> dict[str, list[str]]:
    """webargs gives {location: {field: [msgs]}}; the API speaks {field: [msgs]}."""
    fields: dict[str, list[str]] = {}

    def walk(prefix: str, value):
        if isinstance(value, dict):
            for key, sub in value.items():
                walk(f"{prefix}.{key}" if prefix else str(key), sub)
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            fields.setdefault(prefix or "_schema", []).extend(value)
        else:
            fields.setdefault(prefix or "_schema", []).append(str(value))

    for location_messages in messages.values():
        walk("", location_messages)
    return fields


def _domain_error(error: DomainError):
    fields = getattr(error, "fields", None)
    extra = {k: v for k, v in error.extra.items() if k != "fields"}
    if wants_json():
        payload = {"error": {"code": error.code, "message": error.message, **extra}}
        if fields:
            payload["error"]["fields"] = fields
        response = jsonify(payload)
        response.status_code = error.status
        return response
    return error_response(error.status, error.code, error.message, fields)


def _unexpected(error: Exception):
    from flask import current_app

    from app.extensions import db

    db.session.rollback()
    current_app.logger.exception("Unhandled error on %s %s", request.method, request.path)
    return error_response(500, "server_error", str(HTTP_MESSAGES[500]))


def register_error_handlers(app) -> None:
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(DomainError, _domain_error)
    if not app.config.get("PROPAGATE_EXCEPTIONS_IN_TESTS"):
        app.register_error_handler(Exception, _unexpected)
