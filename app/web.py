"""Small helpers shared by the HTML views."""

from __future__ import annotations

from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import flash, request, url_for

from app.errors import InvalidInput
from app.extensions import db
from app.models import City


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
