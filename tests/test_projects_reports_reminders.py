"""Reminders of reports due: seven days (``REPORT_REMINDER_DAYS``) before a milestone's due
date the members of the project's organisation are told, once per milestone; reached
milestones, closed projects and past milestones are not reminded. The job runs daily at
08:00 Rome time, an hour after the digest."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa

from app import jobs
from app.extensions import db
from app.models import Milestone, Notification, ProjectState
from app.notifications.messages import render
from app.projects import reminders
from tests import factories
from tests.factories.organisations import add_member
from tests.factories.project_reports import reporting_project


def _due(project, *days: date) -> list[Milestone]:
    for milestone, day in zip(project.milestones, days, strict=True):
        milestone.due_on = day
    db.session.commit()
    return project.milestones


def _told(kind="project.report_due"):
    return db.session.scalars(sa.select(Notification).where(Notification.kind == kind).order_by(Notification.id)).all()


def test_members_are_reminded_seven_days_before_once_per_milestone(city, in_english_request):
    project, owner, _staff = reporting_project(city, title="Doposcuola")
    member = factories.create_user(name="Socia")
    add_member(project.organisation, member)
    start, interim, final = _due(project, date(2027, 3, 1), date(2027, 3, 10), date(2027, 6, 30))
    start.reached_on = date(2027, 3, 1)  # reached: nothing to remind
    db.session.commit()

    assert reminders.send_report_reminders(today=date(2027, 3, 2)) == 0  # 8 days before the interim report
    assert reminders.send_report_reminders(today=date(2027, 3, 3)) == 1  # 7 days before
    told = _told()
    assert {n.user_id for n in told} == {owner.id, member.id}
    assert told[0].url == f"/projects/{project.id}/reports"
    assert render(told[0]) == "A report on “Doposcuola” is due by March 10, 2027 (Interim report)."
    assert interim.reminded_at is not None
    assert reminders.send_report_reminders(today=date(2027, 3, 4)) == 0  # once per milestone
    assert reminders.send_report_reminders(today=date(2027, 3, 10)) == 0
    assert len(_told()) == 2
    assert final.reminded_at is None


def test_a_milestone_first_seen_inside_the_window_is_still_reminded_but_a_past_one_never(city):
    project, _owner, _staff = reporting_project(city)
    _due(project, date(2027, 1, 1), date(2027, 3, 10), date(2027, 3, 12))
    # The job did not run for days: on 8 March both the interim (2 days) and final (4 days)
    # milestones are inside the window; the first one is past and is not reminded.
    assert reminders.send_report_reminders(today=date(2027, 3, 8)) == 2
    assert [m.reminded_at is not None for m in project.milestones] == [False, True, True]


def test_closed_and_suspended_projects_are_not_reminded(city):
    closed, _owner, _staff = reporting_project(city, title="Chiuso")
    suspended, _owner2, _staff2 = reporting_project(city, title="Sospeso")
    for project, state in ((closed, ProjectState.CLOSED), (suspended, ProjectState.SUSPENDED)):
        project.state = state
        _due(project, date(2027, 3, 1), date(2027, 3, 5), date(2027, 6, 30))
    assert reminders.send_report_reminders(today=date(2027, 3, 1)) == 0
    assert _told() == []


def test_the_days_before_are_a_setting(city, app, monkeypatch):
    project, _owner, _staff = reporting_project(city)
    _due(project, date(2027, 1, 1), date(2027, 3, 20), date(2027, 6, 30))
    monkeypatch.setitem(app.config, "REPORT_REMINDER_DAYS", 14)
    assert reminders.send_report_reminders(today=date(2027, 3, 5)) == 0
    assert reminders.send_report_reminders(today=date(2027, 3, 6)) == 1  # 14 days before


def test_the_job_runs_daily_at_eight_rome_time_and_reminds(city, monkeypatch):
    assert reminders.daily_at_reminder_time(datetime(2026, 12, 1, 7, 0))  # 08:00 in Rome (winter)
    assert not reminders.daily_at_reminder_time(datetime(2026, 12, 1, 6, 0))
    assert reminders.daily_at_reminder_time(datetime(2026, 7, 1, 6, 0))  # 08:00 in Rome (summer)
    assert [t.name for t in jobs.huey.read_periodic(datetime(2026, 12, 1, 7, 0))] == ["report_reminders"]
    project, _owner, _staff = reporting_project(city)
    today = project.milestones[1].due_on
    monkeypatch.setattr(reminders.times, "now_local", lambda: datetime(today.year, today.month, today.day, 8, 0))
    reminders.report_reminders.call_local()
    db.session.expire_all()
    assert project.milestones[1].reminded_at is not None
    assert len(_told()) == 1
