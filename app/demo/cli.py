"""The ``flask demo`` commands (never run on a production database): ``seed`` the demo
content, ``scale`` up synthetic volume for benchmarks (the generators live in ``bench/``)."""

from __future__ import annotations

import time

import click
import sqlalchemy as sa
from flask.cli import AppGroup

from app.demo import seed as demo_seed
from app.demo.common import DEMO_PASSWORD
from app.extensions import db
from app.models import City

demo = AppGroup("demo", help="Demo data (never run on a production database).")


def progress(message: str) -> None:
    click.echo(f"  · {message}")


@demo.command("seed")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database already has cities.")
def seed_command(if_empty: bool) -> None:
    """Create the demo cities, accounts (password: cantiere-demo) and content."""
    if if_empty and db.session.scalar(sa.select(sa.func.count()).select_from(City)):
        click.echo("The database has data already: demo seed skipped.")
        return
    started = time.monotonic()
    demo_seed.run(lambda index, total, label: click.echo(f"[{index}/{total}] {label}"), progress)
    click.echo(f"Demo data ready in {time.monotonic() - started:.1f}s. Accounts use the password '{DEMO_PASSWORD}'.")


@demo.command("scale")
@click.option("--needs", type=int, default=0, help="How many synthetic needs to add.")
@click.option("--organizations", type=int, default=0, help="How many synthetic organisations to add.")
@click.option("--partnerships", type=int, default=0, help="How many synthetic partnerships to add.")
def scale_command(**counts) -> None:
    """Add synthetic volume for benchmarks."""
    try:
        from bench.scale import SCALERS  # bench/ sits beside app/: loaded only for this command
    except ImportError as error:
        raise click.ClickException(f"The benchmark generators (bench/scale) are not installed here: {error}") from None
    for name, count in counts.items():
        if not count:
            continue
        started = time.monotonic()
        SCALERS[name](count, progress)
        click.echo(f"{name}: {count} added in {time.monotonic() - started:.1f}s")
