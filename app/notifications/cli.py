"""``flask notifications digest``: the daily mail digest, at once. The job queue's consumer
already sends it every day (``mail.daily_digest``); this command is for a catch-up by hand.
Registered on the blueprint's command group, so it needs no line in ``app/cli.py``."""

from __future__ import annotations

import click

from app.notifications import bp
from app.notifications.mail import send_digests


@bp.cli.command("digest")
@click.option(
    "--grace-minutes",
    type=click.IntRange(min=0),
    default=30,
    show_default=True,
    help="Also send, as a digest, what people who want mail immediately did not get (mail failed) "
    "this many minutes ago or earlier.",
)
def digest_command(grace_minutes: int) -> None:
    """Mail the daily digest of unmailed notifications and mark them mailed (idempotent)."""
    stats = send_digests(grace_minutes=grace_minutes)
    click.echo(
        f"digest: {stats['mails']} mails to {stats['people']} people, "
        f"{stats['notifications']} notifications marked mailed, {stats['failed']} failed"
    )
