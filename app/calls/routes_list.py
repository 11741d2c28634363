"""The lists of calls (a city's, and all cities' together) with their filters, and the
eligible areas of a call as GeoJSON for the call page's map."""

from __future__ import annotations

from flask import abort, jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.calls import areas_map, bp, labels, listing, queries
from app.extensions import db
from app.main.routes import MAIN_NAV
from app.models.call import Call
from app.permissions import public
from app.web import city_by_slug, city_or_404, page_arg

PER_PAGE = 20

MAIN_NAV.append(("calls.all_calls", _l("Funding calls")))


@bp.app_template_global()
def call_status_strings() -> dict:
    """The statuses' words for the live call page's script (``calls_status_<code>``)."""
    return {f"calls_status_{status.value}": str(label) for status, label in labels.STATUSES.items()}


@bp.app_template_global()
def call_intensity_bands():
    """The legend of the map of a call's areas: (band index, label)."""
    return [(n, label) for n, (_low, label) in enumerate(areas_map.BANDS)]


@bp.app_template_global()
def call_intensity_band(intensity) -> int:
    return areas_map.band_of(intensity)


def _list(city, *, cross_city: bool):
    form, wanted, kept = listing.filter_form(request.args, current_user, city, cross_city=cross_city)
    select = queries.calls_select(current_user, **wanted)
    page = db.paginate(select, page=page_arg(), per_page=PER_PAGE, max_per_page=PER_PAGE, error_out=False)
    return render_template(
        "calls/index.html",
        city=city if not cross_city else None,
        chosen_city=city,
        form=form,
        page=page,
        calls=page.items,
        kept=kept,
        filtered=bool(kept),
        labels=labels,
    )


@bp.route("/<city>/calls")
@public
def index(city):
    """The calls of a city that a visitor may see, open ones first, with filters."""
    return _list(city_or_404(city), cross_city=False)


@bp.route("/calls")
@public
def all_calls():
    """The public calls of every city, with a city filter."""
    slug = request.args.get("city", "")
    return _list(city_by_slug(slug[:80]) if slug else None, cross_city=True)


@bp.route("/calls/<int:call_id>/areas.geojson")
@public
def areas_geojson(call_id):
    """The call's eligible areas with their funding intensity (as the call says, or the
    area's own), for the map of the call page."""
    call = db.session.get(Call, call_id)
    if call is None or not call.can_view(current_user):
        abort(404)  # a draft's map is not there for those who may not see the draft
    response = jsonify(areas_map.areas_geojson(call))
    response.mimetype = "application/geo+json"
    return response
