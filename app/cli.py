"""Command-line tools: ``flask demo seed``, ``flask demo scale``, ``flask users create-admin``."""

from __future__ import annotations

import getpass
import importlib

import click
import sqlalchemy as sa
from flask.cli import AppGroup

from app.extensions import db

users = AppGroup("users", help="Accounts.")


class DemoGroup(click.Group):
    """``flask demo …``: the commands live in :mod:`app.demo.cli`, imported only when one of
    them is asked for, so that the app never loads the demo package otherwise."""

    def _commands(self) -> click.Group:
        return importlib.import_module("app.demo.cli").demo

    def list_commands(self, ctx):
        return self._commands().list_commands(ctx)

    def get_command(self, ctx, name):
        return self._commands().get_command(ctx, name)


demo = DemoGroup("demo", help="Demo data (never run on a production database).")


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
        user = services.register_user({"email": email, "password": password, "name": name, "accept_privacy": True})
    if not user.has_role(Role.ADMIN):
        db.session.add(RoleGrant(user=user, role=Role.ADMIN))
        db.session.commit()
    click.echo(f"{user.email} is an administrator.")


def register(app) -> None:
    app.cli.add_command(demo)
    app.cli.add_command(users)
