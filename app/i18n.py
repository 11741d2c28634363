"""Languages (Italian by default, English) and locale-aware formatting for templates."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from flask import current_app, has_request_context, request, session
from flask_babel import format_currency, format_date, format_datetime, format_decimal, get_locale
from flask_login import current_user

from app.extensions import babel

LANGUAGE_NAMES = {"it": "Italiano", "en": "English"}


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # CLI, demo seeding, background work: the default language
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    try:
        if current_user and current_user.is_authenticated and current_user.locale in languages:
            return current_user.locale
    except RuntimeError:  # outside a request with a user (CLI, mail in a worker)
        current_app.logger.debug("no user to choose the locale from")
    if session.get("lang") in languages:
        return session["lang"]
    return request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]


def euro(value) -> str:
    if value is None:
        return "—"
    return format_currency(Decimal(value), "EUR")


def init_app(app) -> None:
    # The foundation's catalog and one per feature (see scripts/i18n.py), merged.
    root = Path(app.root_path)
    directories = ["translations", *sorted(str(p.relative_to(root)) for p in root.glob("*/translations") if p.is_dir())]
    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories=";".join(directories),
    )
    app.jinja_env.filters.update(
        datetime=lambda v, fmt="medium": format_datetime(v, fmt) if v else "",
        date=lambda v, fmt="medium": format_date(v, fmt) if v else "",
        number=lambda v, **kw: format_decimal(v, **kw) if v is not None else "",
        euro=euro,
    )

    @app.context_processor
    def languages():
        return {
            "LANGUAGE_NAMES": LANGUAGE_NAMES,
            "current_locale": str(get_locale()),
        }
