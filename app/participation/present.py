"""Comments as plain data for the API and the live channel (``comment:created``).

A removed comment keeps its place in the thread without author or text; a hidden one is
shown in full only to whoever ``Comment.can_read`` (its author and the city's staff), to
everyone else as a stub (and only when other people's visible replies hang from it).
"""

from __future__ import annotations

from app.models import Anonymous, Comment
from app.participation import targets


def comment_dict(comment: Comment, *, target=None, viewer=None, replies=None) -> dict:
    """``{id, parent_id, author, body, body_html, created_at, edited_at, deleted, hidden,
    url[, replies]}`` as ``viewer`` may see it; times as ISO 8601 strings."""
    target = target if target is not None else targets.comment_target(comment)
    removed = comment.deleted_at is not None
    concealed = comment.hidden and not comment.can_read(viewer if viewer is not None else Anonymous())
    show = not removed and not concealed
    data = {
        "id": comment.id,
        "parent_id": comment.parent_id,
        "author": {"id": comment.author.id, "name": comment.author.display_name} if show else None,
        "body": comment.body if show else "",
        "body_html": comment.body_html if show else "",
        "created_at": comment.created_at.isoformat(),
        "edited_at": comment.edited_at.isoformat() if comment.edited_at and show else None,
        "deleted": removed,
        "hidden": bool(comment.hidden),
        "url": targets.page_url(target, anchor=f"comment-{comment.id}", external=True),
    }
    if replies is not None:
        data["replies"] = [comment_dict(r, target=target, viewer=viewer) for r in replies]
    return data
