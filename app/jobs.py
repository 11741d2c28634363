"""The job queue (Huey): work that must not run inside a web request — mail, the daily
digest, the partner network's betweenness.

One :data:`huey` for the process, bound to the app's configuration by :func:`init_app`
(``create_app`` calls it):

- ``REDIS_URL`` set: Redis storage (what ``RedisHuey`` uses), shared by every process;
- otherwise a SQLite file, ``HUEY_SQLITE_PATH`` (``instance/huey.db``), what ``SqliteHuey`` uses;
- ``HUEY_IMMEDIATE`` (the tests): a job runs at once, in the caller, on an in-memory store.

Jobs are declared where their feature lives with :func:`job` / :func:`periodic_job`, which
run the function in a fresh app context (its own database session), and with
:func:`site_context` a request-like context on the address of the request that asked for
the job, so that ``url_for(..., _external=True)`` gives the same links as in the request.
``flask jobs consume`` runs the workers and the scheduler of the periodic jobs; ``make run``
starts it beside the server, and production runs it as ``deploy/cantiere-jobs.service``.
"""

from __future__ import annotations

import functools
import logging
from contextlib import contextmanager, nullcontext
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import click
from flask import Flask, current_app, has_app_context, has_request_context, request
from flask.cli import AppGroup
from huey import Huey, RedisHuey, SqliteHuey, crontab

log = logging.getLogger(__name__)


class AppHuey(Huey):
    """A Huey whose storage follows the app's configuration (known only in ``create_app``,
    after the jobs were declared at import time)."""

    app: Flask | None = None

    def __init__(self) -> None:
        # Results are kept only for jobs that return something (the minutes PDF).
        super().__init__("cantiere", results=True, store_none=False, immediate=True)

    def init_app(self, app: Flask) -> None:
        config = app.config
        self.app = app
        self.name = config["HUEY_NAME"]
        if config["REDIS_URL"]:
            self.storage_class, self.storage_kwargs = RedisHuey.storage_class, {"url": config["REDIS_URL"]}
        else:
            self.storage_class = SqliteHuey.storage_class
            self.storage_kwargs = {"filename": config["HUEY_SQLITE_PATH"]}
        self._immediate = bool(config["HUEY_IMMEDIATE"])
        self.storage = self.create_storage()
        app.extensions["huey"] = self


huey = AppHuey()


def init_app(app: Flask) -> None:
    huey.init_app(app)
    app.cli.add_command(jobs_cli)


@contextmanager
def app_context():
    """A fresh context of the app: the current one's when there is one (immediate mode,
    tests), else the one the process bound (the consumer)."""
    app = current_app._get_current_object() if has_app_context() else huey.app
    if app is None:  # pragma: no cover - a consumer started without create_app
        raise RuntimeError("the job queue is not bound to an app: call create_app() first")
    with app.app_context():
        yield app


def site_context(base_url: str | None):
    """Inside a job: a request context on ``base_url`` (the address of the request that
    enqueued the job, else ``PUBLIC_URL``), so links are built as in that request. In
    immediate mode the job runs inside the request itself, which is kept."""
    if has_request_context():
        return nullcontext()
    return current_app.test_request_context("/", base_url=base_url or current_app.config["PUBLIC_URL"])


def request_base_url() -> str | None:
    """The address of the current request, for :func:`site_context` in the job it enqueues."""
    return request.host_url if has_request_context() else None


def _in_app(func):
    @functools.wraps(func)
    def run(*args, **kwargs):
        with app_context():
            return func(*args, **kwargs)

    return run


def job(**options):
    """``@huey.task`` that runs in the app's context."""

    def decorate(func):
        return huey.task(**options)(_in_app(func))

    return decorate


def periodic_job(validate_datetime, **options):
    """``@huey.periodic_task`` that runs in the app's context."""

    def decorate(func):
        return huey.periodic_task(validate_datetime, **options)(_in_app(func))

    return decorate


def daily_at_configured_time(moment: datetime) -> bool:
    """A periodic job's schedule: every day at ``DIGEST_HOUR:DIGEST_MINUTE`` in the
    configured time zone (the scheduler hands UTC times)."""
    config = huey.app.config
    local = moment.replace(tzinfo=UTC).astimezone(ZoneInfo(config["BABEL_DEFAULT_TIMEZONE"]))
    every_day = crontab(minute=str(config["DIGEST_MINUTE"]), hour=str(config["DIGEST_HOUR"]))
    return every_day(local.replace(tzinfo=None))


def enqueue(task, *args, **kwargs) -> None:
    """Put a job on the queue; a queue that cannot be reached is logged, never raised
    (the change that asked for the job is already committed)."""
    try:
        task(*args, **kwargs)
    except Exception:
        log.exception("could not enqueue %s", getattr(task, "name", task))


# --- flask jobs ... ------------------------------------------------------------------------

jobs_cli = AppGroup("jobs", help="The job queue (Huey).")


@jobs_cli.command("consume")
@click.option("--workers", type=click.IntRange(min=1), default=None, help="Worker threads (HUEY_WORKERS).")
@click.option("--periodic/--no-periodic", default=True, show_default=True, help="Also run the periodic jobs.")
def consume_command(workers: int | None, periodic: bool) -> None:
    """Run the jobs of the queue (and the periodic ones) until Ctrl+C or SIGTERM."""
    if huey.immediate:
        raise click.UsageError("HUEY_IMMEDIATE is on: jobs run in the caller, there is nothing to consume.")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    workers = workers or current_app.config["HUEY_WORKERS"]
    consumer = huey.create_consumer(
        workers=workers, periodic=periodic, worker_type="thread", max_delay=1.0, shutdown_timeout=15
    )
    click.echo(f"jobs: {workers} workers on {type(huey.storage).__name__} ({huey.name})")
    consumer.run()
