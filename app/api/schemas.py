"""Shared API schemas: errors, pagination, and the objects of the foundation."""

from __future__ import annotations

import marshmallow as ma
from flask import current_app, url_for
from marshmallow import fields

from app.api.body import json_body
from app.schemas import Int


class StrictSchema(ma.Schema):
    """Request bodies: unknown fields are errors, not silently dropped."""

    class Meta:
        unknown = ma.RAISE


class ErrorDetailSchema(ma.Schema):
    code = fields.String(required=True, metadata={"example": "invalid"})
    message = fields.String(required=True)
    fields = fields.Dict(keys=fields.String(), values=fields.List(fields.String()))
    # What some conflicts carry (409): the steps a call may take now, the current object.
    allowed = ma.fields.List(ma.fields.String(), metadata={"description": "the legal next steps (an illegal step)"})
    current = ma.fields.Dict(metadata={"description": "the current version of what was changed meanwhile"})
    note = ma.fields.Dict(metadata={"description": "the board note as it is now (a stale change)"})
    group = ma.fields.Dict(metadata={"description": "the board group as it is now (a stale change)"})


#: The OpenAPI security of an endpoint for signed-in people: a personal token or the session.
SIGNED_IN = [{"bearerAuth": []}, {"cookieAuth": []}]


class ErrorSchema(ma.Schema):
    error = fields.Nested(ErrorDetailSchema, required=True)


class PageArgsSchema(ma.Schema):
    class Meta:
        unknown = ma.EXCLUDE

    page = Int(min=1, max=100000, load_default=1)
    per_page = Int(min=1, max=100, load_default=20)


def page_schema(item_schema: type[ma.Schema], name: str) -> type[ma.Schema]:
    """``{"items": [...], "total", "page", "per_page"}`` for ``item_schema``."""
    return type(
        name,
        (ma.Schema,),
        {
            "items": fields.List(fields.Nested(item_schema), required=True),
            "total": fields.Integer(required=True),
            "page": fields.Integer(required=True),
            "per_page": fields.Integer(required=True),
        },
    )


def paginate(select, args: dict) -> dict:
    from app.extensions import db

    page = db.paginate(
        select,
        page=args["page"],
        per_page=args["per_page"],
        max_per_page=current_app.config["API_MAX_PER_PAGE"],
        error_out=False,
    )
    return {"items": page.items, "total": page.total, "page": page.page, "per_page": page.per_page}


class CitySchema(ma.Schema):
    id = fields.Integer(dump_only=True)
    name = fields.String()
    slug = fields.String()
    region = fields.String()
    kind = fields.Function(lambda c: c.kind.value, metadata={"enum": ["metropolitan", "medium"]})
    center = fields.Function(lambda c: {"lat": c.lat, "lng": c.lng, "zoom": c.zoom})
    url = fields.Function(lambda c: url_for("main.city", city=c.slug, _external=True))


class RoleSchema(ma.Schema):
    role = fields.Function(lambda g: g.role.value)
    city = fields.Function(lambda g: g.city.slug if g.city else None)


class UserSchema(ma.Schema):
    id = fields.Integer()
    name = fields.String()
    email = fields.String()
    city = fields.Function(lambda u: u.city.slug if u.city else None)
    locale = fields.String(allow_none=True)
    email_frequency = fields.Function(lambda u: u.email_frequency.value)
    roles = fields.List(fields.Nested(RoleSchema))
    created_at = fields.DateTime()
    url = fields.Function(lambda u: url_for("auth.profile", _external=True))


class TokenSchema(ma.Schema):
    token = fields.String(required=True, metadata={"description": "shown once; send as Authorization: Bearer"})
    prefix = fields.String()
    name = fields.String()


def answers(blp, schema, *errors: int, status: int = 200, query=None, body=None, signed_in: bool = False):
    """What an endpoint takes and answers, for its OpenAPI document: ``schema`` with
    ``status``, and the error statuses it may answer, each with the API's one error body
    (``ErrorSchema``); ``query``, a schema of its query arguments, or ``body``, the input
    schema of its JSON body (``app.api.body.json_body``), passed to the view as its first
    argument; ``signed_in``: the endpoint wants a token or the session.

        @blp.route("/needs", methods=["GET"])
        @answers(blp, NeedPage, 422, query=NeedArgsSchema)
        @public
        def list_needs(args): ...

        @blp.route("/needs/<int:need_id>", methods=["PATCH"])
        @object_permission("its author, or staff of the city")
        @answers(blp, NeedSchema, 403, 404, 422, body=NeedPatchInput, signed_in=True)
        def update_need(data, need_id): ...
    """

    def decorator(view):
        if signed_in:
            view = blp.doc(security=SIGNED_IN)(view)
        for error in reversed(errors):
            view = blp.alt_response(error, schema=ErrorSchema)(view)
        view = blp.response(status, schema)(view)
        if query is not None:
            view = blp.arguments(query, location="query")(view)
        return view if body is None else json_body(blp, body)(view)

    return decorator
