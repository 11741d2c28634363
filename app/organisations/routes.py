"""Public pages: the directory of organisations, an organisation's page, a partnership's page
and the partner network of a city."""

from __future__ import annotations

import json

from flask import abort, flash, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from app.extensions import db
from app.models import LegalForm, Organisation, Partnership
from app.organisations import ORGANISATION_SECTIONS, bp, labels, links, queries
from app.organisations import network as network_service
from app.organisations.forms import InvitePartnerForm, VerifyForm
from app.organisations.template_helpers import partnership_view
from app.permissions import public
from app.web import city_by_slug, city_choices, city_or_404

PER_PAGE = 20


def search_context(city, filters: queries.Filters) -> dict:
    """What a page that searches organisations (the directory, "find a partner") hands its
    template: the city, the filters and the choices of the filter form."""
    return {
        "city": city,
        "cities": city_choices(),
        "areas": queries.city_areas(city.id if city else None),
        "filters": filters,
        "args": {**filters.as_args(), **({"city": city.slug} if city else {})},
        "legal_forms": labels.legal_form_choices(),
        "field_choices": labels.field_choices(),
    }


def flash_errors(form=None, error=None) -> None:
    """For forms posted from a page they return to: the form's field errors (after
    ``submit_form``) or a service's ``InvalidInput``/``Conflict``, as flash messages."""
    messages: list[str] = []
    for field in form or ():
        expired = field.name == "csrf_token" and field.errors
        messages += [_("The form expired; please send it again.")] if expired else list(field.errors)
    if error is not None:
        messages += [m for ms in (getattr(error, "fields", None) or {}).values() for m in ms] or [error.message]
    for message in messages:
        flash(message, "danger")


@bp.route("/organisations")
@public
def directory():
    """Every organisation, filtered by city, form, area, field, verification, third sector and
    a search in names and descriptions."""
    city = city_by_slug(request.args.get("city"))
    filters = queries.Filters.from_args(request.args, city.id if city else None)
    page = db.paginate(queries.organisations_select(filters), per_page=PER_PAGE, max_per_page=PER_PAGE, error_out=False)
    return render_template(
        "organisations/directory.html",
        page=page,
        **search_context(city, filters),
    )


@bp.route("/organisations/<int:organisation_id>")
@public
def detail(organisation_id):
    organisation = queries.get_or_404(Organisation, organisation_id)
    partnerships = queries.organisation_partnerships(organisation)
    sections = [s for provider in ORGANISATION_SECTIONS if (s := provider(organisation))]
    return render_template(
        "organisations/detail.html",
        organisation=organisation,
        partnerships=partnerships,
        sections=sections,
        idea_path=links.idea_path,
        membership=organisation.membership_of(current_user),
        verify_form=VerifyForm(),
    )


def render_partnership(partnership: Partnership, invite_form: InvitePartnerForm | None = None, status: int = 200):
    """The partnership page; the lead's owners get the invite form (``?q=`` narrows the
    organisations offered, ``?invite=<id>`` preselects one)."""
    view = partnership_view(partnership, current_user)
    if partnership.can_invite(current_user):
        invite_id = request.args.get("invite", "")
        include = int(invite_id) if invite_id.isdigit() and len(invite_id) < 10 else None
        q = (request.args.get("q") or "").strip()[:100]
        form = invite_form or InvitePartnerForm()
        if include and invite_form is None:
            form.organisation.data = str(include)
        candidates = queries.candidate_partners(partnership, q=q, include_id=include)
        form.organisation.choices = [(o.id, o.name) for o in candidates]
        view.update(invite_form=form, q=q)
    return render_template(
        "organisations/partnership.html",
        idea=partnership.idea,
        idea_url=links.idea_path(partnership.idea),
        **view,
    ), status


@bp.route("/partnerships/<int:partnership_id>")
@public
def partnership(partnership_id):
    partnership = queries.get_or_404(Partnership, partnership_id)
    if not partnership.can_view(current_user):
        abort(404)
    return render_partnership(partnership)


@bp.route("/c/<city>/network")
@public
def network_page(city):
    """The network map (drawn by ``static/js/network.js`` from ``/api/v1/network``) with its
    accessible alternative: the organisations with most partners and the bridges."""
    city_obj = city_or_404(city)
    area = request.args.get("area", "")
    area_id = int(area) if area.isdigit() and len(area) < 10 else None
    try:
        form = LegalForm(request.args.get("form") or "")
    except ValueError:
        form = None
    data = network_service.network(city_obj, area_id=area_id, form=form)
    return render_template(
        "organisations/network.html",
        city=city_obj,
        areas=queries.city_areas(city_obj.id),
        area_id=area_id,
        form=form,
        legal_forms=labels.legal_form_choices(),
        data=data,
        top_partners=network_service.top(data["nodes"], "partners"),
        top_bridges=network_service.top(data["nodes"], "betweenness"),
        connected=sum(1 for node in data["nodes"] if node["partners"]),
        colours_json=json.dumps({form.value: colour for form, colour in labels.LEGAL_FORM_COLOURS.items()}),
        labels_json=json.dumps({form.value: str(label) for form, label in labels.LEGAL_FORMS.items()}),
    )
