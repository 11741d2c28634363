"""Request bodies: the API documents a feature's input schema and hands the raw JSON object
to the service, which loads that same schema (``app.schemas.load``). One validation, one
document: a client generated from the OpenAPI document sends what the service accepts."""

from __future__ import annotations

from functools import wraps

from flask import abort, request
from flask_babel import gettext as _

from app.errors import InvalidInput
from app.web import city_by_slug


def json_body(blp, schema, *, description: str | None = None):
    """``@json_body(blp, NeedInput)``: the view receives the JSON object (a ``dict``) as its
    first argument; a body that is not a JSON object answers 422 (400 when not JSON at all)."""

    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            data = request.get_json(silent=True)
            if data is None and request.get_data(cache=True):
                abort(400)
            if not isinstance(data, dict):
                raise InvalidInput(message=_("The request body must be a JSON object."))
            return view(data, *args, **kwargs)

        body = {"required": True, "content": {"application/json": {"schema": schema}}}
        if description:
            body["description"] = description
        return blp.doc(requestBody=body)(wrapper)

    return decorator


def city_from(slug, field: str = "city"):
    """The city named by a body or query field; unknown (or missing when given as ``None``)
    answers the same 422 on every endpoint: ``{"fields": {"city": ["Unknown city."]}}``."""
    city = city_by_slug(slug) if isinstance(slug, str) else None
    if city is None:
        raise InvalidInput({field: [_("Unknown city.")]})
    return city
