"""Reads for the participation panel and the API: threads of comments as a viewer may see
them, and whether the viewer supports or follows a target."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import aliased, selectinload

from app.extensions import db
from app.models import Comment, Follow, Support
from app.participation import targets


def _visible(model, viewer, moderator: bool):
    """Rows of ``model`` (Comment or an alias) the viewer may read in full or as a stub."""
    if moderator:
        return sa.true()
    if viewer is not None and viewer.is_authenticated:
        return sa.or_(model.hidden.is_(False), model.author_id == viewer.id)
    return model.hidden.is_(False)


def thread_select(target, viewer):
    """Top-level comments of a target, oldest first. A hidden one the viewer may not read
    stays only when visible replies hang from it (it is then shown as a stub)."""
    moderator = target.can_moderate(viewer)
    reply = aliased(Comment)
    has_visible_reply = (
        sa.select(reply.id).where(reply.parent_id == Comment.id, _visible(reply, viewer, moderator)).exists()
    )
    return (
        sa.select(Comment)
        .where(targets.where(Comment, target), Comment.parent_id.is_(None))
        .where(sa.or_(_visible(Comment, viewer, moderator), has_visible_reply))
        .order_by(Comment.created_at, Comment.id)
        .options(selectinload(Comment.author))
    )


def replies_for(top_ids: list[int], target, viewer) -> dict[int, list[Comment]]:
    """The replies the viewer may see, grouped by their top comment, oldest first."""
    if not top_ids:
        return {}
    moderator = target.can_moderate(viewer)
    rows = db.session.scalars(
        sa.select(Comment)
        .where(Comment.parent_id.in_(top_ids), _visible(Comment, viewer, moderator))
        .order_by(Comment.created_at, Comment.id)
        .options(selectinload(Comment.author))
    ).all()
    grouped: dict[int, list[Comment]] = {i: [] for i in top_ids}
    for row in rows:
        grouped[row.parent_id].append(row)
    return grouped


def thread_page(target, viewer, page: int = 1, per_page: int = 50):
    """A page of top-level comments and their replies: ``(pagination, replies)``."""
    pagination = db.paginate(thread_select(target, viewer), page=page, per_page=per_page, error_out=False)
    return pagination, replies_for([c.id for c in pagination.items], target, viewer)


def supports(viewer, target) -> bool:
    if viewer is None or not viewer.is_authenticated:
        return False
    return (
        db.session.scalar(sa.select(Support.id).where(Support.user_id == viewer.id, targets.where(Support, target)))
        is not None
    )


def follows(viewer, target) -> bool:
    if viewer is None or not viewer.is_authenticated:
        return False
    return (
        db.session.scalar(sa.select(Follow.id).where(Follow.user_id == viewer.id, targets.where(Follow, target)))
        is not None
    )


@dataclass
class Panel:
    """Everything ``participation/_panel.html`` shows about one need or idea."""

    kind: str
    target: object
    topic: str
    supporting: bool
    following: bool
    comments: object
    replies: dict[int, list[Comment]]
