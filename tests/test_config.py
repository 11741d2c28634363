"""Every configuration key can be set by an environment variable of the same name."""

from datetime import timedelta

import pytest

from app import config


def test_environment_overrides_every_known_key_with_its_type():
    values = {
        "SECRET_KEY": "s" * 12,
        "RATELIMIT_ENABLED": "false",
        "SESSION_IDLE_MINUTES": "30",
        "SOCKETIO_RATE_PER_SECOND": "5.5",
        "SOCKETIO_CORS_ALLOWED_ORIGINS": "https://a.example, https://b.example",
        "LANGUAGES": '["it"]',
    }
    settings = {k: getattr(config.Config, k) for k in dir(config.Config) if k.isupper()}
    config.apply_environment(settings, values)
    config.finalise(settings)
    assert settings["SECRET_KEY"] == "s" * 12
    assert settings["RATELIMIT_ENABLED"] is False
    assert settings["PERMANENT_SESSION_LIFETIME"] == timedelta(minutes=30)
    assert settings["SOCKETIO_RATE_PER_SECOND"] == 5.5
    assert settings["SOCKETIO_CORS_ALLOWED_ORIGINS"] == ["https://a.example", "https://b.example"]
    assert settings["LANGUAGES"] == ["it"]


def test_database_url_forms_are_normalised():
    settings = {k: getattr(config.Config, k) for k in dir(config.Config) if k.isupper()}
    config.apply_environment(settings, {"DATABASE_URL": "postgres://u@h/db", "REDIS_URL": "redis://127.0.0.1:6379/0"})
    config.finalise(settings)
    assert settings["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg2://u@h/db"
    assert settings["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6379/0"


def test_default_database_is_sqlite_in_the_instance_folder():
    settings = {k: getattr(config.Config, k) for k in dir(config.Config) if k.isupper()}
    config.finalise(settings)
    assert settings["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///")
    assert settings["SQLALCHEMY_DATABASE_URI"].endswith("instance/cantiere.db")


def test_sqlite_runs_in_wal_mode_with_foreign_keys(app, db):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite pragmas: nothing to check on PostgreSQL")
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 15000
