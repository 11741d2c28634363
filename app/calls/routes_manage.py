"""Staff's pages of a call: the call builder, to create a draft (``/<city>/calls/new``) and
to change its rules (``/calls/<id>/edit``; once published with the reason of the new
version). Both post to the same services as the API (``services.create_call`` and
``services.update_call``), whose field errors land on the boxes and rows they name."""

from __future__ import annotations

import sqlalchemy as sa
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.calls import bp, labels, lifecycle, queries, services
from app.calls.forms import ROWS, CallForm, body_of, data_of, pad_rows
from app.calls.origin import ORIGIN_STAGES
from app.errors import Conflict, InvalidInput
from app.extensions import db
from app.models import Area, City, Idea, Role
from app.models.call import Call
from app.permissions import object_permission, require, roles_required
from app.web import city_or_404

EDITORS = "staff of the call's city"

SECTION_TITLES = {
    "funds": labels.BUILDER_SECTIONS["funds"],
    "areas": labels.BUILDER_SECTIONS["areas"],
    "criteria": labels.BUILDER_SECTIONS["criteria"],
    "unit_costs": labels.BUILDER_SECTIONS["costs"],
    "indicators": labels.BUILDER_SECTIONS["results"],
    "attachments": labels.BUILDER_SECTIONS["attachments"],
}


def _fill_choices(form: CallForm, city: City, call: Call | None) -> dict[str, str]:
    """The city's areas and origin ideas as choices; answers each area's own intensity."""
    areas = db.session.scalars(sa.select(Area).where(Area.city_id == city.id).order_by(Area.name)).all()
    own = {str(a.id): f"{a.funding_intensity.normalize():f}" for a in areas}
    for row in form.areas:
        row.form.area.choices = [("", "—")] + [(str(a.id), f"{a.name} ({own[str(a.id)]}%)") for a in areas]
    linked = [i.id for i in call.ideas] if call else []
    ideas = db.session.scalars(
        sa.select(Idea)
        .where(Idea.city_id == city.id, sa.or_(Idea.stage.in_(ORIGIN_STAGES), Idea.id.in_(linked)))
        .order_by(Idea.title)
        .limit(300)
    ).all()
    form.idea_ids.choices = [(str(i.id), f"#{i.id} {i.title}") for i in ideas]
    return own


def _place_errors(form: CallForm, error: InvalidInput) -> None:
    """The service's field names onto the builder: ``criteria.1.max_points`` on the second
    criterion sent (rows left empty were not sent), ``funds`` above the fund rows."""
    for name, messages in error.fields.items():
        head, _dot, rest = name.partition(".")
        index, _dot, sub = rest.partition(".")
        target = None
        if head in ROWS and index.isdigit() and int(index) < len(form.kept_rows.get(head, [])):
            target = getattr(form.kept_rows[head][int(index)].form, sub, None)
        elif head in form and head not in ROWS:
            target = form[head]
        if target is not None:
            target.errors = [*target.errors, *messages]
        else:
            form.list_errors.setdefault(head if head in ROWS else "_schema", []).extend(messages)
    if not error.fields:
        form.list_errors.setdefault("_schema", []).append(error.message)


def problems(form: CallForm) -> list[tuple[str, str, list[str]]]:
    """Every message of the form, for the summary at its top: (anchor, what, messages)."""
    out = [("call-errors", _("The call"), form.list_errors.get("_schema", []))]
    for name, field in form._fields.items():
        if name in ROWS:
            out.append((f"section-{name}", str(SECTION_TITLES[name]), form.list_errors.get(name, [])))
            for number, entry in enumerate(field, 1):
                for sub in entry.form:
                    out.append((sub.id, f"{SECTION_TITLES[name]} {number} · {sub.label.text}", list(sub.errors)))
        elif name != "csrf_token":
            out.append((field.id, str(field.label.text), list(field.errors)))
    return [item for item in out if item[2]]


def _render(form: CallForm, city: City, call: Call | None, status: int):
    pad_rows(form)
    intensities = _fill_choices(form, city, call)  # the rows just added need choices too
    return (
        render_template(
            "calls/form.html",
            form=form,
            city=city,
            call=call,
            labels=labels,
            problems=problems(form),
            intensities=intensities,
            catalogue={code: [str(name), str(unit)] for code, (name, unit) in labels.INDICATOR_CATALOGUE.items()},
        ),
        status,
    )


def _submit(form: CallForm, action) -> Call | None:
    """The form rhythm of ``app.web.submit_form``, with the builder's own error placement."""
    if not form.validate():
        return None
    try:
        return action(body_of(form))
    except InvalidInput as error:
        _place_errors(form, error)
        return None


@bp.route("/<city>/calls/new", methods=["GET", "POST"])
@roles_required(Role.STAFF)
def new(city):
    """Staff of the city build a draft call in one sitting."""
    city_obj = city_or_404(city)
    form = CallForm()
    form.kept_rows = {}
    _fill_choices(form, city_obj, None)
    if not form.is_submitted():
        departments = current_user.departments_in(city_obj)
        if departments and len(departments) == 1:
            form.department.data = next(iter(departments))
        return _render(form, city_obj, None, 200)
    call = _submit(form, lambda body: services.create_call(current_user, city_obj, body))
    if call is None:
        return _render(form, city_obj, None, 422)
    flash(_("The draft call is saved. Only the city's staff see it until it is published."), "success")
    return redirect(url_for("calls.detail", call_id=call.id))


@bp.route("/calls/<int:call_id>/edit", methods=["GET", "POST"])
@object_permission(EDITORS)
def edit(call_id):
    """Staff change a call's rules; once published, with the reason of the new version."""
    call = db.get_or_404(Call, call_id)
    require(call.can_edit(current_user))
    if call.status not in lifecycle.EDITABLE:
        flash(_("This call can no longer be changed."), "warning")
        return redirect(url_for("calls.detail", call_id=call.id))
    form = CallForm() if request.method == "POST" else CallForm(data=data_of(queries.rules_of(call)))
    form.kept_rows = {}
    _fill_choices(form, call.city, call)
    if not form.is_submitted():
        return _render(form, call.city, call, 200)

    def change(body):
        if call.is_public:
            body["reason"] = form.reason.data or ""
        return services.update_call(current_user, call, body)

    try:
        done = _submit(form, change)
    except Conflict as error:
        flash(error.message, "warning")
        return redirect(url_for("calls.detail", call_id=call.id))
    if done is None:
        return _render(form, call.city, call, 422)
    flash(
        _("The call is updated (version %(n)s).", n=call.version) if call.is_public else _("The draft is saved."),
        "success",
    )
    return redirect(url_for("calls.detail", call_id=call.id))
