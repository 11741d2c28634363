"""Good practices: the search page of every city's published practices, a practice's page
(the project, its grant, dates and indicator results, and the lessons learned), the
authority's curation queue, and the proposal form of a closed project."""

from __future__ import annotations

import sqlalchemy as sa
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.errors import Conflict, InvalidInput
from app.extensions import db
from app.main.routes import MAIN_NAV
from app.models import Area, City, CohesionFund, GoodPractice, Programme, ProgrammeAction, Project, Role
from app.permissions import object_permission, public, require, roles_required
from app.projects import bp, practice_queries, practices
from app.projects.forms_practices import CurationForm, PracticeForm
from app.web import form_data, page_arg, submit_form

PER_PAGE = 20
AUTHORITY = "the programme's authority"
FILTERS = ("q", "city", "fund", "action", "area")

MAIN_NAV.append(("projects.practices_index", _l("Good practices")))


def _choices() -> dict:
    cities = db.session.scalars(sa.select(City).order_by(City.name)).all()
    actions = db.session.execute(
        sa.select(ProgrammeAction.id, ProgrammeAction.code, ProgrammeAction.name, Programme.period)
        .join(Programme)
        .order_by(Programme.period, ProgrammeAction.code)
    ).all()
    return {
        "cities": [(c.slug, c.name) for c in cities],
        "funds": [(f.value, f.value) for f in CohesionFund],
        "actions": [(a.id, f"{a.code} {a.name} ({a.period})") for a in actions],
    }


def _filters() -> tuple[dict, dict]:
    """The search's arguments from the query string (unknown values are ignored) and the
    filters kept for the pagination links."""
    raw = {k: (request.args.get(k) or "").strip()[:200] for k in FILTERS}
    city = db.session.scalar(sa.select(City).where(City.slug == raw["city"])) if raw["city"] else None
    try:
        fund = practice_queries.parse_fund(raw["fund"])
    except InvalidInput:
        fund = None
    args = {
        "q": raw["q"] or None,
        "city_id": city.id if city else None,
        "fund": fund,
        "action_id": int(raw["action"]) if raw["action"].isdigit() and len(raw["action"]) < 10 else None,
        "area_id": int(raw["area"]) if city and raw["area"].isdigit() and len(raw["area"]) < 10 else None,
    }
    areas = db.session.scalars(sa.select(Area).where(Area.city_id == city.id).order_by(Area.name)).all() if city else []
    return args, {"kept": {k: v for k, v in raw.items() if v}, "raw": raw, "areas": [(a.id, a.name) for a in areas]}


@bp.route("/good-practices")
@public
def practices_index():
    """Every city's published good practices, searched (Italian word stems) and filtered."""
    args, shown = _filters()
    select = practice_queries.with_relations(practice_queries.practices_select(current_user, **args))
    page = db.paginate(select, page=page_arg(), per_page=PER_PAGE, error_out=False)
    return render_template("projects/practices/index.html", page=page, filters=shown, **_choices())


@bp.route("/good-practices/pending")
@roles_required(Role.AUTHORITY)
def pending_practices():
    """The authority's curation queue: the proposed practices, oldest first."""
    select = practice_queries.with_relations(practice_queries.pending_select())
    page = db.paginate(select, page=page_arg(), per_page=PER_PAGE, error_out=False)
    return render_template("projects/practices/pending.html", page=page)


def _practice(practice_id: int) -> GoodPractice:
    practice = db.get_or_404(GoodPractice, practice_id)
    require(practice.can_view(current_user))
    return practice


@bp.route("/good-practices/<int:practice_id>")
@public
def practice(practice_id, form=None, status=200):
    """A practice: the project (grant per fund, dates, indicators with results) and the lessons."""
    item = _practice(practice_id)
    return render_template(
        "projects/practices/show.html",
        practice=item,
        project=item.project,
        results=practice_queries.indicator_results(item.project),
        form=form or CurationForm(),
    ), status


@bp.route("/good-practices/<int:practice_id>/curation", methods=["POST"])
@object_permission(AUTHORITY)
def curate_practice(practice_id):
    """The authority publishes the practice or declines it with a reason."""
    item = _practice(practice_id)
    require(item.can_curate(current_user))
    form = CurationForm()
    data = {"publish": bool(form.publish.data), "reason": form.reason.data}
    try:
        done = submit_form(form, lambda: practices.curate_practice(current_user, item, data))
    except Conflict as error:
        flash(error.message, "danger")
        return redirect(url_for("projects.practice", practice_id=item.id))
    if not done.done:
        return practice(item.id, form=form, status=done.status)
    flash(_("The good practice is published.") if data["publish"] else _("The good practice is declined."), "success")
    return redirect(url_for("projects.pending_practices"))


@bp.route("/projects/<int:project_id>/good-practice", methods=["GET", "POST"])
@object_permission("the project's organisation or the city's staff, once the project is closed")
def propose_practice(project_id):
    """Propose a closed project as a good practice, with its lessons learned."""
    project = db.get_or_404(Project, project_id)
    require(project.can_propose_practice(current_user))
    if project.good_practice is not None:
        return redirect(url_for("projects.practice", practice_id=project.good_practice.id))
    form = PracticeForm()
    try:
        done = submit_form(form, lambda: practices.propose_practice(current_user, project, form_data(form)))
    except Conflict as error:
        flash(error.message, "danger")
        return redirect(url_for("projects.propose_practice", project_id=project.id))
    if done.done:
        flash(_("Thank you: the good practice is proposed; the programme's authority will curate it."), "success")
        return redirect(url_for("projects.practice", practice_id=done.value.id))
    return render_template("projects/practices/propose.html", project=project, form=form), done.status


@bp.app_template_global()
def practice_form() -> PracticeForm:
    """A blank proposal form for ``projects/_practice.html`` (the project page's own view
    does not know about good practices)."""
    return PracticeForm()
