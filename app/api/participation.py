"""Supports and comments on needs and ideas (``shared/API.md``).

Paths are written in full (``/needs/{need_id}/support``) on a blueprint of its own, beside
the needs and ideas resources. Each endpoint calls one participation service.
"""

from __future__ import annotations

import marshmallow as ma
from flask import current_app
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import fields, validate

from app.api import RESOURCES
from app.api.schemas import ErrorSchema, PageArgsSchema, StrictSchema
from app.extensions import db
from app.participation import queries, services, targets
from app.participation.present import comment_dict
from app.permissions import login_required, public

blp = Blueprint("api_participation", __name__, url_prefix="", description="Supports and comments on needs and ideas")
RESOURCES.append(blp)

SIGNED_IN = [{"bearerAuth": []}, {"cookieAuth": []}]


class SupportStateSchema(ma.Schema):
    supported = fields.Boolean(required=True, metadata={"description": "whether you support it now"})
    support_count = fields.Integer(required=True, metadata={"description": "supports after this request"})
    following = fields.Boolean(required=True)
    url = fields.String(required=True, metadata={"description": "the page of the need or idea"})


class AuthorSchema(ma.Schema):
    id = fields.Integer()
    name = fields.String()


class _CommentFields(ma.Schema):
    id = fields.Integer(required=True)
    parent_id = fields.Integer(allow_none=True, metadata={"description": "the top comment of a reply"})
    author = fields.Nested(AuthorSchema, allow_none=True, metadata={"description": "null when removed or hidden"})
    body = fields.String(metadata={"description": "as written (limited Markdown); empty when removed or hidden"})
    body_html = fields.String(metadata={"description": "sanitised HTML rendering of body"})
    created_at = fields.String(metadata={"format": "date-time"})
    edited_at = fields.String(allow_none=True, metadata={"format": "date-time"})
    deleted = fields.Boolean(metadata={"description": "removed by its author"})
    hidden = fields.Boolean(metadata={"description": "hidden by moderation"})
    url = fields.String()


class ReplySchema(_CommentFields):
    pass


class CommentSchema(_CommentFields):
    replies = fields.List(fields.Nested(ReplySchema), metadata={"description": "one level of replies, oldest first"})


class CommentPageSchema(ma.Schema):
    items = fields.List(fields.Nested(CommentSchema), required=True)
    total = fields.Integer(required=True)
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)


class CommentCreateSchema(StrictSchema):
    body = fields.String(required=True, validate=validate.Length(min=1, max=services.COMMENT_MAX))
    parent_id = fields.Integer(
        load_default=None,
        allow_none=True,
        metadata={"description": "reply to this comment (a reply's reply attaches to its top comment)"},
    )


# --- doors -------------------------------------------------------------------------------


def _viewer():
    return current_user._get_current_object() if current_user.is_authenticated else None


def _state(target) -> dict:
    user = current_user._get_current_object()
    return {
        "supported": queries.supports(user, target),
        "support_count": target.support_count,
        "following": queries.follows(user, target),
        "url": targets.page_url(target, external=True),
    }


def _support(kind: str, target_id: int, on: bool) -> dict:
    target = targets.load(kind, target_id, _viewer())
    (services.support if on else services.withdraw_support)(current_user._get_current_object(), target)
    return _state(target)


def _comments(kind: str, target_id: int, args: dict) -> dict:
    viewer = _viewer()
    target = targets.load(kind, target_id, viewer)
    per_page = min(args["per_page"], current_app.config["API_MAX_PER_PAGE"])
    page, replies = queries.thread_page(target, viewer, page=args["page"], per_page=per_page)
    items = [comment_dict(c, target=target, viewer=viewer, replies=replies.get(c.id, [])) for c in page.items]
    return {"items": items, "total": page.total, "page": page.page, "per_page": page.per_page}


