"""HTTP views of calls: the city's list (open ones first) and a call's public page with its
rules in plain words, funds, areas, criteria, versions and consultation comments."""

from __future__ import annotations

from flask import render_template
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.calls import bp, labels, lifecycle, queries
from app.extensions import db
from app.main.routes import CITY_SECTIONS
from app.models.call import Call
from app.permissions import public, require
from app.text import render_markdown
from app.web import city_or_404


def _city_links(city):
    from flask import url_for

    return [(_l("Funding calls"), url_for("calls.index", city=city.slug))]


CITY_SECTIONS.append(_city_links)


@bp.route("/<city>/calls")
@public
def index(city):
    """The calls of a city that a visitor may see, open ones first."""
    city_obj = city_or_404(city)
    calls = db.session.scalars(queries.calls_select(current_user, city_id=city_obj.id)).all()
    return render_template("calls/index.html", city=city_obj, calls=calls, labels=labels)


@bp.route("/calls/<int:call_id>")
@public
def detail(call_id):
    """Everything an applicant needs on one page."""
    call = db.get_or_404(Call, call_id)
    require(call.can_view(current_user))
    return render_template(
        "calls/detail.html",
        call=call,
        city=call.city,
        labels=labels,
        body_html=render_markdown(call.body),
        versions=queries.versions_of(call),
        comments=queries.comments_of(call),
        next_steps=lifecycle.next_steps(call) if call.can_edit(current_user) else [],
    )
