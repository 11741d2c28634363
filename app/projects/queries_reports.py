"""Reads of the reports: what a reader may see of a project's reports, staff's queue of
reports waiting for review, and what the forms offer (budget lines, simplified-cost rates)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import City, Project, ProjectReport, ReportStatus, Role
from app.projects.reports import committed_on

#: The longest queue a page shows (the oldest first: they wait the longest).
QUEUE_LIMIT = 200


def visible(project: Project, user) -> list[ProjectReport]:
    """The project's reports ``user`` may see, newest first: the approved ones for everyone,
    all of them for its organisation and staff."""
    query = (
        sa.select(ProjectReport)
        .where(ProjectReport.project_id == project.id)
        .options(selectinload(ProjectReport.files))
        .order_by(ProjectReport.submitted_at.desc(), ProjectReport.id.desc())
    )
    if not (project.is_beneficiary(user) or project.can_manage(user)):
        query = query.where(ProjectReport.status == ReportStatus.APPROVED)
    return list(db.session.scalars(query))


def staff_cities(user) -> list[City]:
    if user.is_admin:
        return list(db.session.scalars(sa.select(City).order_by(City.name)))
    ids = {g.city_id for g in user.roles if g.role is Role.STAFF}
    return list(db.session.scalars(sa.select(City).where(City.id.in_(ids)).order_by(City.name)))


def pending_for(user, city: City | None = None) -> list[ProjectReport]:
    """Submitted reports of the cities ``user`` is staff of (or of ``city``) that they may
    review, oldest first."""
    cities = [c.id for c in staff_cities(user) if city is None or c.id == city.id]
    query = (
        sa.select(ProjectReport)
        .join(Project, Project.id == ProjectReport.project_id)
        .where(ProjectReport.status == ReportStatus.SUBMITTED, Project.city_id.in_(cities))
        .options(selectinload(ProjectReport.files))
        .order_by(ProjectReport.submitted_at, ProjectReport.id)
        .limit(QUEUE_LIMIT)
    )
    return [r for r in db.session.scalars(query) if r.can_review(user)]


def line_label(line) -> str:
    text = line.description or line.category.value
    if line.simplified:
        return f"{text} ({line.rate} € / {line.unit or '1'})"
    return text


def line_choices(project: Project) -> list[tuple[str, str]]:
    return [(str(line.id), line_label(line)) for line in project.budget_lines]


def rates(project: Project) -> dict[str, dict]:
    """Per budget line id: its rate and unit (simplified-cost lines) and the euros left, for
    the form's computed amount."""
    return {
        str(line.id): {
            "rate": str(line.rate) if line.simplified else "",
            "unit": line.unit or "",
            "left": str(max(line.amount - committed_on(line), 0)),
        }
        for line in project.budget_lines
    }
