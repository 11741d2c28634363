"""The test house: app, db, client, login helper, socket clients and a real server.

The suite runs on SQLite by default and on PostgreSQL with the Redis message queue when
DATABASE_URL and REDIS_URL are set (see .ci/run). The schema is built by the migrations,
so every run also checks that they apply.
"""

from __future__ import annotations

import contextvars
import os
import uuid

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

from app import create_app
from app.extensions import db as _db
from app.extensions import limiter
from tests import factories
from tests.live import LiveClient


class IsolatedClient(FlaskClient):
    """Each request runs in its own app context, as in production: ``g`` and the database
    session are not shared with the test's own context (or with other requests)."""

    def open(self, *args, **kwargs):
        # A streamed answer (the open data) is read inside its request's context, as a server does.
        kwargs.setdefault("buffered", True)
        return contextvars.Context().run(super().open, *args, **kwargs)


def _database_url(tmp_path_factory, worker_id: str) -> tuple[str, callable]:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql")):
        path = tmp_path_factory.mktemp("db") / "cantiere-test.db"
        return f"sqlite:///{path}", lambda: None
    # One fresh database per test process, named after the one CI gave us.
    base = sa.engine.make_url(url.replace("postgres://", "postgresql://", 1))
    name = f"{base.database}_{worker_id}_{uuid.uuid4().hex[:6]}"
    admin = sa.create_engine(
        base.set(database="postgres", drivername="postgresql+psycopg2"), isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))

    def drop():
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return base.set(database=name, drivername="postgresql+psycopg2").render_as_string(hide_password=False), drop


@pytest.fixture(scope="session")
def database_url(tmp_path_factory, worker_id):
    url, drop = _database_url(tmp_path_factory, worker_id)
    yield url
    drop()


@pytest.fixture(scope="session")
def app(database_url, tmp_path_factory):
    from flask_migrate import upgrade

    app = create_app(
        "testing",
        DATABASE_URL=database_url,
        SQLALCHEMY_DATABASE_URI="",
        REDIS_URL=os.environ.get("REDIS_URL", ""),
        # Flask-SocketIO's test client cannot sit on a message queue; the queue is tested
        # with real server processes (tests/test_live_server.py).
        SOCKETIO_MESSAGE_QUEUE="",
        SOCKETIO_CHANNEL=f"cantiere-test-{uuid.uuid4().hex[:8]}",
        UPLOAD_DIR=str(tmp_path_factory.mktemp("uploads")),
        MAIL_FILE_PATH=str(tmp_path_factory.mktemp("mail")),
    )
    app.test_client_class = IsolatedClient
    with app.app_context():
        if os.environ.get("CANTIERE_TEST_SCHEMA") == "create_all":
            # While a model change has no migration yet (never in CI): tables from the models.
            _db.create_all()
        else:
            upgrade(directory=os.path.join(os.path.dirname(__file__), "..", "migrations"))
    yield app
    with app.app_context():
        _db.engine.dispose()


@pytest.fixture(autouse=True)
def db(app):
    """An app context for the test, and empty tables afterwards."""
    from app import realtime

    with app.app_context():
        yield _db
        _db.session.rollback()
        with _db.engine.begin() as conn:
            for table in reversed(_db.metadata.sorted_tables):
                conn.execute(table.delete())
        _db.session.remove()
    limiter.reset()
    realtime.buckets._state.clear()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def in_request(app):
    """A request context around the test, for calling services directly (their messages are
    translated, which needs the request's locale): ``pytest.mark.usefixtures("in_request")``."""
    with factories.request_context(app):
        yield


@pytest.fixture
def in_english_request(app):
    """As ``in_request``, in English (for assertions that read English messages)."""
    with factories.request_context(app, "en"):
        yield


@pytest.fixture
def city(db):
    return factories.create_city()


@pytest.fixture
def other_city(db):
    return factories.create_city(name="Napoli", slug="napoli", region="Campania")


@pytest.fixture
def resident(city):
    return factories.create_user(city=city, name="Rosa Resident")


@pytest.fixture
def login(client):
    """``login(user)`` signs the test client in as ``user`` (no form, no rate limit)."""

    def do(user, the_client=None):
        with (the_client or client).session_transaction() as session:
            session["_user_id"] = user.get_id()
            session["_fresh"] = True
        return user

    return do


@pytest.fixture
def live(app):
    """``live(client=None, token=None, headers=None)`` → a socket client on /live that
    shares the test client's login cookie, or authenticates with a token."""
    clients: list[LiveClient] = []

    def connect(http_client=None, token=None, **kwargs):
        live_client = LiveClient(app, http_client=http_client, token=token, **kwargs)
        clients.append(live_client)
        return live_client

    yield connect
    for live_client in clients:
        live_client.close()


@pytest.fixture
def mailbox(app):
    """The messages sent during the test (the locmem mail backend)."""
    state = app.extensions["mailman"]
    state.outbox = []
    yield state.outbox


@pytest.fixture(scope="module")
def server(app, database_url, tmp_path_factory):
    """A real server process (eventlet, as in production) on the test database."""
    from tests.server import ServerProcess

    process = ServerProcess(
        database_url,
        str(tmp_path_factory.mktemp("instance")),
        REDIS_URL=app.config["REDIS_URL"],
        SOCKETIO_CHANNEL=app.config["SOCKETIO_CHANNEL"],
    )
    process.start()
    yield process
    process.stop()
