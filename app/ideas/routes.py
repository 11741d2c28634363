"""HTTP views of ideas: list per city, idea page, propose, edit, history, stages,
volunteers and followers. Thin doors: load, authorise, validate, call one service."""

from __future__ import annotations

import re

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.errors import Conflict, InvalidInput
from app.extensions import db
from app.ideas import bp, diff, links, queries, services, stages
from app.ideas.forms import EditForm, ProposeForm, StageForm, VolunteerForm
from app.models import City, Idea, Need, Role, Workshop
from app.permissions import login_required, object_permission, public, require, roles_required
from app.schemas import MAX_INT
from app.web import ConfirmForm, city_or_404, form_data, submit_form

PER_PAGE = 20


def _idea(city: str, idea_id: int) -> Idea:
    """The idea, when it belongs to ``city`` and the person may see it (404 otherwise)."""
    idea = db.get_or_404(Idea, idea_id)  # the URL converter bounds the id
    if idea.city.slug != city or not idea.can_view(current_user):
        abort(404)
    return idea


def _int_arg(name: str) -> int | None:
    value = request.args.get(name, "")
    return int(value) if value.isdigit() and len(value) < 10 else None


def _area_choices(city: City) -> list[tuple[str, str]]:
    return [("", _("— none —"))] + [(str(a.id), a.name) for a in queries.city_areas(city)]


@bp.route("/ideas")
@public
def choose_city():
    """The ideas of one's own city, or a choice of cities."""
    if current_user.is_authenticated and current_user.city is not None:
        return redirect(url_for("ideas.index", city=current_user.city.slug))
    counts = dict(
        db.session.execute(
            sa.select(Idea.city_id, sa.func.count()).where(Idea.hidden.is_(False)).group_by(Idea.city_id)
        ).all()
    )
    cities = db.session.scalars(sa.select(City).order_by(City.name)).all()
    return render_template("ideas/choose_city.html", cities=cities, counts=counts)


@bp.route("/c/<city>/ideas")
@public
def index(city):
    city_obj = city_or_404(city)
    stage = stages.parse(request.args.get("stage", ""))
    sort = request.args.get("sort") if request.args.get("sort") in queries.SORTS else "newest"
    q = (request.args.get("q") or "").strip()[:100]
    filters = {"area": _int_arg("area"), "stage": stage.value if stage else None, "need": _int_arg("need"), "q": q}
    query = queries.ideas_select(
        city_obj,
        area_id=filters["area"],
        stage=stage,
        need_id=filters["need"],
        q=q or None,
        sort=sort,
        include_hidden=current_user.is_staff_of(city_obj),
    )
    page = db.paginate(query, page=_int_arg("page") or 1, per_page=PER_PAGE, error_out=False)
    need = db.session.get(Need, filters["need"]) if filters["need"] else None
    if need is not None and (need.city_id != city_obj.id or need.hidden):
        need = None
    return render_template(
        "ideas/index.html",
        city=city_obj,
        page=page,
        areas=queries.city_areas(city_obj),
        filters=filters,
        sort=sort,
        need=need,
        stage_order=stages.ORDER,
        link_args={k: v for k, v in {**filters, "sort": sort if sort != "newest" else None}.items() if v},
    )


def _other_need_ids(raw: str | None) -> list[int]:
    """The need numbers written in the form's "other needs" box ("12, #40")."""
    parts = [p for p in re.split(r"[\s,;]+", (raw or "").replace("#", " ")) if p]
    if not all(p.isdigit() and len(p) < 10 for p in parts):
        raise InvalidInput({"other_needs": [_("Write need numbers separated by commas.")]})
    return [int(p) for p in parts]


@bp.route("/c/<city>/ideas/new", methods=["GET", "POST"])
@login_required
def new(city):
    city_obj = city_or_404(city)
    form = ProposeForm()
    preselected = [int(v) for v in request.args.getlist("need") if v.isdigit() and len(v) < 10]
    posted = [i for i in (form.need_ids.data or []) if isinstance(i, int) and 0 < i <= MAX_INT]
    wanted = list(dict.fromkeys(preselected + posted))
    candidates = queries.candidate_needs(city_obj, wanted)
    form.need_ids.choices = [(n.id, n.title) for n in candidates]
    form.area.choices = _area_choices(city_obj)
    if request.method == "GET":
        form.need_ids.data = [n.id for n in candidates if n.id in preselected]

    def propose():
        data = form_data(form, "other_needs")
        data["need_ids"] = list(dict.fromkeys((form.need_ids.data or []) + _other_need_ids(form.other_needs.data)))
        return services.propose_idea(current_user, {**data, "city": city_obj.slug})

    submission = submit_form(form, propose)
    if submission.done:
        flash(_("Your idea is published. Thank you!"), "success")
        return redirect(url_for("ideas.detail", city=city, idea_id=submission.value.id))
    return render_template("ideas/new.html", city=city_obj, form=form, candidates=candidates), submission.status


@bp.route("/c/<city>/ideas/<int:idea_id>")
@public
def detail(city, idea_id):
    idea = _idea(city, idea_id)
    stage_form = StageForm(data={"stage": idea.stage.value})
    mine = services.active_volunteer(current_user, idea)
    volunteer_form = VolunteerForm(obj=mine)
    workshop = db.session.get(Workshop, idea.workshop_id) if idea.workshop_id else None
    return render_template(
        "ideas/detail.html",
        city=idea.city,
        idea=idea,
        history=queries.stage_history(idea),
        stage_order=stages.ORDER,
        stage_step=stages.step(idea.stage),
        version_count=idea.version,
        stage_form=stage_form,
        volunteer_form=volunteer_form,
        my_volunteer=mine,
        volunteers=queries.volunteers(idea) if idea.can_see_volunteers(current_user) else [],
        confirm_form=ConfirmForm(),
        workshop=workshop,
        workshop_url=links.workshop_path(workshop) if workshop else None,
    )


