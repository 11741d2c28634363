"""HTTP views of needs: the city's list (filters, sort, search), map, posting form, the
need's page, its photo, and the author's or staff's edit form."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.areas import AREA_SECTIONS
from app.auth.services import EXPORTERS
from app.errors import InvalidInput, NotFound
from app.extensions import db, limiter
from app.main.routes import CITY_SECTIONS, MAIN_NAV
from app.models import Anonymous, Area, City, Need
from app.needs import bp, labels, queries, services
from app.needs.forms import NeedFilterForm, NeedForm
from app.needs.limits import POST_LIMIT, poster_key
from app.permissions import login_required, object_permission, public, require
from app.schemas import MAX_INT
from app.uploads import photo_file, read_limited
from app.web import city_or_404, form_data, submit_form

PER_PAGE = 20

MAIN_NAV.append(("needs.choose_city", _l("Needs")))


def _city_links(city):
    return [
        (_l("Needs"), url_for("needs.index", city=city.slug)),
        (_l("Map of needs"), url_for("needs.map", city=city.slug)),
        (_l("Post a need"), url_for("needs.new", city=city.slug)),
    ]


CITY_SECTIONS.append(_city_links)


def _area_needs(area: Area):
    select = queries.needs_select(current_user, city_id=area.city_id, area_id=area.id).limit(8)
    items = [(n.title, url_for("needs.detail", need_id=n.id)) for n in db.session.scalars(select)]
    more = url_for("needs.index", city=area.city.slug, area=area.id)
    return [(_("Needs in this area"), items, more)]


AREA_SECTIONS.append(_area_needs)


def _export_needs(user):
    needs = db.session.scalars(sa.select(Need).where(Need.author_id == user.id).order_by(Need.id))
    return "needs", [
        {
            "id": n.id,
            "city": n.city.slug,
            "title": n.title,
            "body": n.body,
            "category": n.category.value,
            "status": n.status.value,
            "lat": n.lat,
            "lng": n.lng,
            "created_at": n.created_at.isoformat(),
        }
        for n in needs
    ]


EXPORTERS.append(_export_needs)


def _visible_need(need_id: int) -> Need:
    need = db.session.get(Need, need_id) if need_id <= MAX_INT else None
    if need is None or not need.can_view(current_user):
        raise NotFound()
    return need


def _area_choices(city: City, blank: str) -> list[tuple[str, str]]:
    areas = db.session.scalars(sa.select(Area).where(Area.city_id == city.id).order_by(Area.name))
    return [("", blank)] + [(str(a.id), a.name) for a in areas]


@bp.app_template_global()
def need_category_label(category) -> str:
    return str(labels.CATEGORY_LABELS.get(category, category))


@bp.app_template_global()
def need_status_label(status) -> str:
    return str(labels.STATUS_LABELS.get(status, status))


@bp.app_template_global()
def need_status_badge(status) -> str:
    return labels.STATUS_BADGES.get(status, "bg-secondary")


# --- lists ----------------------------------------------------------------------------------


@bp.route("/needs")
@public
def choose_city():
    cities = db.session.scalars(sa.select(City).order_by(City.name)).all()
    counts = dict(
        db.session.execute(
            sa.select(Need.city_id, sa.func.count()).where(queries.listing_clause(Anonymous())).group_by(Need.city_id)
        ).all()
    )
    return render_template("needs/choose_city.html", cities=cities, counts=counts)


def _filters(city: City):
    form = NeedFilterForm(request.args)
    form.area.choices = _area_choices(city, _("All areas"))
    form.category.choices = labels.category_choices(_("All categories"))
    form.status.choices = labels.status_choices(_("All statuses"))
    form.sort.choices = [(k, str(v)) for k, v in labels.SORT_LABELS.items()]
    args = {}
    area_id = request.args.get("area", "")
    if area_id.isdigit() and area_id in {c[0] for c in form.area.choices}:
        args["area_id"] = int(area_id)
    try:
        args["category"] = queries.parse_category(request.args.get("category"))
    except InvalidInput:
        args["category"] = None
    try:
        args["status"] = queries.parse_status(request.args.get("status"))
    except InvalidInput:
        args["status"] = None
    q = (request.args.get("q") or "").strip()[:200]
    args["q"] = q or None
    sort = request.args.get("sort", "newest")
    args["sort"] = sort if sort in queries.SORTS else "newest"
    return form, args


@bp.route("/c/<city>/needs")
@public
def index(city):
    city_obj = city_or_404(city)
    form, args = _filters(city_obj)
    select = queries.with_relations(queries.needs_select(current_user, city_id=city_obj.id, **args))
    page_number = request.args.get("page", 1, type=int) or 1
    page = db.paginate(select, page=max(1, min(page_number, 100000)), per_page=PER_PAGE, error_out=False)
    kept = {k: v for k, v in request.args.items() if k in ("q", "area", "category", "status", "sort") and v}
    return render_template(
        "needs/index.html", city=city_obj, form=form, page=page, filters=kept, searching=bool(args["q"])
    )


@bp.route("/c/<city>/needs/map", endpoint="map")
@public
def map_view(city):
    city_obj = city_or_404(city)
    form, _args = _filters(city_obj)
    kept = {k: v for k, v in request.args.items() if k in ("q", "area", "category", "status") and v}
    return render_template("needs/map.html", city=city_obj, form=form, filters=kept)


# --- posting and editing -------------------------------------------------------------------


def _photo_bytes(form: NeedForm) -> bytes | None:
    upload = form.photo.data
    if upload is None or not getattr(upload, "filename", ""):
        return None
    return read_limited(upload.stream)


def _prepare(form: NeedForm, city: City) -> None:
    form.category.choices = labels.category_choices(_("— choose —"))
    form.area.choices = _area_choices(city, _("— none —"))


@bp.route("/needs/new")
@login_required
def new_any():
    """ "Post a need" without a city: the person's own city, or a choice."""
    if current_user.city is not None:
        return redirect(url_for("needs.new", city=current_user.city.slug))
    return redirect(url_for("needs.choose_city"))


