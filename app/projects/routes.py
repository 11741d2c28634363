"""The public pages of funded projects: the list with its filters (city, fund, action,
status) and a project's page with everything public about it; and the links to a project
that other pages show (a funded application, the ranking's funded rows)."""

from __future__ import annotations

import sqlalchemy as sa
from flask import render_template, request, url_for
from flask_babel import lazy_gettext as _l

from app.extensions import db
from app.main.routes import MAIN_NAV
from app.models import Application, CohesionFund, Project, ProjectStatus
from app.permissions import public
from app.projects import bp, labels, queries
from app.web import city_by_slug, page_arg

PER_PAGE = 20

MAIN_NAV.append(("projects.index", _l("Funded projects")))


@bp.app_template_global()
def project_url_of(application: Application) -> str | None:
    """The page of the project a funded application became, if any."""
    project_id = db.session.scalar(sa.select(Project.id).where(Project.application_id == application.id))
    return url_for("projects.show", project_id=project_id) if project_id else None


@bp.app_template_global()
def project_urls_of_call(call) -> dict[int, str]:
    """Per application id, the page of its project (one query for a whole ranking)."""
    rows = db.session.execute(
        sa.select(Project.application_id, Project.id).where(
            Project.call_id == call.id, Project.application_id.is_not(None)
        )
    )
    return {application_id: url_for("projects.show", project_id=pid) for application_id, pid in rows}


def _filters(args) -> tuple[dict, dict, bool]:
    """The list's query arguments: what ``projects_select`` takes, what the pages' links
    keep, and whether something was not understood (it is then ignored, never an error)."""
    kept, ignored = {}, False
    city = city_by_slug(args.get("city", "")[:80]) if args.get("city") else None
    choices = {
        "fund": {f.value for f in CohesionFund},
        "status": {s.value for s in ProjectStatus},
        "action": set(queries.action_codes()),
    }
    for name, allowed in choices.items():
        value = args.get(name, "")
        if value in allowed:
            kept[name] = value
        elif value:
            ignored = True
    if city is not None:
        kept["city"] = city.slug
    elif args.get("city"):
        ignored = True
    wanted = {
        "city_id": city.id if city else None,
        "fund": CohesionFund(kept["fund"]) if "fund" in kept else None,
        "action": kept.get("action"),
        "status": ProjectStatus(kept["status"]) if "status" in kept else None,
    }
    return wanted, kept, ignored


@bp.route("/projects")
@public
def index():
    """Funded projects of every city, newest first, with filters."""
    wanted, kept, ignored = _filters(request.args)
    select = queries.projects_select(**wanted)
    page = db.paginate(select, page=page_arg(), per_page=PER_PAGE, max_per_page=PER_PAGE, error_out=False)
    return render_template(
        "projects/index.html",
        page=page,
        projects=page.items,
        kept=kept,
        ignored=ignored,
        actions=[(code, code) for code in queries.action_codes()],
        funds=[(f.value, f.value) for f in CohesionFund],
        labels=labels,
    )


@bp.route("/projects/<int:project_id>")
@public
def show(project_id):
    """A project: grant per fund, dates, status, milestones, budget lines, indicators with
    their latest approved values, spend against the grant (and what other features add)."""
    project = db.get_or_404(Project, project_id)
    latest = queries.latest_values([project])
    share = (project.spent / project.grant * 100) if project.grant else 0
    return render_template(
        "projects/show.html",
        project=project,
        city=project.city,
        latest=latest,
        spent_pct=min(round(share), 100),
        today=queries.today(),
        labels=labels,
    )


from app.projects import routes_manage  # noqa: E402, F401
