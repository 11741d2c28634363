"""Personal notifications: stored, pushed live to the person's open pages, and mailed
according to their preference (immediately, daily digest, never).

Other features call :func:`notify` inside their own transaction; the push (and mail) leave
only once that transaction commits.
"""

from __future__ import annotations

from collections.abc import Iterable

from app import realtime
from app.extensions import db
from app.models import Notification, User


def notify(user: User | int, kind: str, url: str, **params) -> Notification | None:
    """Tell ``user`` about something; ``kind`` names a message in ``app/notifications/messages.py``."""
    user_id = user if isinstance(user, int) else user.id
    notification = Notification(user_id=user_id, kind=kind, params=params, url=url)
    db.session.add(notification)
    db.session.flush()
    from app.notifications.messages import render

    realtime.push_to_user(
        user_id,
        "notification",
        {
            "id": notification.id,
            "kind": kind,
            "text": render(notification),
            "url": url,
            "created_at": notification.created_at.isoformat(),
        },
    )
    _queue_immediate_mail(notification)
    return notification


def notify_many(users: Iterable[User | int], kind: str, url: str, *, exclude: Iterable[int] = (), **params) -> int:
    """Notify each person once (people in ``exclude`` — usually the actor — are skipped)."""
    skip = set(exclude)
    seen: set[int] = set()
    for user in users:
        user_id = user if isinstance(user, int) else user.id
        if user_id in skip or user_id in seen:
            continue
        seen.add(user_id)
        notify(user_id, kind, url, **params)
    return len(seen)


def _queue_immediate_mail(notification: Notification) -> None:
    """Mail for people whose preference is "immediately" (see the notifications feature)."""