@bp.route("/c/<city>/needs/new", methods=["GET", "POST"])
@login_required
@limiter.limit(POST_LIMIT, key_func=poster_key, methods=["POST"], deduct_when=lambda r: r.status_code == 302)
def new(city):
    city_obj = city_or_404(city)
    form = NeedForm()
    _prepare(form, city_obj)
    sent = submit_form(
        form,
        lambda: services.post_need(
            current_user, city_obj, form_data(form, "photo", "remove_photo"), photo=_photo_bytes(form)
        ),
    )
    if sent.done:
        flash(_("Thank you: your need is published."), "success")
        return redirect(url_for("needs.detail", need_id=sent.value.id))
    return render_template("needs/form.html", city=city_obj, form=form, need=None), sent.status


def _edit_form(need: Need) -> NeedForm:
    if request.method != "GET":
        return NeedForm()
    return NeedForm(
        data={
            "title": need.title,
            "body": need.body,
            "category": need.category.value,
            "lat": "" if need.lat is None else f"{need.lat:.6f}",
            "lng": "" if need.lng is None else f"{need.lng:.6f}",
            "area": str(need.area_id) if need.area_id and need.lat is None else "",
        }
    )


@bp.route("/needs/<int:need_id>/edit", methods=["GET", "POST"])
@object_permission("author while open, or city staff")
@limiter.limit(POST_LIMIT, key_func=poster_key, methods=["POST"], deduct_when=lambda r: r.status_code == 302)
def edit(need_id):
    need = _visible_need(need_id)
    require(need.can_edit(current_user))
    form = _edit_form(need)
    _prepare(form, need.city)
    sent = submit_form(
        form, lambda: services.edit_need(current_user, need, form_data(form, "photo"), photo=_photo_bytes(form))
    )
    if sent.done:
        flash(_("The need is saved."), "success")
        return redirect(url_for("needs.detail", need_id=need.id))
    return render_template("needs/form.html", city=need.city, form=form, need=need), sent.status


# --- one need -----------------------------------------------------------------------------


@bp.route("/needs/<int:need_id>")
@public
def detail(need_id):
    need = _visible_need(need_id)
    return render_template("needs/detail.html", need=need, city=need.city)


def _send_photo(need_id: int, thumb: bool):
    need = _visible_need(need_id)
    if need.photo is None:
        abort(404)
    path = photo_file(need.photo, thumb=thumb)
    if not path.is_file():
        abort(404)
    response = send_file(path, mimetype="image/jpeg", max_age=300, conditional=True)
    response.headers["Cache-Control"] = "private, max-age=300"
    response.headers["Content-Disposition"] = f'inline; filename="bisogno-{need.id}{"-thumb" if thumb else ""}.jpg"'
    return response


@bp.route("/needs/<int:need_id>/photo")
@public
def photo(need_id):
    """The need's photo, to whoever may see the need."""
    return _send_photo(need_id, thumb=False)


@bp.route("/needs/<int:need_id>/photo/thumb")
@public
def photo_thumb(need_id):
    return _send_photo(need_id, thumb=True)