def _comment(kind: str, target_id: int, data: dict) -> dict:
    viewer = current_user._get_current_object()
    target = targets.load(kind, target_id, viewer)
    comment = services.add_comment(viewer, target, data["body"], data.get("parent_id"))
    db.session.refresh(comment)
    return comment_dict(comment, target=target, viewer=viewer, replies=[])


# --- needs -------------------------------------------------------------------------------


@blp.route("/needs/<int:need_id>/support", methods=["POST"])
@login_required
@blp.response(200, SupportStateSchema)
@blp.alt_response(401, schema=ErrorSchema)
@blp.alt_response(404, schema=ErrorSchema)
@blp.doc(security=SIGNED_IN)
def support_need(need_id):
    """Support a need (+1). Repeating it changes nothing; supporting also follows."""
    return _support("need", need_id, True)


@blp.route("/needs/<int:need_id>/support", methods=["DELETE"])
@login_required
@blp.response(200, SupportStateSchema)
@blp.alt_response(401, schema=ErrorSchema)
@blp.alt_response(404, schema=ErrorSchema)
@blp.doc(security=SIGNED_IN)
def withdraw_need_support(need_id):
    """Withdraw your support of a need (nothing happens when there was none)."""
    return _support("need", need_id, False)


@blp.route("/needs/<int:need_id>/comments", methods=["GET"])
@public
@blp.arguments(PageArgsSchema, location="query")
@blp.response(200, CommentPageSchema)
@blp.alt_response(404, schema=ErrorSchema)
def list_need_comments(args, need_id):
    """Comments on a need, oldest first, each with its replies; paginated by top comment."""
    return _comments("need", need_id, args)


@blp.route("/needs/<int:need_id>/comments", methods=["POST"])
@login_required
@blp.arguments(CommentCreateSchema)
@blp.response(201, ReplySchema)
@blp.alt_response(401, schema=ErrorSchema)
@blp.alt_response(404, schema=ErrorSchema)
@blp.alt_response(422, schema=ErrorSchema)
@blp.doc(security=SIGNED_IN)
def comment_need(data, need_id):
    """Comment on a need, or reply with ``parent_id``."""
    return _comment("need", need_id, data)


# --- ideas -------------------------------------------------------------------------------


@blp.route("/ideas/<int:idea_id>/support", methods=["POST"])
@login_required
@blp.response(200, SupportStateSchema)
@blp.alt_response(401, schema=ErrorSchema)
@blp.alt_response(404, schema=ErrorSchema)
@blp.doc(security=SIGNED_IN)
def support_idea(idea_id):
    """Support an idea (+1). Repeating it changes nothing; supporting also follows."""
    return _support("idea", idea_id, True)


@blp.route("/ideas/<int:idea_id>/support", methods=["DELETE"])
@login_required
@blp.response(200, SupportStateSchema)
@blp.alt_response(401, schema=ErrorSchema)
@blp.alt_response(404, schema=ErrorSchema)
@blp.doc(security=SIGNED_IN)
def withdraw_idea_support(idea_id):
    """Withdraw your support of an idea (nothing happens when there was none)."""
    return _support("idea", idea_id, False)


@blp.route("/ideas/<int:idea_id>/comments", methods=["GET"])
@public
@blp.arguments(PageArgsSchema, location="query")
@blp.response(200, CommentPageSchema)
@blp.alt_response(404, schema=ErrorSchema)
def list_idea_comments(args, idea_id):
    """Comments on an idea, oldest first, each with its replies; paginated by top comment."""
    return _comments("idea", idea_id, args)


@blp.route("/ideas/<int:idea_id>/comments", methods=["POST"])
@login_required
@blp.arguments(CommentCreateSchema)
@blp.response(201, ReplySchema)
@blp.alt_response(401, schema=ErrorSchema)
@blp.alt_response(404, schema=ErrorSchema)
@blp.alt_response(422, schema=ErrorSchema)
@blp.doc(security=SIGNED_IN)
def comment_idea(data, idea_id):
    """Comment on an idea, or reply with ``parent_id``."""
    return _comment("idea", idea_id, data)
