"""The dashboards live (``shared/REALTIME.md``): ``programme`` and ``programme:<city>`` push
``counter:changed`` for ``committed`` and ``spent`` (decimal strings: the current programme's
totals, of the whole programme and of the city) when an award makes a project or staff
approve an expenditure.

The hooks run inside the deciding transaction and only note which cities changed; the totals
are read just before that transaction commits (after everything it wrote, whatever order the
service wrote it in) and pushed once it has committed, once per transaction however many
projects an award made."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session

from app import realtime
from app.dashboards import stats
from app.extensions import db
from app.models import City, ReportKind
from app.projects import hooks

TOPIC = "programme"
_CHANGED = "programme_changed_cities"


def topic_exists(key: str | None) -> bool:
    """``programme`` (the whole programme) and ``programme:<city slug>``."""
    return key is None or db.session.scalar(sa.select(City.id).where(City.slug == key)) is not None


def _changed(city_id: int) -> None:
    db.session().info.setdefault(_CHANGED, set()).add(city_id)


def _project_created(actor, project) -> None:
    _changed(project.city_id or project.call.city_id)


def _report_approved(actor, report) -> None:
    if report.kind is ReportKind.EXPENDITURE:
        _changed(report.project.city_id)


@event.listens_for(Session, "before_commit")
def _push_totals(session: Session) -> None:
    city_ids = session.info.pop(_CHANGED, None)
    if not city_ids:
        return
    whole = stats.current_totals()
    if whole is None:  # no current programme: no page shows these counters
        return
    pushes = [(TOPIC, whole)]
    for city in session.scalars(sa.select(City).where(City.id.in_(city_ids)).order_by(City.id)):
        pushes.append((f"{TOPIC}:{city.slug}", stats.current_totals(city)))
    for topic, totals in pushes:
        for name in ("committed", "spent"):
            realtime.push_counter(topic, name, f"{totals[name]:.2f}")


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop(_CHANGED, None)


hooks.PROJECT_CREATED.append(_project_created)
hooks.REPORT_APPROVED.append(_report_approved)
realtime.register_topic(TOPIC, topic_exists, bare=True)
