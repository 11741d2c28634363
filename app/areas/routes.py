"""HTTP views of target areas: the public list and page, and staff's editor."""

from __future__ import annotations

import json

import sqlalchemy as sa
from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.areas import AREA_SECTIONS, bp, services
from app.areas.forms import BLANK_INDICATOR_ROWS, AreaForm
from app.areas.schemas import INDICATOR_FIELDS
from app.errors import InvalidInput
from app.extensions import db
from app.main.routes import CITY_SECTIONS
from app.models import Area, City, Role
from app.permissions import public, roles_required
from app.web import ConfirmForm, Submission, city_or_404, submit_form

CITY_SECTIONS.append(lambda city: [(_l("Target areas"), url_for("areas.index", city=city.slug))])


def _area(city: City, slug: str) -> Area:
    return db.one_or_404(sa.select(Area).where(Area.city_id == city.id, Area.slug == slug))


def city_areas(city: City) -> list[Area]:
    return list(db.session.scalars(sa.select(Area).where(Area.city_id == city.id).order_by(Area.name)))


@bp.app_template_global("city_areas")
def _city_areas_global(city):
    """The areas of a city, for templates of other features (the city page's map)."""
    return city_areas(city)


@bp.app_template_global("area_url")
def area_url(area: Area) -> str:
    return url_for("areas.detail", city=area.city.slug, area_slug=area.slug)


@bp.app_context_processor
def _map_context():
    return {"map_tile_url": current_app.config["MAP_TILE_URL"]}


@bp.route("/c/<city>/areas")
@public
def index(city):
    city_obj = city_or_404(city)
    return render_template(
        "areas/index.html",
        city=city_obj,
        areas=city_areas(city_obj),
    )


@bp.route("/c/<city>/areas/<area_slug>")
@public
def detail(city, area_slug):
    city_obj = city_or_404(city)
    area = _area(city_obj, area_slug)
    sections = [section for provider in AREA_SECTIONS for section in provider(area)]
    return render_template(
        "areas/detail.html",
        city=city_obj,
        area=area,
        sections=sections,
        delete_form=ConfirmForm(),
    )


def _form_data(form: AreaForm) -> dict:
    raw = form.geometry.data
    upload = form.geojson_file.data
    if upload is not None and getattr(upload, "filename", ""):
        raw = upload.read(2 * 1024 * 1024 + 1)
    indicators = [
        {k: entry.form[k].data for k in ("name", "value", "unit", "year", "source")} for entry in form.indicators
    ]
    return {
        "name": form.name.data or "",
        "description": form.description.data or "",
        "geometry": raw,
        "funding_intensity": form.funding_intensity.data,
        "indicators": indicators,
    }


def _rows_errors(form: AreaForm, error: InvalidInput) -> InvalidInput:
    """Put ``indicators.<n>.<field>`` errors on that row (``n`` counts the filled
    rows: the schema skips blank ones) and return the other errors, for the form's fields."""
    filled = [e.form for e in form.indicators.entries if any((e.form[k].data or "").strip() for k in INDICATOR_FIELDS)]
    rest = {}
    for key, messages in error.fields.items():
        parts = key.split(".")
        if len(parts) == 3 and parts[0] == "indicators" and parts[1].isdigit() and int(parts[1]) < len(filled):
            row = filled[int(parts[1])]  # the row's messages show together, under its name
            row.name.errors = list(row.name.errors) + list(messages)
        else:
            rest[key] = messages
    # Only row errors: name a field with no new message, so the form still answers 422.
    return InvalidInput(rest or {"name": []}, message=error.message) if error.fields else error


def _submit(form: AreaForm, action) -> Submission:
    """:func:`app.web.submit_form`, with the indicator rows' errors on their rows."""

    def call():
        try:
            return action()
        except InvalidInput as error:
            raise _rows_errors(form, error) from None

    return submit_form(form, call)


def _add_blank_rows(form: AreaForm) -> None:
    filled = [e for e in form.indicators.entries if (e.form.name.data or "").strip()]
    while len(form.indicators.entries) > len(filled) and not (form.indicators.entries[-1].form.name.data or "").strip():
        form.indicators.pop_entry()
    for _i in range(BLANK_INDICATOR_ROWS):
        if len(form.indicators.entries) < form.indicators.max_entries:
            form.indicators.append_entry()


def _render_form(city_obj, form, area=None, status=200):
    if request.method == "GET":
        _add_blank_rows(form)
    return render_template("areas/form.html", city=city_obj, form=form, area=area), status


@bp.route("/c/<city>/areas/new", methods=["GET", "POST"])
@roles_required(Role.STAFF)
def new(city):
    city_obj = city_or_404(city)
    form = AreaForm()
    sent = _submit(form, lambda: services.create_area(current_user, city_obj, _form_data(form)))
    if sent.done:
        flash(_("The area %(name)s is saved.", name=sent.value.name), "success")
        return redirect(url_for("areas.detail", city=city, area_slug=sent.value.slug))
    return _render_form(city_obj, form, status=sent.status)


@bp.route("/c/<city>/areas/<area_slug>/edit", methods=["GET", "POST"])
@roles_required(Role.STAFF)
def edit(city, area_slug):
    city_obj = city_or_404(city)
    area = _area(city_obj, area_slug)
    if request.method == "GET":
        form = AreaForm(
            data={
                "name": area.name,
                "description": area.description,
                "funding_intensity": f"{area.funding_intensity.normalize():f}",
                "geometry": json.dumps(area.geometry),
                "indicators": [
                    {
                        "name": i.name,
                        "value": f"{i.value.normalize():f}",
                        "unit": i.unit,
                        "year": str(i.year) if i.year else "",
                        "source": i.source,
                    }
                    for i in area.indicators
                ],
            }
        )
    else:
        form = AreaForm()
    sent = _submit(form, lambda: services.update_area(current_user, area, _form_data(form)))
    if sent.done:
        flash(_("The area %(name)s is saved.", name=area.name), "success")
        return redirect(url_for("areas.detail", city=city, area_slug=area.slug))
    return _render_form(city_obj, form, area=area, status=sent.status)


@bp.route("/c/<city>/areas/<area_slug>/delete", methods=["POST"])
@roles_required(Role.STAFF)
def delete(city, area_slug):
    city_obj = city_or_404(city)
    area = _area(city_obj, area_slug)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    name = area.name
    services.delete_area(current_user, area)
    flash(_("The area %(name)s is removed.", name=name), "info")
    return redirect(url_for("areas.index", city=city))
