"""Configuration: class defaults, then ``instance/config.py``, then environment variables.

Every key below can be set by an environment variable of the same name (``shared/API.md``);
values are parsed by the type of the default (bool, int, float, list, dict).
"""

from __future__ import annotations

import json
import os
from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
INSTANCE_DIR = Path(os.environ.get("INSTANCE_PATH", BASE_DIR / "instance"))


def _database_url(url: str | None) -> str:
    if not url:
        return f"sqlite:///{INSTANCE_DIR / 'cantiere.db'}"
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg2://" + url[len("postgresql://") :]
    return url


class Config:
    """Defaults shared by every environment (development values, safe to run locally)."""

    SECRET_KEY = "dev-only-not-secret"
    DATABASE_URL = ""
    REDIS_URL = ""
    SQLALCHEMY_DATABASE_URI = ""  # derived from DATABASE_URL when empty
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    SQLALCHEMY_RECORD_QUERIES = False

    # Languages and formatting
    LANGUAGES = ["it", "en"]
    BABEL_DEFAULT_LOCALE = "it"
    BABEL_DEFAULT_TIMEZONE = "Europe/Rome"

    # Sessions: HttpOnly, SameSite=Lax, Secure in production; idle timeout refreshed on use
    SESSION_COOKIE_NAME = "cantiere_session"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    SESSION_IDLE_MINUTES = 120
    REMEMBER_COOKIE_DURATION_DAYS = 14
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"

    # Forms / CSRF
    WTF_CSRF_ENABLED = True
    WTF_CSRF_TIME_LIMIT = None  # the session bounds the token's life
    MAX_CONTENT_LENGTH = 11 * 1024 * 1024  # a 10 MB PDF (app.uploads.MAX_PDF_BYTES) and its form fields

    # Privacy
    PRIVACY_TERMS_VERSION = "2026-11"

    # Rate limits (Flask-Limiter); storage follows REDIS_URL when set
    RATELIMIT_ENABLED = True
    RATELIMIT_STORAGE_URI = ""
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_LOGIN_PER_ACCOUNT = "5/minute"
    RATELIMIT_LOGIN_PER_IP = "20/minute"
    RATELIMIT_SIGNUP = "10/hour"

    # Mail (Flask-Mailman): "file" writes messages under MAIL_FILE_PATH, "console" logs them,
    # "smtp" sends them.
    MAIL_BACKEND = "file"
    MAIL_FILE_PATH = str(INSTANCE_DIR / "mail")
    MAIL_SERVER = "localhost"
    MAIL_PORT = 25
    MAIL_USERNAME = ""
    MAIL_PASSWORD = ""
    MAIL_USE_TLS = False
    MAIL_USE_SSL = False
    MAIL_DEFAULT_SENDER = "Cantiere <noreply@cantiere.local>"
    PASSWORD_RESET_MAX_AGE = 3600

    # Evaluation: staff see a disagreement when submitted totals differ by more than these
    # points, or one criterion's points by more than this share of its maximum
    EVALUATION_DISAGREEMENT_POINTS = 10
    EVALUATION_DISAGREEMENT_PCT = 25

    # Job queue (Huey): mail, the daily digest, the network's betweenness. Redis when
    # REDIS_URL is set, else a SQLite file; HUEY_IMMEDIATE runs every job at once in the
    # caller (tests). The consumer (`flask jobs consume`) runs the jobs and the periodic ones.
    HUEY_IMMEDIATE = False
    HUEY_NAME = "cantiere"
    HUEY_SQLITE_PATH = str(INSTANCE_DIR / "huey.db")
    HUEY_WORKERS = 2
    DIGEST_HOUR = 7  # the daily digest leaves at DIGEST_HOUR:DIGEST_MINUTE, BABEL_DEFAULT_TIMEZONE
    DIGEST_MINUTE = 0
    REPORT_REMINDER_DAYS = 7  # projects: remind the organisation this many days before a milestone
    REPORT_REMINDER_HOUR = 8  # at this hour, BABEL_DEFAULT_TIMEZONE (an hour after the digest)

    # Real time (Flask-SocketIO)
    SOCKETIO_ASYNC_MODE = ""  # "" = eventlet when installed and patched, else threading
    SOCKETIO_CORS_ALLOWED_ORIGINS: list = []  # besides the site's own origin
    SOCKETIO_MAX_PAYLOAD = 16 * 1024  # bytes of one event's payload (REALTIME.md)
    SOCKETIO_MAX_PACKET = 1024 * 1024  # engine.io hard cap: larger packets drop the connection
    SOCKETIO_RATE_PER_SECOND = 20.0
    SOCKETIO_RATE_BURST = 40
    SOCKETIO_LOGGER = False
    SOCKETIO_MESSAGE_QUEUE = None  # None: follow REDIS_URL; "" turns the queue off
    SOCKETIO_CHANNEL = "cantiere"  # Redis channel shared by the processes of one deployment

    # Security headers
    FORCE_HTTPS = False
    CSP_EXTRA_IMG_SRC: list = ["https://tile.openstreetmap.org"]
    MAP_TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    PROXY_FIX = False  # trust X-Forwarded-* from one reverse proxy

    # Participation: how long after posting a comment its author may still edit it
    COMMENT_EDIT_MINUTES = 15

    # The site's public address, for absolute links in mail sent outside a request (CLI digest)
    PUBLIC_URL = "http://localhost:5000"

    # Uploads, stored outside the web root
    UPLOAD_DIR = str(INSTANCE_DIR / "uploads")

    # API
    API_TITLE = "Cantiere API"
    API_VERSION = "1.0"
    OPENAPI_VERSION = "3.0.3"
    OPENAPI_URL_PREFIX = "/api/v1"
    OPENAPI_JSON_PATH = "openapi.json"
    API_SPEC_OPTIONS = {
        "info": {
            "description": "Public data and participation actions of Cantiere. "
            "Errors: {error: {code, message, fields}}. Lists: page, per_page (max 100).",
        },
        "components": {
            "securitySchemes": {
                "bearerAuth": {"type": "http", "scheme": "bearer"},
                "cookieAuth": {"type": "apiKey", "in": "cookie", "name": "cantiere_session"},
            }
        },
    }
    API_MAX_PER_PAGE = 100


