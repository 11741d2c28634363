"""Demo funded projects of the current programme (``data/projects.json``), per demo city with
staff: the «Comunità educanti» call, ranked in the step before, is awarded through
``app.rankings.services.award``, so ``app.projects.making`` makes its projects (the rolling
call's decisions and the signed art. 55 agreement made theirs in the earlier steps); the
idea that the resident's need became moves to "funded". Then what became of each project
(``plans``): staff give every project its CUP; the call's projects are dated back by the
months of their plan, with their milestones reached, one past due (late), one suspended
with its reason, one closed, the others on track.

The reports, reviews and tranches (``seed_project_reports``) and the good practices
(``seed_good_practices``) go through the reports, tranches and practices services, written
in parallel with this module: they are not steps of ``seed.py`` until those services are
there. Idempotent: an awarded call is not awarded again, a project with a CUP is left as it is."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from decimal import Decimal

import sqlalchemy as sa
from flask import current_app

from app import times
from app.demo.call_participation import _call, _owner
from app.demo.calls import _cities_with_staff
from app.demo.common import by_email, load
from app.demo.lineage import resident_need
from app.extensions import db
from app.ideas import services as ideas
from app.models import Area, IdeaStage, Project, ProjectState, TrancheStatus
from app.models.call import CallStatus
from app.projects import practices, reports
from app.projects.making import DEFAULT_MILESTONES
from app.projects.payments import pay_tranche
from app.rankings import services as rankings

DATA = load("projects")
EVALUATION_CALL = load("applications")["evaluation_call"]["title"]


def plan_of(project: Project) -> dict | None:
    """The plan whose title starts the project's (only projects of the «Comunità educanti» call have one)."""
    if project.call is None or project.call.title != EVALUATION_CALL:
        return None
    return next((p for p in DATA["plans"] if project.title.startswith(p["title"])), None)


def _award(city, staff) -> list[Project]:
    """The call's grants awarded (once): the projects that the award made."""
    call = _call(city, EVALUATION_CALL)
    if call is None or call.status is not CallStatus.RANKING_PUBLISHED:
        return []
    rankings.award(staff, call, {"reason": DATA["award_reason"]})
    return list(db.session.scalars(sa.select(Project).where(Project.call_id == call.id).order_by(Project.id)))


def _funded_ideas(staff, projects: list[Project]) -> int:
    """The ideas that funded applications carry move to "funded", with a public note."""
    moved = 0
    for project in projects:
        for idea in project.application.ideas if project.application else []:
            if idea.stage is IdeaStage.IN_CALL:
                note = DATA["funded_note"].format(title=project.title)
                ideas.change_stage(staff, idea, {"stage": IdeaStage.FUNDED.value, "note": note})
                moved += 1
    return moved


def _months(project: Project) -> int:
    application = project.application
    if application is not None and application.duration_months:
        return application.duration_months
    return project.call.max_duration_months if project.call else 12


def _reschedule(project: Project, plan: dict, today) -> None:
    """The project started ``months_ago``: its dates and milestones follow, those past due
    reached on their day except the plan's ``late`` ones."""
    starts = times.add_months(today, -plan["months_ago"])
    project.starts_on, project.ends_on = starts, times.add_months(starts, _months(project))
    days = (project.ends_on - starts).days
    late = set(plan.get("late", []))
    for milestone, (_name, share) in zip(project.milestones, DEFAULT_MILESTONES, strict=False):
        milestone.due_on = starts + timedelta(days=int(days * Decimal(share)))
        passed = milestone.due_on <= today and milestone.position not in late
        milestone.reached_on = milestone.due_on if passed else None


def _state(project: Project, plan: dict) -> None:
    """The plan's state: suspended or closed, with its reason."""
    if plan["status"] == "suspended":
        project.state, project.state_reason = ProjectState.SUSPENDED, plan["reason"]
    elif plan["status"] == "closed":
        project.state, project.state_reason = ProjectState.CLOSED, plan["reason"]
        project.closed_at = datetime.combine(project.ends_on, time(17), tzinfo=UTC)


def _shape(project: Project, today) -> None:
    """Staff give the project its CUP; the call's projects follow their plan; the others
    started today, their first milestone reached."""
    plan = plan_of(project)
    if plan is None:
        for milestone in project.milestones:
            milestone.reached_on = milestone.due_on if milestone.due_on <= today else None
    else:
        _reschedule(project, plan, today)
        _state(project, plan)
    prefix = DATA["cup"].get(project.city.slug, "J91")
    project.cup = f"{prefix}J{project.starts_on:%y}{500000 + project.id:09d}"


