"""Small helpers shared by the HTML views."""

from __future__ import annotations

from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import flash, request, url_for
from flask_wtf import FlaskForm

from app.errors import InvalidInput
from app.extensions import db
from app.models import City


class ConfirmForm(FlaskForm):
    """Only the CSRF token, for a button that POSTs (follow, withdraw, remove, cancel, delete,
    a checklist whose boxes are read from the request…)."""


def safe_next(default_endpoint: str = "main.home", **values) -> str:
    """The ``next`` target only when it is a local path (no scheme, no host, no //)."""
    target = request.values.get("next") or ""
    parts = urlsplit(target)
    if (
        target.startswith("/")
        and not target.startswith("//")
        and not parts.scheme
        and not parts.netloc
        and "\\" not in target
    ):
        return target
    return url_for(default_endpoint, **values)


def apply_errors(form, error: InvalidInput) -> None:
    """Show a service's field errors on the form; errors on unknown fields become a flash."""
    for name, messages in error.fields.items():
        field = getattr(form, name, None)
        if field is not None and hasattr(field, "errors"):
            field.errors = list(field.errors) + list(messages)
        else:
            for message in messages:
                flash(message, "danger")
    if not error.fields:
        flash(error.message, "danger")


def city_choices(blank_label: str | None = None) -> list[tuple[str, str]]:
    cities = db.session.scalars(sa.select(City).order_by(City.name)).all()
    choices = [(c.slug, c.name) for c in cities]
    if blank_label is not None:
        choices.insert(0, ("", blank_label))
    return choices


def city_by_slug(slug: str | None) -> City | None:
    if not slug:
        return None
    return db.session.scalar(sa.select(City).where(City.slug == slug))


class Submission:
    """What :func:`submit_form` did: ``done`` (the service succeeded, ``value`` is what it
    returned) or not, with the HTTP ``status`` to render the form with (200 when it was only
    shown, 422 when it came back with errors)."""

    __slots__ = ("done", "status", "value")

    def __init__(self, done: bool, status: int, value=None):
        self.done, self.status, self.value = done, status, value


def form_data(form, *exclude: str) -> dict:
    """The form's values for a service's input schema: every field but CSRF, submit
    buttons and ``exclude``."""
    skip = {"csrf_token", "submit", *exclude}
    return {
        name: field.data
        for name, field in form._fields.items()
        if name not in skip and field.type not in ("SubmitField", "CSRFTokenField")
    }


def submit_form(form, action) -> Submission:
    """The one form rhythm: on a valid POST (CSRF, field types) call ``action()`` — one
    service function — and report; a service's ``InvalidInput`` is shown on the form's
    fields. The service owns its transaction (it rolls back before raising), so a view
    never rolls back."""
    if not form.is_submitted():
        return Submission(False, 200)
    if not form.validate():
        return Submission(False, 422)
    try:
        value = action()
    except InvalidInput as error:
        apply_errors(form, error)
        return Submission(False, 422)
    return Submission(True, 200, value)


def city_or_404(slug: str | None) -> City:
    """The city named by a URL's slug; an unknown slug is a 404 on every page."""
    city = city_by_slug(slug)
    if city is None:
        from flask import abort

        abort(404)
    return city


def page_arg(maximum: int = 100_000) -> int:
    """The ``page`` query argument of an HTML list: 1 … ``maximum``; 1 when absent or not a
    number (so no page number beyond the database's integers reaches a query)."""
    raw = request.args.get("page", "")
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 9):
        return 1
    return max(1, min(int(raw), maximum))
