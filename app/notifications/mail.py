"""Notification mail: one message per notification for people who chose "immediately",
and the daily digest for people who chose "daily". Both are jobs of the queue
(``app/jobs.py``): :func:`mail_notifications`, queued after the commit that made the
notifications, and :func:`daily_digest`, a periodic job at ``DIGEST_HOUR:DIGEST_MINUTE``.

Texts are rendered in the reader's language (``force_locale(user.locale or "it")``) and
put into ``templates/mail/notification_*.txt``, which hold no words of their own. A
notification counts as mailed (``emailed_at``) only once the mail backend accepted it, so
nothing is lost when the mail server is down: the digest (also ``flask notifications
digest``) sends what is still unmailed (for "daily" people, and for "immediately" people
whose mail failed).
"""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from flask_mailman import EmailMessage
from sqlalchemy.orm import Session

from app import jobs
from app.extensions import db, mail
from app.ideas.links import absolute, path_for
from app.models import EmailFrequency, Notification, User
from app.models.base import utcnow
from app.notifications.messages import render

#: The digest lists at most this many notifications (all of them are marked mailed).
DIGEST_MAX_ITEMS = 50


def _locale(user: User) -> str:
    languages = current_app.config["LANGUAGES"]
    return user.locale if user.locale in languages else current_app.config["BABEL_DEFAULT_LOCALE"]


def _render(template: str, **context) -> str:
    """A plain-text mail template, without the request's context processors (mail is
    also rendered from the CLI and after a commit)."""
    return current_app.jinja_env.get_template(f"mail/{template}.txt").render(**context)


def _message(user: User, subject: str, body: str) -> EmailMessage:
    return EmailMessage(
        subject=subject, body=body, to=[user.email], from_email=current_app.config["MAIL_DEFAULT_SENDER"]
    )


def _footer() -> dict:
    return {
        "why": _("You receive this because you take part in Cantiere. Choose how often we write to you:"),
        "preferences_url": absolute(path_for("auth.profile")),
        "signature": _("The Cantiere team"),
    }


def immediate_message(notification: Notification, user: User) -> EmailMessage:
    with force_locale(_locale(user)):
        text = render(notification)
        body = _render(
            "notification_immediate",
            greeting=_("Hello %(name)s,", name=user.name),
            text=text,
            open_label=_("Open it on Cantiere:"),
            link=absolute(notification.url),
            **_footer(),
        )
        subject = _("Cantiere: %(text)s", text=_shorten(text, 110))
    return _message(user, subject, body)


def digest_message(user: User, notifications: list[Notification], more: int = 0) -> EmailMessage:
    with force_locale(_locale(user)):
        count = len(notifications) + more
        items = [{"text": render(n), "link": absolute(n.url)} for n in notifications]
        body = _render(
            "notification_digest",
            greeting=_("Hello %(name)s,", name=user.name),
            intro=ngettext(
                "here is what happened on Cantiere since our last message (%(num)d notification):",
                "here is what happened on Cantiere since our last message (%(num)d notifications):",
                count,
            ),
            items=items,
            more=ngettext("… and %(num)d more.", "… and %(num)d more.", more) if more else "",
            all_label=_("All your notifications:"),
            all_url=absolute(path_for("notifications.index")),
            **_footer(),
        )
        subject = ngettext("Cantiere: %(num)d new notification", "Cantiere: %(num)d new notifications", count)
    return _message(user, subject, body)


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _deliver(messages: list[tuple[list[int], EmailMessage]]) -> list[int]:
    """Send each message on one backend connection; the notification ids of the messages
    the backend accepted."""
    sent: list[int] = []
    if not messages:
        return sent
    connection = mail.get_connection(fail_silently=False)
    try:
        connection.open()
        for ids, message in messages:
            message.connection = connection
            try:
                message.send()
            except Exception:
                current_app.logger.exception("notification mail to %s failed", message.to)
            else:
                sent.extend(ids)
    finally:
        try:
            connection.close()
        except Exception:
            current_app.logger.exception("closing the mail connection failed")
    return sent


@jobs.job()
def mail_notifications(notification_ids: list[int], base_url: str | None = None) -> None:
    """The job queued after the commit (``services._mail_after_commit``); links are built
    on the address of the request that made the notifications."""
    with jobs.site_context(base_url):
        send_immediate(notification_ids)


def send_immediate(notification_ids: list[int]) -> int:
    """Mail these just-committed notifications to people who want mail immediately.

    Runs with its own session (in immediate mode the request's session is between
    transactions, after its commit). Returns how many were mailed."""
    with Session(db.engine, expire_on_commit=False) as session:
        rows = session.execute(
            sa.select(Notification, User)
            .join(User, User.id == Notification.user_id)
            .where(
                Notification.id.in_(notification_ids),
                Notification.emailed_at.is_(None),
                User.email_frequency == EmailFrequency.IMMEDIATELY,
                User.active.is_(True),
                User.deleted_at.is_(None),
            )
            .order_by(Notification.id)
        ).all()
        sent = _deliver([([n.id], immediate_message(n, u)) for n, u in rows])
        if sent:
            session.execute(sa.update(Notification).where(Notification.id.in_(sent)).values(emailed_at=utcnow()))
            session.commit()
        return len(sent)


def send_digests(*, now: datetime | None = None, grace_minutes: int = 30) -> dict:
    """The daily digest: every "daily" person with unmailed notifications gets one mail
    listing the unread ones; all of them are then marked mailed (read ones too: they were
    seen). "Immediately" people whose mail failed more than ``grace_minutes`` ago get
    theirs the same way. Idempotent: a second run finds nothing to send."""
    now = now or utcnow()
    catch_up_before = now - timedelta(minutes=grace_minutes)
    due = sa.or_(
        User.email_frequency == EmailFrequency.DAILY,
        sa.and_(User.email_frequency == EmailFrequency.IMMEDIATELY, Notification.created_at < catch_up_before),
    )
    people = db.session.scalars(
        sa.select(User.id)
        .join(Notification, Notification.user_id == User.id)
        .where(Notification.emailed_at.is_(None), User.active.is_(True), User.deleted_at.is_(None), due)
        .group_by(User.id)
        .order_by(User.id)
    ).all()
    stats = {"people": 0, "mails": 0, "notifications": 0, "failed": 0}
    for user_id in people:
        user = db.session.get(User, user_id)
        query = sa.select(Notification).where(Notification.user_id == user.id, Notification.emailed_at.is_(None))
        if user.email_frequency is EmailFrequency.IMMEDIATELY:
            query = query.where(Notification.created_at < catch_up_before)
        pending = db.session.scalars(query.order_by(Notification.created_at, Notification.id)).all()
        unread = [n for n in pending if n.read_at is None]
        ids = [n.id for n in pending]
        stats["people"] += 1
        if unread:
            shown = unread[-DIGEST_MAX_ITEMS:]
            delivered = _deliver([(ids, digest_message(user, shown, more=len(unread) - len(shown)))])
            if not delivered:
                stats["failed"] += 1
                db.session.rollback()
                continue
            stats["mails"] += 1
        db.session.execute(sa.update(Notification).where(Notification.id.in_(ids)).values(emailed_at=now))
        db.session.commit()
        stats["notifications"] += len(ids)
    return stats


@jobs.periodic_job(jobs.daily_at_configured_time)
def daily_digest() -> None:
    """The periodic job: :func:`send_digests` once a day (no cron line needed)."""
    stats = send_digests()
    current_app.logger.info("digest: %s", stats)
