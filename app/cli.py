"""Command-line tools: ``flask demo seed``, ``flask demo scale``, ``flask users create-admin``."""

from __future__ import annotations

import getpass
import time

import click
import sqlalchemy as sa
from flask.cli import AppGroup

from app.extensions import db

demo = AppGroup("demo", help="Demo data (never run on a production database).")
users = AppGroup("users", help="Accounts.")

DEMO_PASSWORD = "cantiere-demo"

#: Demo steps ``(order, label, fn(progress))``, run by order; each must be idempotent.
#: Features call :func:`register_seeder` when their package is imported.
DEMO_SEEDERS: list = []


def register_seeder(order: int, label: str, fn) -> None:
    """Add a demo step (orders: areas 10, needs 20, ideas 30, participation 35,
    organisations 40, spaces 45, workshops 50, accompaniment 60)."""
    if all(existing[2] is not fn for existing in DEMO_SEEDERS):
        DEMO_SEEDERS.append((order, label, fn))


#: Features append ``(option_name, fn(count, progress))`` for ``flask demo scale``.
SCALERS: dict = {}


def progress(message: str) -> None:
    click.echo(f"  · {message}")


@demo.command("seed")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database already has cities.")
def seed_command(if_empty: bool) -> None:
    """Create the demo cities, accounts (password: cantiere-demo) and content."""
    from app.models import City

    if if_empty and db.session.scalar(sa.select(sa.func.count()).select_from(City)):
        click.echo("The database has data already: demo seed skipped.")
        return
    from app.demo import seed_foundation

    started = time.monotonic()
    steps = [("cities and accounts", seed_foundation)] + [
        (label, fn) for _o, label, fn in sorted(DEMO_SEEDERS, key=lambda step: step[0])
    ]
    for index, (label, step) in enumerate(steps, 1):
        click.echo(f"[{index}/{len(steps)}] {label}")
        step(progress)
        db.session.commit()
    click.echo(f"Demo data ready in {time.monotonic() - started:.1f}s. Accounts use the password '{DEMO_PASSWORD}'.")


@demo.command("scale")
@click.option("--needs", type=int, default=0, help="How many synthetic needs to add.")
@click.option("--organizations", type=int, default=0, help="How many synthetic organisations to add.")
@click.option("--partnerships", type=int, default=0, help="How many synthetic partnerships to add.")
def scale_command(**counts) -> None:
    """Add synthetic volume for benchmarks."""
    for name, count in counts.items():
        if not count:
            continue
        if name not in SCALERS:
            raise click.ClickException(f"--{name} is not available yet.")
        started = time.monotonic()
        SCALERS[name](count, progress)
        click.echo(f"{name}: {count} added in {time.monotonic() - started:.1f}s")


@users.command("create-admin")
@click.argument("email")
@click.option("--name", default="Amministrazione")
@click.option("--password", default=None, help="Asked for when not given.")
def create_admin(email: str, name: str, password: str | None) -> None:
    """Create (or promote) an administrator account."""
    from app.auth import services
    from app.models import Role, RoleGrant, User

    user = db.session.scalar(sa.select(User).where(User.email == services.normalise_email(email)))
    if user is None:
        password = password or getpass.getpass("Password: ")
        user = services.register_user(email=email, password=password, name=name, city=None, accept_privacy=True)
    if not user.has_role(Role.ADMIN):
        db.session.add(RoleGrant(user=user, role=Role.ADMIN))
        db.session.commit()
    click.echo(f"{user.email} is an administrator.")


def register(app) -> None:
    app.cli.add_command(demo)
    app.cli.add_command(users)