@bp.route("/c/<city>/ideas/<int:idea_id>/edit", methods=["GET", "POST"])
@object_permission("author of the idea")
def edit(city, idea_id):
    idea = _idea(city, idea_id)
    require(idea.can_edit(current_user))
    form = EditForm(obj=idea if request.method == "GET" else None)
    form.area.choices = _area_choices(idea.city)
    if request.method == "GET":
        form.area.data = str(idea.area_id or "")
        form.version.data = str(idea.version)
    version = (form.version.data or "").strip()
    data = {**form_data(form, "version"), "expected_version": int(version) if version.isdigit() else None}
    try:
        submission = submit_form(form, lambda: services.edit_idea(current_user, idea, data))
    except Conflict as error:
        flash(error.message, "warning")
        form.version.data = str(idea.version)
        return render_template("ideas/edit.html", city=idea.city, idea=idea, form=form), 409
    if submission.done:
        flash(_("Your changes are saved; the earlier text stays in the history."), "success")
        return redirect(url_for("ideas.detail", city=city, idea_id=idea.id))
    status = submission.status
    return render_template("ideas/edit.html", city=idea.city, idea=idea, form=form), status


@bp.route("/c/<city>/ideas/<int:idea_id>/history")
@public
def history(city, idea_id):
    """Every earlier text, each with a word-level diff to the text that replaced it."""
    idea = _idea(city, idea_id)
    earlier = queries.versions(idea)
    steps = []
    newer = {"title": idea.title, "summary": idea.summary, "body": idea.body, "number": idea.version}
    for version in earlier:
        steps.append(
            {
                "from": version.number,
                "to": newer["number"],
                "editor": version.editor,
                "at": version.created_at,
                "parts": [
                    (label, diff.word_diff(getattr(version, name), newer[name]))
                    for name, label in (("title", _("Title")), ("summary", _("Summary")), ("body", _("Text")))
                    if diff.changed(getattr(version, name), newer[name])
                ],
            }
        )
        newer = {"title": version.title, "summary": version.summary, "body": version.body, "number": version.number}
    return render_template("ideas/history.html", city=idea.city, idea=idea, steps=steps, first=newer)


@bp.route("/c/<city>/ideas/<int:idea_id>/stage", methods=["POST"])
@roles_required(Role.STAFF, Role.FACILITATOR)
def change_stage(city, idea_id):
    idea = _idea(city, idea_id)
    require(idea.can_change_stage(current_user))
    form = StageForm()
    if submit_form(form, lambda: services.change_stage(current_user, idea, form_data(form))).done:
        flash(_("The idea is now: %(stage)s.", stage=stages.label(idea.stage)), "success")
    else:
        _flash_errors(form)
    return redirect(url_for("ideas.detail", city=city, idea_id=idea.id) + "#stage")


def _flash_errors(form) -> None:
    """A form posted from the idea page that comes back to it: its errors as messages."""
    for field in form:
        expired = field.name == "csrf_token" and field.errors
        for message in [_("The form expired; please send it again.")] if expired else field.errors:
            flash(message, "danger")


@bp.route("/c/<city>/ideas/<int:idea_id>/volunteer", methods=["POST"])
@login_required
def volunteer(city, idea_id):
    idea = _idea(city, idea_id)
    form = VolunteerForm()
    if submit_form(form, lambda: services.volunteer(current_user, idea, form_data(form))).done:
        flash(_("Thank you! The author of the idea knows you want to help."), "success")
    else:
        _flash_errors(form)
    return redirect(url_for("ideas.detail", city=city, idea_id=idea.id) + "#volunteers")


def _confirmed(city: str, idea_id: int, service, message: str, category: str, anchor: str = ""):
    """A one-button form posted from the idea page: ``service(current_user, idea)`` once the
    CSRF token holds,
    ``message`` flashed, back to the idea (at ``anchor``)."""
    idea = _idea(city, idea_id)
    if ConfirmForm().validate_on_submit():
        service(current_user, idea)
        flash(message, category)
    else:
        flash(_("The form expired; please send it again."), "danger")
    return redirect(url_for("ideas.detail", city=city, idea_id=idea.id) + anchor)


@bp.route("/c/<city>/ideas/<int:idea_id>/volunteer/withdraw", methods=["POST"])
@login_required
def withdraw(city, idea_id):
    done = _("You are no longer among the volunteers of this idea.")
    return _confirmed(city, idea_id, services.withdraw_volunteer, done, "info", "#volunteers")


@bp.route("/c/<city>/ideas/<int:idea_id>/follow", methods=["POST"])
@login_required
def follow(city, idea_id):
    done = _("You follow this idea: you will be told when it moves to another stage.")
    return _confirmed(city, idea_id, services.follow_idea, done, "success")


@bp.route("/c/<city>/ideas/<int:idea_id>/unfollow", methods=["POST"])
@login_required
def unfollow(city, idea_id):
    done = _("You no longer follow this idea.")
    return _confirmed(city, idea_id, services.unfollow_idea, done, "info")
