"""The staff's page of a project: CUP, dates and the milestones editor, a milestone marked
reached, and suspend / resume / close with a reason. Each form hands its values to one
service of ``app.projects.services``."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.errors import Conflict, InvalidInput
from app.extensions import db
from app.models import Milestone, Project
from app.permissions import object_permission, require
from app.projects import bp, labels, queries, services
from app.projects.forms import ProjectForm, ReachForm, StateForm, body_of, pad_rows, place_errors
from app.web import form_data, submit_form

STAFF = "staff of the project's city"


def _managed(project_id: int) -> Project:
    project = db.get_or_404(Project, project_id)
    require(project.can_manage(current_user))
    return project


def _state_form(project: Project, form: StateForm | None = None) -> StateForm:
    form = form or StateForm(formdata=None)
    form.state.choices = [(to.value, str(labels.STEPS[to])) for (at, to) in services.STEPS if at is project.state]
    return form


def _data_of(project: Project) -> dict:
    return {
        "cup": project.cup or "",
        "starts_on": project.starts_on,
        "ends_on": project.ends_on,
        "milestones": [
            {"id": str(m.id), "name": m.name, "due_on": m.due_on, "reached_on": m.reached_on}
            for m in project.milestones
        ],
    }


def _page(project: Project, form: ProjectForm, status: int = 200, state_form: StateForm | None = None):
    pad_rows(form)
    return render_template(
        "projects/manage.html",
        project=project,
        city=project.city,
        form=form,
        state_form=_state_form(project, state_form),
        reach_form=ReachForm(formdata=None),
        today=queries.today(),
        labels=labels,
    ), status


@bp.route("/projects/<int:project_id>/manage", methods=["GET", "POST"])
@object_permission(STAFF)
def manage(project_id):
    """Staff change the CUP, the dates and the milestones (a POST sends them all)."""
    project = _managed(project_id)
    if request.method == "GET":
        return _page(project, ProjectForm(data=_data_of(project)))
    form = ProjectForm()
    if not form.validate():
        return _page(project, form, 422)
    try:
        services.update_project(current_user, project, body_of(form))
    except InvalidInput as error:
        for message in place_errors(form, error.fields) or ([] if error.fields else [error.message]):
            flash(message, "danger")
        return _page(project, form, 422)
    except Conflict as error:
        flash(error.message, "danger")
        return redirect(url_for("projects.manage", project_id=project.id))
    flash(_("The project is saved."), "success")
    return redirect(url_for("projects.show", project_id=project.id))


def _act(project: Project, form, action, done: str, then: str):
    """One of the page's buttons: the service through ``submit_form``; a conflict (a closed
    project, a milestone already reached) is said on the manage page. Returns the form's
    ``Submission``, or the redirect when it is over."""
    try:
        submission = submit_form(form, action)
    except Conflict as error:
        flash(error.message, "danger")
        return None, redirect(url_for("projects.manage", project_id=project.id))
    if submission.done:
        flash(done, "success")
        return None, redirect(url_for(then, project_id=project.id))
    return submission, None


@bp.route("/projects/<int:project_id>/state", methods=["POST"])
@object_permission(STAFF)
def change_state(project_id):
    """Staff suspend, resume or close the project, with a reason."""
    project = _managed(project_id)
    form = _state_form(project, StateForm())
    action = lambda: services.set_state(current_user, project, form_data(form))  # noqa: E731
    submission, over = _act(project, form, action, _("The project's state is changed."), "projects.show")
    return over or _page(project, ProjectForm(data=_data_of(project)), submission.status, state_form=form)


@bp.route("/projects/<int:project_id>/milestones/<int:milestone_id>/reached", methods=["POST"])
@object_permission(STAFF)
def reach_milestone(project_id, milestone_id):
    """Staff mark a milestone reached (today, or the day given)."""
    project = _managed(project_id)
    milestone = db.session.get(Milestone, milestone_id)
    if milestone is None or milestone.project_id != project.id:
        abort(404)
    form = ReachForm()
    action = lambda: services.reach_milestone(current_user, milestone, form_data(form))  # noqa: E731
    _submission, over = _act(project, form, action, _("The milestone is marked reached."), "projects.manage")
    for message in form.reached_on.errors:
        flash(message, "danger")
    return over or redirect(url_for("projects.manage", project_id=project.id))
