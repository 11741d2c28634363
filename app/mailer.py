"""Outgoing mail, through Flask-Mailman's configured backend (file, console, SMTP, locmem).

:func:`send` renders the message where it is asked for (the template may need the
request) and leaves the sending to the job queue, so a slow mail server never slows a
request (``app/jobs.py``)."""

from __future__ import annotations

from flask import current_app, render_template
from flask_babel import force_locale
from flask_mailman import EmailMessage

from app import jobs


def render(subject: str, template: str, locale: str | None = None, **context) -> tuple[str, str]:
    """The subject and body of ``templates/mail/<template>.txt`` in the recipient's language."""
    with force_locale(locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        return str(subject), render_template(f"mail/{template}.txt", **context)


def send(to: str, subject: str, template: str, locale: str | None = None, **context) -> None:
    """Render the message here and queue its sending."""
    jobs.enqueue(deliver, to, *render(subject, template, locale, **context))


def deliver_now(to: str, subject: str, body: str) -> bool:
    """Send one rendered message; a failure is logged (the change that asked for the mail
    is kept). True when the backend took it."""
    message = EmailMessage(subject=subject, body=body, to=[to], from_email=current_app.config["MAIL_DEFAULT_SENDER"])
    try:
        message.send()
    except Exception:
        current_app.logger.exception("mail to %s failed", to)
        return False
    return True


@jobs.job()
def deliver(to: str, subject: str, body: str) -> None:
    """The job: send a message :func:`send` rendered."""
    deliver_now(to, subject, body)
