"""The application factory: config → extensions → blueprints → socket handlers → CLI → errors."""

from __future__ import annotations

import logging
import os

from flask import Flask
from flask_babel import lazy_gettext as _l

from app import config as config_module
from app.extensions import csrf, db, limiter, login, mail, migrate, socketio


def create_app(config_name: str | None = None, **overrides) -> Flask:
    config_name = config_name or os.environ.get("CANTIERE_ENV", "development")
    app = Flask(__name__, instance_path=str(config_module.INSTANCE_DIR), instance_relative_config=True)
    app.config.from_object(config_module.CONFIGS[config_name])
    app.config.from_pyfile("config.py", silent=True)
    config_module.apply_environment(app.config)
    app.config.update(overrides)
    config_module.finalise(app.config)
    _check_production(app, config_name)

    if app.config["PROXY_FIX"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)

    _bounded_ids(app)
    _init_extensions(app)
    _register_blueprints(app)

    from app import cli, errors, i18n

    i18n.init_app(app)
    errors.register_error_handlers(app)
    cli.register(app)
    logging.getLogger("engineio.server").setLevel(logging.WARNING)
    return app


def _bounded_ids(app: Flask) -> None:
    """``<int:…>`` in URLs accepts 1 … 2**31-1: larger numbers are a 404, not a database
    overflow (SQLite and PostgreSQL integers)."""
    from werkzeug.routing import IntegerConverter

    class BoundedInt(IntegerConverter):
        def __init__(self, map, *args, **kwargs):
            kwargs.setdefault("min", 1)
            kwargs.setdefault("max", 2**31 - 1)
            super().__init__(map, *args, **kwargs)

    app.url_map.converters["int"] = BoundedInt


def _check_production(app: Flask, config_name: str) -> None:
    if config_name == "production" and app.config["SECRET_KEY"] in ("", "dev-only-not-secret"):
        raise RuntimeError("SECRET_KEY must be set in production (env var or instance/config.py)")


def _init_extensions(app: Flask) -> None:
    from app import jobs, models, realtime, security

    db.init_app(app)
    _sqlite_pragmas(app)
    migrate.init_app(app, db, render_as_batch=True, compare_type=True)
    login.init_app(app)
    login.login_view = "auth.login"
    login.anonymous_user = models.Anonymous
    login.login_message_category = "info"
    login.login_message = _l("Please sign in to see this page.")
    login.session_protection = "basic"
    csrf.init_app(app)
    mail.init_app(app)
    jobs.init_app(app)
    limiter.init_app(app)
    security.init_app(app)
    realtime.configure(app)
    async_mode = app.config["SOCKETIO_ASYNC_MODE"] or _detect_async_mode()
    socketio.init_app(
        app,
        async_mode=async_mode,
        message_queue=app.config["SOCKETIO_MESSAGE_QUEUE"] or None,
        channel=app.config["SOCKETIO_CHANNEL"],
        cors_allowed_origins=realtime.origin_allowed,
        max_http_buffer_size=app.config["SOCKETIO_MAX_PACKET"],
        logger=app.config["SOCKETIO_LOGGER"],
        engineio_logger=False,
        manage_session=True,
    )
    realtime.guard_packets(socketio.server)


def _detect_async_mode() -> str:
    """eventlet when wsgi.py has patched the standard library, threading otherwise
    (the CLI, tests, a plain WSGI server)."""
    import sys

    if "eventlet" in sys.modules:  # imported (and patched) by wsgi.py; never import it here
        from eventlet import patcher

        if patcher.is_monkey_patched("socket"):
            return "eventlet"
    return "threading"


def _sqlite_pragmas(app: Flask) -> None:
    """WAL, foreign keys and a busy timeout on every SQLite connection."""
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        return
    from sqlalchemy import event

    with app.app_context():
        engine = db.engine

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, connection_record):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=15000")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


#: Feature packages, each a blueprint that declares its own URLs (see docs/architecture.md).
FEATURES = (
    "areas",
    "needs",
    "ideas",
    "participation",
    "notifications",
    "workshops",
    "organisations",
    "spaces",
    "accompaniment",
    "calls",
    "applications",
    "evaluations",
    "rankings",
    "projects",
    "lineage",
    "dashboards",
    "opendata",
)


def _register_blueprints(app: Flask) -> None:
    from importlib import import_module

    from app.admin import bp as admin_bp
    from app.api import init_api
    from app.auth import bp as auth_bp
    from app.main import bp as main_bp

    app.register_blueprint(main_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(admin_bp, url_prefix="/admin")
    for feature in FEATURES:
        app.register_blueprint(import_module(f"app.{feature}").bp)
    init_api(app)
