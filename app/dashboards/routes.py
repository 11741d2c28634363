"""The dashboards' pages, public like the acts they count: the programme overview, a city's
dashboard and the cities side by side. Filters come from the query string; a value that is
not one of the choices is ignored (never an error)."""

from __future__ import annotations

from dataclasses import replace

import sqlalchemy as sa
from flask import render_template, request, url_for
from flask_babel import lazy_gettext as _l

from app.dashboards import bp, participation, stats
from app.dashboards import filters as dashboard_filters
from app.dashboards.live import TOPIC
from app.extensions import db
from app.main.routes import CITY_SECTIONS, MAIN_NAV
from app.models import City, CohesionFund, Programme, ProgrammeAction
from app.permissions import public
from app.web import city_or_404

MAIN_NAV.append(("dashboards.overview", _l("Dashboards")))
CITY_SECTIONS.append(lambda city: [(_l("Programme dashboard"), url_for("dashboards.city", city=city.slug))])


def choices() -> dict:
    """The options of the filter form."""
    programmes = db.session.scalars(sa.select(Programme).order_by(Programme.period.desc())).all()
    codes = db.session.scalars(sa.select(ProgrammeAction.code).distinct().order_by(ProgrammeAction.code)).all()
    return {
        "programmes": [(p.code, f"{p.name} ({p.period})") for p in programmes],
        "funds": [(f.value, f.value) for f in CohesionFund],
        "actions": [(c, c) for c in codes],
    }


def live_topic(filters: stats.Filters, city: City | None = None) -> str | None:
    """The topic whose counters the page's current-programme totals follow; none when a
    fund or action filter makes them other numbers than the pushed ones."""
    if filters.fund is not None or filters.action:
        return None
    return f"{TOPIC}:{city.slug}" if city else TOPIC


@bp.route("/dashboards")
@public
def overview():
    """The programme overview: per programme, its allocation, totals, funds, actions and cities."""
    args = dashboard_filters.page_args(request.args)
    filters = dashboard_filters.of(args)
    return render_template(
        "dashboards/overview.html",
        args=args,
        cities=db.session.scalars(sa.select(City).order_by(City.name)).all(),
        choices=choices(),
        programmes=stats.programme_figures(filters),
        live_topic=live_topic(filters),
    )


@bp.route("/dashboards/compare")
@public
def compare():
    """The cities side by side: the programme's figures per city and participation per
    1 000 residents, for the city and each of its target areas."""
    args = dashboard_filters.page_args(request.args)
    filters = dashboard_filters.of(args)
    cities = db.session.scalars(sa.select(City).order_by(City.name)).all()
    return render_template(
        "dashboards/compare.html",
        args=args,
        choices=choices(),
        programmes=stats.programme_figures(filters),
        participation=participation.participation(cities),
    )


@bp.route("/dashboards/<city>")
@public
def city(city):
    """A city's dashboard: per fund and action, over time, per target area, and the
    results of the current programme's projects against their targets."""
    city_obj = city_or_404(city)
    args = dashboard_filters.page_args(request.args)
    filters = dashboard_filters.of(args, city_obj)
    current = db.session.scalar(sa.select(Programme.code).where(Programme.current.is_(True)))
    results_filters = filters if filters.programme or current is None else replace(filters, programme=current)
    return render_template(
        "dashboards/city.html",
        city=city_obj,
        args=args,
        choices=choices(),
        programmes=stats.programme_figures(filters),
        over_time=stats.over_time(filters, args["by"]),
        areas=stats.by_area(filters),
        results=stats.indicator_results(results_filters),
        results_programme=results_filters.programme,
        live_topic=live_topic(filters, city_obj),
    )