def seed(progress) -> None:
    awarded = moved = shaped = 0
    today = times.now_local().date()
    with current_app.test_request_context():  # the services' notifications link their pages
        for city, staff in _cities_with_staff():
            made = _award(city, staff)
            awarded += len(made)
            moved += _funded_ideas(staff, made)
        current = db.session.scalars(
            sa.select(Project).where(Project.call_id.is_not(None), Project.cup.is_(None)).order_by(Project.id)
        )
        for project in current:
            _shape(project, today)
            shaped += 1
        db.session.commit()
    statuses = {}
    for project in db.session.scalars(sa.select(Project).where(Project.call_id.is_not(None))):
        statuses[project.status.value] = statuses.get(project.status.value, 0) + 1
    progress(f"{awarded} projects from the awarded calls, {moved} ideas funded, {shaped} projects given their CUP")
    progress("projects by status: " + ", ".join(f"{n} {s}" for s, n in sorted(statuses.items())))


# --- reports, reviews and tranches, through the services -------------------------------------


def _when(project: Project, months: int) -> str:
    return times.add_months(project.starts_on, months).isoformat()


def _file(services, owner, staff, project: Project, step: dict) -> None:
    """One report as the organisation files it, then staff's review when the plan has one."""
    if step["kind"] == "expenditure":
        line = project.budget_lines[step["line"]]
        body = {"budget_line": line.id, "amount": step["amount"], "spent_on": _when(project, step["months"])}
        report = services.report_expenditure(owner, project, {**body, "description": step["description"]})
    else:
        body = {"indicator": step["code"], "value": step["value"], "measured_on": _when(project, step["months"])}
        report = services.report_indicator(owner, project, {**body, "evidence": step["evidence"]})
    if "review" in step:
        approve = step["review"] == "approve"
        services.review_report(staff, report, {"approve": approve, "reason": step.get("reason", "")})


#: The tranches paid only once a project is closed (the others while it runs).
AT_CLOSURE = {"balance", "results"}


def _pay(pay_tranche, staff, project: Project, kinds: set[str]) -> int:
    """Pay, in order, the project's planned tranches of ``kinds``."""
    paid = 0
    for tranche in sorted(project.tranches, key=lambda t: t.position):
        if tranche.kind.value in kinds and tranche.status is TrancheStatus.PLANNED:
            pay_tranche(staff, project, tranche, {})
            paid += 1
    return paid


def seed_project_reports(progress) -> None:
    """The reports of each planned project, filed by its organisation's owner and reviewed
    by the city's staff (approved, sent back with the reason), then its tranches paid (the
    closed one's balance and results-based tranche, on its measured achievement, once it is
    closed again). Reports are filed while a project runs: a suspended or closed one is
    active meanwhile, then back to its state."""
    filed = paid = 0
    with current_app.test_request_context():
        for city, staff in _cities_with_staff():
            projects = db.session.scalars(sa.select(Project).where(Project.city_id == city.id).order_by(Project.id))
            for project in list(projects):
                plan, owner = plan_of(project), _owner(project.organisation) if project.organisation else None
                if plan is None or owner is None or project.reports:
                    continue
                state, reason, closed_at = project.state, project.state_reason, project.closed_at
                project.state = ProjectState.ACTIVE
                db.session.commit()
                for step in plan["reports"]:
                    _file(reports, owner, staff, project, step)
                    filed += 1
                paid += _pay(pay_tranche, staff, project, set(plan["tranches"]) - AT_CLOSURE)
                project = db.session.get(Project, project.id)
                project.state, project.state_reason, project.closed_at = state, reason, closed_at
                db.session.commit()
                if state is ProjectState.CLOSED:  # the balance and the results-based tranche
                    paid += _pay(pay_tranche, staff, project, set(plan["tranches"]) & AT_CLOSURE)
    progress(f"{filed} reports filed and reviewed, {paid} tranches paid")


def seed_good_practices(progress) -> None:
    """Closed projects proposed as good practices by their organisation, with lessons
    learned; the authority publishes those the data says (the others wait for curation)."""
    authority, proposed = by_email("authority@demo.cantiere.local"), 0
    with current_app.test_request_context():
        closed = db.session.scalars(
            sa.select(Project)
            .where(Project.state == ProjectState.CLOSED, Project.call_id.is_not(None))
            .order_by(Project.id)
        )
        for project in list(closed):
            spec = next((p for p in DATA["practices"] if project.title.startswith(p["title"])), None)
            owner = _owner(project.organisation) if project.organisation else None
            if spec is None or owner is None or project.good_practice is not None:
                continue  # seeded before
            body = {"title": spec["practice"], "lessons": spec["lessons"]}
            practice = practices.propose_practice(owner, project, body)
            proposed += 1
            if authority is not None and spec["publish"].get(project.city.slug):
                practices.curate_practice(authority, practice, {"publish": True, "reason": ""})
    progress(f"{proposed} good practices proposed")


def resident_project(city) -> Project | None:
    """The project that the demo resident's need became (``tests`` and the docs follow it)."""
    areas = list(db.session.scalars(sa.select(Area).where(Area.city_id == city.id).order_by(Area.id)))
    need = resident_need(city, areas)
    if need is None:
        return None
    return next(
        (p for p in db.session.scalars(sa.select(Project)) if p.application and need in p.application.needs), None
    )
