"""Supports, follows and comments on needs and ideas: the only place that writes them.

Routes, API endpoints and the demo call these. Each function checks the rules, writes the
row and the target's counter in one transaction, commits, and only then do the live
pushes (``counter:changed``, ``comment:created``) and notifications leave.
"""

from __future__ import annotations

from collections.abc import Mapping

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.attributes import set_committed_value

from app import realtime
from app.errors import InvalidInput, NotFound, PermissionDenied
from app.extensions import db
from app.models import Comment, Follow, Support
from app.models.base import utcnow
from app.notifications.services import notify
from app.participation import targets
from app.participation.present import comment_dict
from app.participation.schemas import CommentEditInput, CommentInput
from app.schemas import load
from app.text import render_markdown

# --- counters ----------------------------------------------------------------------------


def bump(target, column: str, delta: int) -> int:
    """Add ``delta`` to a counter of the target in the database (race-free) and return the
    new value; the in-memory object follows."""
    model = type(target)
    col = getattr(model, column)
    value = db.session.execute(
        sa.update(model).where(model.id == target.id).values({column: col + delta}).returning(col),
        execution_options={"synchronize_session": False},
    ).scalar_one()
    set_committed_value(target, column, value)
    return value


def push_comment_count(target, delta: int) -> None:
    """Change the count of visible comments and tell the target's open pages."""
    value = bump(target, "comment_count", delta)
    if not target.hidden:
        realtime.push_counter(targets.topic(target), "comments", value)


class _Race(Exception):
    """A concurrent request inserted the same unique row first."""


def _insert(row) -> None:
    db.session.add(row)
    try:
        db.session.flush()
    except IntegrityError:
        raise _Race() from None


def _once(fn):
    """Run a write; when a concurrent request won a unique-row race, roll back and run it
    again (it then finds the row and changes nothing twice)."""
    try:
        return fn()
    except _Race:
        db.session.rollback()
        return fn()


def _visible_target(actor, target):
    if not target.can_view(actor):
        raise NotFound()
    return target


# --- supports and follows ----------------------------------------------------------------


def support(actor, target) -> int:
    """``actor`` supports (+1) a need or idea, once; repeating changes nothing. Supporting
    also follows. Returns the support count."""
    _visible_target(actor, target)

    def write():
        exists = db.session.scalar(
            sa.select(Support.id).where(Support.user_id == actor.id, targets.where(Support, target))
        )
        if exists is None:
            _insert(Support(user_id=actor.id, **targets.fields(target)))
            value = bump(target, "support_count", +1)
            if not target.hidden:
                realtime.push_counter(targets.topic(target), "supports", value)
        _add_follow(actor, target)
        db.session.commit()

    _once(write)
    return target.support_count


def withdraw_support(actor, target) -> int:
    """``actor`` withdraws their support (nothing happens when there was none); they keep
    following. Returns the support count."""
    _visible_target(actor, target)
    deleted = db.session.execute(
        sa.delete(Support).where(Support.user_id == actor.id, targets.where(Support, target)),
        execution_options={"synchronize_session": False},
    ).rowcount
    if deleted:
        value = bump(target, "support_count", -deleted)
        if not target.hidden:
            realtime.push_counter(targets.topic(target), "supports", value)
    db.session.commit()
    return target.support_count


def _add_follow(actor, target) -> None:
    exists = db.session.scalar(sa.select(Follow.id).where(Follow.user_id == actor.id, targets.where(Follow, target)))
    if exists is None:
        _insert(Follow(user_id=actor.id, **targets.fields(target)))


def follow(actor, target) -> None:
    """``actor`` follows a need or idea: they are told of its answers and changes."""
    _visible_target(actor, target)

    def write():
        _add_follow(actor, target)
        db.session.commit()

    _once(write)


def unfollow(actor, target) -> None:
    """``actor`` stops following (their support, if any, stays)."""
    db.session.execute(
        sa.delete(Follow).where(Follow.user_id == actor.id, targets.where(Follow, target)),
        execution_options={"synchronize_session": False},
    )
    db.session.commit()


# --- comments ----------------------------------------------------------------------------


def _comment_input(body, parent_id=None) -> dict:
    """``body`` is the comment's text, or the whole input (the API's JSON object)."""
    data = dict(body) if isinstance(body, Mapping) else {"body": body, "parent_id": parent_id}
    return load(CommentInput, data)


def add_comment(actor, target, body, parent_id: int | None = None) -> Comment:
    """``actor`` comments on a need or idea, or replies to a comment (a reply to a reply
    attaches to the top comment): ``body`` is the text, or the input as
    :class:`~app.participation.schemas.CommentInput` reads it. The target's author and the
    authors of the comments replied to are notified; open pages receive ``comment:created``."""
    _visible_target(actor, target)
    data = _comment_input(body, parent_id)
    text, parent_id = data["body"], data["parent_id"]
    replied: list[Comment] = []
    top = None
    if parent_id is not None:
        parent = db.session.get(Comment, parent_id)
        if (
            parent is None
            or db.session.scalar(sa.select(Comment.id).where(Comment.id == parent.id, targets.where(Comment, target)))
            is None
        ):
            raise InvalidInput({"parent_id": [_("The comment you reply to is not on this page.")]})
        if parent.deleted_at is not None or parent.hidden:
            raise InvalidInput({"parent_id": [_("This comment can no longer be answered.")]})
        top = db.session.get(Comment, parent.parent_id) if parent.parent_id else parent
        replied = [parent, top] if top is not parent else [parent]
    comment = Comment(
        author_id=actor.id,
        parent_id=top.id if top else None,
        body=text,
        body_html=render_markdown(text),
        **targets.fields(target),
    )
    db.session.add(comment)
    db.session.flush()
    push_comment_count(target, +1)
    if not target.hidden:
        topic = targets.topic(target)
        realtime.emit_after_commit(
            "comment:created",
            {"topic": topic, "comment": comment_dict(comment, target=target)},
            realtime.topic_room(topic),
        )
    _notify_comment(actor, target, comment, replied)
    db.session.commit()
    return comment


def _notify_comment(actor, target, comment: Comment, replied: list[Comment]) -> None:
    url = targets.page_url(target, anchor=f"comment-{comment.id}")
    told = {actor.id}
    for earlier in replied:
        if earlier.author_id not in told:
            told.add(earlier.author_id)
            notify(earlier.author_id, "comment.reply", url, title=target.title, name=actor.display_name)
    if target.author_id not in told:
        notify(target.author_id, f"{targets.kind_of(target)}.comment", url, title=target.title, name=actor.display_name)


def edit_comment(actor, comment: Comment, body: str) -> Comment:
    """The author corrects their comment within the edit window; it shows "edited"."""
    if comment.deleted_at is not None:
        raise NotFound()
    if not comment.can_delete(actor):
        raise PermissionDenied()
    if not comment.can_edit(actor):
        raise PermissionDenied(_("The time to edit this comment is over."))
    text = load(CommentEditInput, {"body": body})["body"]
    comment.body = text
    comment.body_html = render_markdown(text)
    comment.edited_at = utcnow()
    db.session.commit()
    return comment


def delete_comment(actor, comment: Comment) -> Comment:
    """The author removes their comment: its text is erased and it shows as removed;
    replies stay. Removing twice changes nothing."""
    if not comment.can_delete(actor):
        raise PermissionDenied()
    if comment.deleted_at is not None:
        return comment
    comment.deleted_at = utcnow()
    comment.body = ""
    comment.body_html = ""
    if not comment.hidden:
        push_comment_count(targets.comment_target(comment), -1)
    db.session.commit()
    return comment
