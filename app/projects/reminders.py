"""Reminders of reports due: a periodic job tells the members of a project's organisation,
``REPORT_REMINDER_DAYS`` days (7 unless configured) before a milestone's due date, that a
report is due; once per milestone (``Milestone.reminded_at``). Closed and suspended
projects, reached milestones and milestones already past are not reminded."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import current_app
from huey import crontab

from app import jobs, times
from app.extensions import db
from app.models import Milestone, Project, ProjectState
from app.models.base import utcnow
from app.notifications.services import notify_many
from app.projects.links import reports_path
from app.projects.reports import members_of


def due_soon(today: date, days: int) -> list[Milestone]:
    """Milestones of active projects due from ``today`` to ``today + days``, not reached nor reminded."""
    return list(
        db.session.scalars(
            sa.select(Milestone)
            .join(Project, Project.id == Milestone.project_id)
            .where(
                Project.state == ProjectState.ACTIVE,
                Project.organisation_id.is_not(None),
                Milestone.reached_on.is_(None),
                Milestone.reminded_at.is_(None),
                Milestone.due_on >= today,
                Milestone.due_on <= today + timedelta(days=days),
            )
            .order_by(Milestone.due_on, Milestone.id)
        )
    )


def send_report_reminders(today: date | None = None) -> int:
    """Remind each milestone due soon once; returns how many milestones were reminded.
    Each milestone is committed on its own, so a failure leaves the others reminded."""
    today = today or times.now_local().date()
    days = int(current_app.config["REPORT_REMINDER_DAYS"])
    reminded = 0
    for milestone in due_soon(today, days):
        project = milestone.project
        notify_many(
            members_of(project),
            "project.report_due",
            reports_path(project),
            title=project.title,
            milestone=milestone.name,
            due=milestone.due_on.isoformat(),
        )
        milestone.reminded_at = utcnow()
        db.session.commit()
        reminded += 1
    return reminded


def daily_at_reminder_time(moment: datetime) -> bool:
    """Every day at ``REPORT_REMINDER_HOUR``:00 in the configured time zone (an hour after
    the digest by default, so the two jobs do not share a minute)."""
    config = jobs.huey.app.config
    local = moment.replace(tzinfo=UTC).astimezone(ZoneInfo(config["BABEL_DEFAULT_TIMEZONE"]))
    return crontab(minute="0", hour=str(config["REPORT_REMINDER_HOUR"]))(local.replace(tzinfo=None))


@jobs.periodic_job(daily_at_reminder_time)
def report_reminders() -> None:
    """The periodic job: :func:`send_report_reminders` once a day."""
    with jobs.site_context(None):
        count = send_report_reminders()
    current_app.logger.info("report reminders: %s milestones", count)
