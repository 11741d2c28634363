"""The tranches of a project: their page (the panel the project page includes, on its own)
and the button with which staff pay the next one."""

from __future__ import annotations

from flask import flash, redirect, render_template
from flask_babel import gettext as _
from flask_login import current_user

from app.errors import Conflict
from app.extensions import db
from app.i18n import euro
from app.models import Project, Tranche
from app.permissions import object_permission, public, require
from app.projects import bp, payments, tranche_text
from app.projects.forms_tranches import PayTrancheForm
from app.web import safe_next, submit_form


@bp.record_once
def _template_helpers(state) -> None:
    """``_tranches.html`` is included by pages that give it only ``project``."""
    state.app.jinja_env.globals.update(tranche_schedule=payments.schedule_of, tranche_text=tranche_text)


def _project(project_id: int) -> Project:
    project = db.get_or_404(Project, project_id)
    require(project.can_view(current_user))
    return project


@bp.route("/projects/<int:project_id>/tranches")
@public
def tranches(project_id):
    """Every tranche of the project, and how the results-based one is computed."""
    return render_template("projects/tranches.html", project=_project(project_id))


@bp.route("/projects/<int:project_id>/tranches/<int:tranche_id>/pay", methods=["POST"])
@object_permission("staff of the project")
def pay_tranche(project_id, tranche_id):
    """Staff pay the next tranche when it is due."""
    project = _project(project_id)
    require(project.can_manage(current_user))
    tranche = db.get_or_404(Tranche, tranche_id)
    form = PayTrancheForm()
    back = safe_next("projects.tranches", project_id=project.id)
    try:
        done = submit_form(form, lambda: payments.pay_tranche(current_user, project, tranche, form.body()))
    except Conflict as error:
        flash(error.message, "danger")
        return redirect(back)
    if done.done:
        flash(_("Paid: %(amount)s.", amount=euro(tranche.amount)), "success")
    else:
        flash(_("The payment was not sent: reload the page and try again."), "danger")
    return redirect(back)
