"""The signed-in person's notifications: list (newest or unread first) and mark read."""

from __future__ import annotations

import marshmallow as ma
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import fields

from app.api import RESOURCES
from app.api.schemas import PageArgsSchema, StrictSchema, answers, page_schema, paginate
from app.ideas.links import absolute
from app.notifications import services
from app.permissions import login_required
from app.schemas import Ids

blp = Blueprint("api_notifications", __name__, url_prefix="/notifications", description="Your notifications")
RESOURCES.append(blp)


class NotificationSchema(ma.Schema):
    id = fields.Integer()
    kind = fields.String(metadata={"example": "idea.stage"})
    text = fields.Function(lambda n: services.text_of(n), metadata={"description": "in your language"})
    url = fields.Function(lambda n: absolute(n.url), metadata={"description": "the page it is about"})
    created_at = fields.DateTime()
    read_at = fields.DateTime(allow_none=True)
    read = fields.Function(lambda n: n.read_at is not None)


NotificationPage = page_schema(NotificationSchema, "NotificationPage")


class NotificationArgsSchema(PageArgsSchema):
    unread = fields.Boolean(load_default=False, metadata={"description": "only unread ones"})
    order = fields.String(
        load_default="unread_first",
        validate=ma.validate.OneOf(["unread_first", "newest"]),
        metadata={"description": "unread first (then newest), or newest first"},
    )


class ReadRequestSchema(StrictSchema):
    ids = Ids(max_items=500, load_default=None)
    all = fields.Boolean(load_default=False, metadata={"description": "mark every notification read"})


class ReadResultSchema(ma.Schema):
    updated = fields.Integer(required=True, metadata={"description": "notifications marked read now"})
    unread = fields.Integer(required=True, metadata={"description": "unread notifications left"})


@blp.route("", methods=["GET"])
@login_required
@answers(blp, NotificationPage, 401, query=NotificationArgsSchema, signed_in=True)
def list_notifications(args):
    """Your notifications: unread first, then newest (``unread=true``: only unread)."""
    query = services.notifications_select(
        current_user, unread_only=args["unread"], unread_first=args["order"] == "unread_first"
    )
    return paginate(query, args)


@blp.route("/read", methods=["POST"])
@login_required
@blp.arguments(ReadRequestSchema)
@answers(blp, ReadResultSchema, 401, 422, signed_in=True)
def mark_read(data):
    """Mark notifications read: ``{"ids": [1, 2]}`` or ``{"all": true}``."""
    updated = services.mark_read_request(current_user, ids=data["ids"], everything=data["all"])
    return {"updated": updated, "unread": services.unread_count(current_user)}
