"""Personal notifications: stored, pushed live to the person's open pages, and mailed
according to their preference (immediately, daily digest, never).

Other features call :func:`notify` inside their own transaction; the push (and mail) leave
only once that transaction commits.

Mail "immediately": :func:`notify` puts the notification's id on the database session
(``session.info``); a ``Session.after_commit`` listener queues one job for those mails once
the change is committed (``app/jobs.py``: the request never waits for the mail server), and
the job marks each one ``emailed_at`` only when the mail backend took it. So a rolled-back
change sends nothing (``after_rollback`` drops the ids), a mail failure never loses the
notification (it is committed before any mail is tried), and a mail that failed is sent
later by the daily digest (see ``app/notifications/mail.py``).
"""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa
from flask import current_app, has_request_context
from flask_babel import force_locale
from sqlalchemy import event
from sqlalchemy.orm import Session

from app import jobs, realtime
from app.errors import NotFound
from app.extensions import db
from app.models import EmailFrequency, Notification, User
from app.models.base import utcnow
from app.notifications import mail

_MAIL_PENDING = "notification_mail_pending"


def notify(user: User | int, kind: str, url: str, **params) -> Notification | None:
    """Tell ``user`` about something; ``kind`` names a message in ``app/notifications/messages.py``.

    The live push carries the text in the person's own language (their account's, else
    the current one)."""
    person = user if isinstance(user, User) else db.session.get(User, user)
    if person is None or not person.is_active:
        return None
    notification = _new(person, kind, url, params)
    db.session.flush()
    _deliver(notification, person)
    return notification


def notify_many(users: Iterable[User | int], kind: str, url: str, *, exclude: Iterable[int] = (), **params) -> int:
    """Notify each person once (people in ``exclude`` — usually the actor — are skipped).

    One query loads everyone and one flush stores every notification, so telling the
    thousand supporters of a need costs two round trips, not two thousand."""
    skip = set(exclude)
    ids: list[int] = []
    seen: set[int] = set()
    for user in users:
        user_id = user if isinstance(user, int) else user.id
        if user_id not in skip and user_id not in seen:
            seen.add(user_id)
            ids.append(user_id)
    if not ids:
        return 0
    people = {p.id: p for p in db.session.scalars(sa.select(User).where(User.id.in_(ids))) if p.is_active}
    made = [(_new(people[i], kind, url, params), people[i]) for i in ids if i in people]
    db.session.flush()
    for notification, person in made:
        _deliver(notification, person)
    return len(made)


def _new(person: User, kind: str, url: str, params: dict) -> Notification:
    notification = Notification(user_id=person.id, kind=kind, params=dict(params), url=url)
    db.session.add(notification)
    return notification


def _deliver(notification: Notification, person: User) -> None:
    """The live push (after commit) and, for "immediately" people, the mail."""
    realtime.push_to_user(person.id, "notification", payload(notification, person))
    if person.email_frequency is EmailFrequency.IMMEDIATELY:
        _queue_immediate_mail(notification)


def text_of(notification: Notification, user: User | None = None) -> str:
    """The notification's text in ``user``'s language (or the current one)."""
    from app.notifications.messages import render

    locale = getattr(user, "locale", None)
    if locale not in current_app.config["LANGUAGES"]:
        # Their browser's language when this runs in a request; Italian outside one (CLI).
        locale = None if has_request_context() else current_app.config["BABEL_DEFAULT_LOCALE"]
    if locale:
        with force_locale(locale):
            return render(notification)
    return render(notification)


def payload(notification: Notification, user: User | None = None) -> dict:
    """The ``notification`` push of shared/REALTIME.md: ``{id, kind, text, url, created_at}``."""
    return {
        "id": notification.id,
        "kind": notification.kind,
        "text": text_of(notification, user),
        "url": notification.url,
        "created_at": notification.created_at.isoformat(),
    }


# --- immediate mail, after commit --------------------------------------------------------


def _queue_immediate_mail(notification: Notification) -> None:
    """Mail for people whose preference is "immediately", once the transaction commits."""
    session = db.session()
    session.info.setdefault(_MAIL_PENDING, []).append(notification.id)


@event.listens_for(Session, "after_commit")
def _mail_after_commit(session: Session) -> None:
    ids = session.info.pop(_MAIL_PENDING, None)
    if ids:  # the change is committed; a queue that cannot be reached is only logged
        jobs.enqueue(mail.mail_notifications, ids, jobs.request_base_url())


@event.listens_for(Session, "after_rollback")
@event.listens_for(Session, "after_soft_rollback")
def _drop_mail(session: Session, *args) -> None:
    session.info.pop(_MAIL_PENDING, None)


# --- reading ------------------------------------------------------------------------------


def unread_count(user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
    )


def notifications_select(user, *, unread_only: bool = False, unread_first: bool = False):
    """The person's notifications, newest first (or unread ones first)."""
    query = sa.select(Notification).where(Notification.user_id == user.id)
    if unread_only:
        query = query.where(Notification.read_at.is_(None))
    order = [Notification.created_at.desc(), Notification.id.desc()]
    if unread_first:
        order.insert(0, sa.case((Notification.read_at.is_(None), 0), else_=1))
    return query.order_by(*order)


def mark_read(user, notification_id: int) -> Notification:
    """Mark one of the person's notifications read (another person's is not found)."""
    notification = db.session.get(Notification, notification_id)
    if notification is None or notification.user_id != user.id:
        raise NotFound()
    if notification.read_at is None:
        notification.read_at = utcnow()
        db.session.commit()
    return notification


def mark_many_read(user, ids: Iterable[int]) -> int:
    """Mark the person's notifications among ``ids`` read; others' ids are ignored."""
    ids = [i for i in ids if isinstance(i, int)]
    if not ids:
        return 0
    result = db.session.execute(
        sa.update(Notification)
        .where(Notification.user_id == user.id, Notification.id.in_(ids), Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
    db.session.commit()
    return result.rowcount or 0


def mark_all_read(user) -> int:
    result = db.session.execute(
        sa.update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
    db.session.commit()
    return result.rowcount or 0


def mark_read_request(user, *, ids: list[int] | None, everything: bool) -> int:
    """``POST /api/v1/notifications/read``: some ids, or all; neither is invalid."""
    if everything:
        return mark_all_read(user)
    if not ids:
        from flask_babel import gettext as _

        from app.errors import InvalidInput

        raise InvalidInput({"ids": [_("Give the notifications to mark read, or all: true.")]})
    return mark_many_read(user, ids)
