"""HTTP views of the city's readiness checklist (staff of the city): the items new tracks
copy, edited, removed, and the default items restored."""

from __future__ import annotations

from itertools import chain

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accompaniment import bp, labels, queries, services
from app.accompaniment.forms import TemplateItemEditForm, TemplateItemForm
from app.extensions import db
from app.models import ChecklistTemplateItem, City, Role
from app.permissions import roles_required
from app.web import ConfirmForm, city_or_404, form_data, submit_form


@bp.route("/c/<city>/accompaniment/checklist", methods=["GET", "POST"])
@roles_required(Role.STAFF)
def city_checklist(city):
    city_obj = city_or_404(city)
    form = TemplateItemForm()
    result = submit_form(form, lambda: services.add_template_item(current_user, city_obj, **form_data(form)))
    if result.done:
        flash(_("The item is added to the checklist."), "success")
        return redirect(url_for("accompaniment.city_checklist", city=city_obj.slug))
    items = queries.template_items(city_obj)
    edit_forms = {
        item.id: TemplateItemEditForm(
            formdata=None,
            prefix=f"item{item.id}",
            label=labels.item_label(item),
            weight=item.weight,
            position=item.position,
        )
        for item in items
    }
    return render_template(
        "accompaniment/checklist.html",
        city=city_obj,
        items=items,
        form=form,
        edit_forms=edit_forms,
        confirm_form=ConfirmForm(formdata=None),
        defaults=labels.DEFAULT_CHECKLIST,
        missing_defaults=[d for d in labels.DEFAULT_CHECKLIST if d[0] not in {i.key for i in items}],
    ), result.status


def _template_item(city: City, item_id: int) -> ChecklistTemplateItem:
    item = db.get_or_404(ChecklistTemplateItem, item_id)
    if item.city_id != city.id:
        abort(404)
    return item


@bp.route("/c/<city>/accompaniment/checklist/<int:template_item_id>", methods=["POST"])
@roles_required(Role.STAFF)
def city_checklist_item(city, template_item_id):
    city_obj = city_or_404(city)
    item = _template_item(city_obj, template_item_id)
    if request.form.get("action") == "delete":
        if ConfirmForm().validate_on_submit():
            services.delete_template_item(current_user, item)
            flash(_("The item is removed from the checklist; open tracks keep theirs."), "success")
        return redirect(url_for("accompaniment.city_checklist", city=city_obj.slug))
    form = TemplateItemEditForm(prefix=f"item{item.id}")
    if submit_form(form, lambda: services.update_template_item(current_user, item, **form_data(form))).done:
        flash(_("The item is saved."), "success")
    for message in chain.from_iterable(form.errors.values()):
        flash(message, "danger")
    return redirect(url_for("accompaniment.city_checklist", city=city_obj.slug))


@bp.route("/c/<city>/accompaniment/checklist/defaults", methods=["POST"])
@roles_required(Role.STAFF)
def city_checklist_defaults(city):
    city_obj = city_or_404(city)
    if ConfirmForm().validate_on_submit():
        added = services.restore_default_checklist(current_user, city_obj)
        if added:
            flash(_("The default items are back in the checklist."), "success")
    return redirect(url_for("accompaniment.city_checklist", city=city_obj.slug))