class DevelopmentConfig(Config):
    DEBUG = False


class TestingConfig(Config):
    TESTING = True
    SECRET_KEY = "testing"
    SOCKETIO_ASYNC_MODE = "threading"
    MAIL_BACKEND = "locmem"
    HUEY_IMMEDIATE = True  # jobs run in the caller (an in-memory queue); tests/test_jobs.py runs a real one
    RATELIMIT_STORAGE_URI = "memory://"
    WTF_CSRF_ENABLED = False  # tests that check CSRF turn it on
    PRIVACY_TERMS_VERSION = "test"


class ProductionConfig(Config):
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    FORCE_HTTPS = False  # TLS ends at the proxy; set true to redirect here too
    PROXY_FIX = True
    MAIL_BACKEND = "smtp"


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def _parse(raw: str, default):
    if isinstance(default, bool):
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    if isinstance(default, int):
        return int(raw)
    if isinstance(default, float):
        return float(raw)
    if isinstance(default, (list, dict)):
        raw = raw.strip()
        if raw.startswith(("[", "{")):
            return json.loads(raw)
        return [item.strip() for item in raw.split(",") if item.strip()]
    if default is None and raw.strip().lower() in {"none", "null", ""}:
        return None
    return raw


def apply_environment(config: dict, environ=os.environ) -> None:
    """Override every known key from an environment variable of the same name."""
    for key in list(config):
        if key.isupper() and key in environ:
            config[key] = _parse(environ[key], config[key])


def finalise(config: dict) -> None:
    """Derive the keys that depend on others, once every source has been read."""
    if not config.get("SQLALCHEMY_DATABASE_URI"):
        config["SQLALCHEMY_DATABASE_URI"] = _database_url(config.get("DATABASE_URL"))
    uri = config["SQLALCHEMY_DATABASE_URI"]
    options = dict(config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    if uri.startswith("sqlite"):
        options.setdefault("connect_args", {"timeout": 15, "check_same_thread": False})
    else:
        options.setdefault("pool_pre_ping", True)
    config["SQLALCHEMY_ENGINE_OPTIONS"] = options
    if config.get("SOCKETIO_MESSAGE_QUEUE") is None:
        config["SOCKETIO_MESSAGE_QUEUE"] = config["REDIS_URL"]
    if not config.get("RATELIMIT_STORAGE_URI"):
        config["RATELIMIT_STORAGE_URI"] = config["REDIS_URL"] or "memory://"
    config["PERMANENT_SESSION_LIFETIME"] = timedelta(minutes=config["SESSION_IDLE_MINUTES"])
    config["REMEMBER_COOKIE_DURATION"] = timedelta(days=config["REMEMBER_COOKIE_DURATION_DAYS"])
    config["SESSION_REFRESH_EACH_REQUEST"] = True
    config.setdefault("MAIL_TIMEOUT", 10)
