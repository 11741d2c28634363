"""Funded projects: the only place that writes a project's CUP, dates, milestones and state.

- Staff of the project (``Project.can_manage``) change the CUP, the dates and the milestones
  (:func:`update_project`, the API's PATCH and the manage page), suspend, resume or close the
  project with a public reason (:func:`set_state`; closed is final), and mark a milestone
  reached (:func:`reach_milestone`).
- A funded application that is renounced or revoked closes its project, with the reason,
  inside the same transaction (:func:`close_given_up`, on ``app.rankings.awards.GIVEN_UP``).
Every change is audited. The reports and tranches of a project are written elsewhere
(``app.projects.reports``, ``app.projects.tranches``)."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from app import audit, times
from app.calls.services import _save
from app.errors import Conflict, InvalidInput, PermissionDenied
from app.extensions import db
from app.models import Application, Milestone, Project, ProjectState
from app.models.base import utcnow
from app.projects.making import project_of_application
from app.projects.schemas import ProjectPatchInput, ReachInput, StateInput, check_dates
from app.rankings import awards
from app.schemas import load

#: The steps a project's state may take, and the audit's word for each.
STEPS = {
    (ProjectState.ACTIVE, ProjectState.SUSPENDED): "suspended",
    (ProjectState.SUSPENDED, ProjectState.ACTIVE): "resumed",
    (ProjectState.ACTIVE, ProjectState.CLOSED): "closed",
    (ProjectState.SUSPENDED, ProjectState.CLOSED): "closed",
}


def _managed(actor, project: Project) -> None:
    """Only staff of the project change it, and never once it is closed."""
    if not project.can_manage(actor):
        raise PermissionDenied()
    if project.state is ProjectState.CLOSED:
        raise Conflict(_("This project is closed: it can no longer be changed."))


def _milestone_rows(project: Project, fields: dict) -> list[dict]:
    """The milestones as they will be: those given (each ``id`` one of the project's), or
    the current ones."""
    if "milestones" not in fields:
        return [
            {"id": m.id, "name": m.name, "due_on": m.due_on, "reached_on": m.reached_on} for m in project.milestones
        ]
    own = {m.id for m in project.milestones}
    unknown = {
        f"milestones.{n}.id": [_("This milestone is not one of the project's.")]
        for n, row in enumerate(fields["milestones"])
        if row.get("id") and row["id"] not in own
    }
    if unknown:
        raise InvalidInput(unknown)
    return fields["milestones"]


def _check_cup(project: Project, cup: str | None) -> None:
    if cup is None or cup == project.cup:
        return
    other = db.session.scalar(sa.select(Project).where(Project.cup == cup, Project.id != project.id))
    if other is not None:
        raise InvalidInput(
            {"cup": [_("This CUP is already the code of another project (%(title)s).", title=other.title)]}
        )


def _sync_milestones(project: Project, rows: list[dict]) -> None:
    """Milestones given with an ``id`` change in place (a new due date asks for a new
    reminder); the others are new; the ones not given are removed."""
    by_id = {m.id: m for m in project.milestones}
    kept = []
    for position, row in enumerate(rows):
        milestone = by_id.get(row.get("id")) or Milestone()
        if milestone.due_on != row["due_on"]:
            milestone.reminded_at = None
        milestone.position, milestone.name = position, row["name"]
        milestone.due_on, milestone.reached_on = row["due_on"], row.get("reached_on")
        kept.append(milestone)
    project.milestones = kept


def _commit_unique(write):
    """``_save``, with a CUP taken meanwhile by another project answered as a conflict."""
    try:
        return _save(write)
    except IntegrityError:
        raise Conflict(_("This CUP was given to another project meanwhile.")) from None


def update_project(actor, project: Project, data: dict) -> Project:
    """Staff change the CUP, the dates and (the whole list of) the milestones; a partial body
    changes only what it names (``PATCH /api/v1/projects/{id}``, the manage page)."""
    _managed(actor, project)
    fields = load(ProjectPatchInput, data)
    starts_on = fields["starts_on"] if "starts_on" in fields else project.starts_on
    ends_on = fields["ends_on"] if "ends_on" in fields else project.ends_on
    rows = _milestone_rows(project, fields)
    errors = check_dates(starts_on, ends_on, rows)
    if errors:
        raise InvalidInput(errors)
    if "cup" in fields:
        _check_cup(project, fields["cup"])

    def write():
        changed = sorted(fields)
        if "cup" in fields:
            project.cup = fields["cup"]
        project.starts_on, project.ends_on = starts_on, ends_on
        if "milestones" in fields:
            _sync_milestones(project, rows)
        audit.record(actor, "project.update", project, city=project.city_id, fields=changed, cup=project.cup)
        return project

    return _commit_unique(write)


def set_state(actor, project: Project, data: dict) -> Project:
    """Staff suspend, resume or close a project ``{state, reason}``; closing is final and
    sets ``closed_at``; a step that is not one of ``STEPS`` is a conflict."""
    _managed(actor, project)
    fields = load(StateInput, data)
    step = STEPS.get((project.state, fields["state"]))
    if step is None:
        raise Conflict(_("This project cannot go from this state to that one."))

    def write():
        project.state, project.state_reason = fields["state"], fields["reason"]
        if project.state is ProjectState.CLOSED:
            project.closed_at = utcnow()
        audit.record(actor, f"project.{step}", project, city=project.city_id, reason=fields["reason"])
        return project

    return _save(write)


def reach_milestone(actor, milestone: Milestone, data: dict) -> Milestone:
    """Staff mark a milestone reached ``{reached_on?}`` (today when not given)."""
    project = milestone.project
    _managed(actor, project)
    if milestone.reached_on is not None:
        raise Conflict(_("This milestone is already reached."))
    fields = load(ReachInput, data)
    reached_on = fields["reached_on"] or times.now_local().date()
    if project.starts_on and reached_on < project.starts_on:
        raise InvalidInput({"reached_on": [_("A milestone cannot be reached before the project starts.")]})

    def write():
        milestone.reached_on = reached_on
        audit.record(
            actor,
            "project.milestone_reached",
            project,
            city=project.city_id,
            milestone=milestone.id,
            on=str(reached_on),
        )
        return milestone

    return _save(write)


def close_given_up(actor, application: Application, reason: str) -> None:
    """Inside the renounce or revocation of a grant: its project is closed, with the reason
    (the page says whether it was renounced or revoked, from the application)."""
    project = project_of_application(application)
    if project is None or project.state is ProjectState.CLOSED:
        return
    project.state, project.state_reason, project.closed_at = ProjectState.CLOSED, reason, utcnow()
    audit.record(actor, "project.closed", project, city=project.city_id, cause=application.status.value, reason=reason)


awards.GIVEN_UP.append(close_given_up)
