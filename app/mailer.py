"""Outgoing mail, through Flask-Mailman's configured backend (file, console, SMTP, locmem)."""

from __future__ import annotations

from flask import current_app, render_template
from flask_babel import force_locale
from flask_mailman import EmailMessage


def send(to: str, subject: str, template: str, locale: str | None = None, **context) -> None:
    """Render ``templates/mail/<template>.txt`` in the recipient's language and send it."""
    with force_locale(locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        body = render_template(f"mail/{template}.txt", **context)
        subject = str(subject)
    message = EmailMessage(subject=subject, body=body, to=[to], from_email=current_app.config["MAIL_DEFAULT_SENDER"])
    try:
        message.send()
    except Exception:  # mail failing must not lose the change that triggered it
        current_app.logger.exception("mail to %s failed", to)
