"""Supports and comments on needs and ideas (``shared/API.md``).

Paths are written in full (``/needs/{need_id}/support``) on a blueprint of its own, beside
the needs and ideas resources. Each endpoint calls one participation service.
"""

from __future__ import annotations

import marshmallow as ma
from flask import current_app
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import fields

from app.api import RESOURCES
from app.api.body import json_body
from app.api.schemas import SIGNED_IN, PageArgsSchema, answers
from app.extensions import db
from app.participation import queries, services, targets
from app.participation.present import comment_dict
from app.participation.schemas import CommentInput
from app.permissions import login_required, public

blp = Blueprint("api_participation", __name__, url_prefix="", description="Supports and comments on needs and ideas")
RESOURCES.append(blp)


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


# --- doors -------------------------------------------------------------------------------


def _viewer():
    return current_user._get_current_object()


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


def _comment(data: dict, kind: str, target_id: int) -> dict:
    viewer = current_user._get_current_object()
    target = targets.load(kind, target_id, viewer)
    comment = services.add_comment(viewer, target, data)
    db.session.refresh(comment)
    return comment_dict(comment, target=target, viewer=viewer, replies=[])


# --- the same four endpoints on needs and on ideas ----------------------------------------


def _doors(kind: str, label: str) -> None:
    """``/{kind}s/{id}/support`` (POST, DELETE) and ``/{kind}s/{id}/comments`` (GET, POST),
    with the endpoint names of shared/API.md (``support_need``, ``withdraw_need_support``,
    ``list_need_comments``, ``comment_need``…)."""
    arg = f"{kind}_id"
    base = f"/{kind}s/<int:{arg}>"

    def support(**ids):
        return _support(kind, ids[arg], True)

    def withdraw(**ids):
        return _support(kind, ids[arg], False)

    def list_comments(args, **ids):
        return _comments(kind, ids[arg], args)

    def comment(data, **ids):
        return _comment(data, kind, ids[arg])

    support.__doc__ = f"Support {label} (+1). Repeating it changes nothing; supporting also follows."
    withdraw.__doc__ = f"Withdraw your support of {label} (nothing happens when there was none)."
    list_comments.__doc__ = f"Comments on {label}, oldest first, each with its replies; paginated by top comment."
    comment.__doc__ = f"Comment on {label}, or reply with ``parent_id``."

    for view, method, name in ((support, "POST", f"support_{kind}"), (withdraw, "DELETE", f"withdraw_{kind}_support")):
        view = _apply(view, login_required, answers(blp, SupportStateSchema, 401, 404), blp.doc(security=SIGNED_IN))
        blp.route(f"{base}/support", methods=[method], endpoint=name)(view)
    listing = _apply(
        list_comments,
        public,
        answers(blp, CommentPageSchema, 404, query=PageArgsSchema),
    )
    blp.route(f"{base}/comments", methods=["GET"], endpoint=f"list_{kind}_comments")(listing)
    posting = _apply(
        comment,
        login_required,
        json_body(blp, CommentInput),
        answers(blp, ReplySchema, 422, 401, 404, status=201),
        blp.doc(security=SIGNED_IN),
    )
    blp.route(f"{base}/comments", methods=["POST"], endpoint=f"comment_{kind}")(posting)


def _apply(view, *decorators):
    """``_apply(view, a, b)`` is ``@a @b def view``: the first decorator is the outermost."""
    for decorator in reversed(decorators):
        view = decorator(view)
    return view


_doors("need", "a need")
_doors("idea", "an idea")
