"""HTTP doors of the agreement of a co-design call, on the call page
(``calls/_agreement.html``): staff record it, partners' owners and then staff sign it. Each
calls one service of ``app.calls.agreements``; a refused form is shown again with 422."""

from __future__ import annotations

from flask import abort, flash, g
from flask_babel import gettext as _
from flask_login import current_user

from app.calls import agreements, bp
from app.calls.forms_agreements import ROLES, AgreementForm, SignForm
from app.calls.routes import _back, _editable, detail
from app.errors import Conflict, InvalidInput
from app.extensions import db
from app.models import Organisation
from app.models.agreement import Agreement, can_record_agreement
from app.models.call import CallKind
from app.permissions import object_permission, require
from app.web import submit_form

ANCHOR = "#agreement"


def _rows(call, agreement: Agreement | None) -> list[dict]:
    """One row per admitted organisation, filled from the agreement when recorded."""
    rows = []
    for organisation_id in sorted(agreements.admitted_ids(call)):
        partner = agreement.partner_of(organisation_id) if agreement else None
        rows.append(
            {
                "organisation": str(organisation_id),
                "include": partner is not None or agreement is None,
                "role": partner.role.value if partner else "partner",
                "share": f"{partner.share:.2f}" if partner else "",
                "duties": partner.duties if partner else "",
            }
        )
    return rows


def _form(call, agreement: Agreement | None, form: AgreementForm | None = None) -> AgreementForm:
    if form is None:
        data = {"partners": _rows(call, agreement)}
        if agreement is not None:
            data.update(
                title=agreement.title,
                summary=agreement.summary,
                total_budget=f"{agreement.total_budget:.2f}",
                grant=f"{agreement.grant:.2f}",
                minutes=[m.id for m in agreement.minutes],
            )
        form = AgreementForm(data=data)
    form.minutes.choices = [(m.id, m.workshop.title) for m in agreements.approved_minutes(call)]
    names = dict(db.session.execute(db.select(Organisation.id, Organisation.name)).all())
    for row in form.partners:
        row.include.label.text = names.get(int(row.organisation.data or 0), "?")
    return form


@bp.app_template_global("call_agreement")
def call_agreement(call) -> dict:
    """What ``calls/_agreement.html`` shows of ``call`` to the current user."""
    if call.kind is not CallKind.CODESIGN:
        return {}
    agreement = agreements.agreement_of(call)
    refused = g.get("call_forms", {})
    recording = can_record_agreement(call, current_user) and not (agreement and agreement.signed)
    return {
        "agreement": agreement,
        "roles": ROLES,
        "form": _form(call, agreement, refused.get("agreement")) if recording else None,
        "sign_for": agreement.can_sign_for(current_user) if agreement else [],
        "city_signs": agreement.can_sign_for_city(current_user) if agreement else False,
        "sign_form": SignForm(),
    }


def _record(call, form: AgreementForm):
    """The service's errors on ``partners.<n>.<field>`` land on the row's field."""
    try:
        return agreements.record_agreement(current_user, call, form.service_data())
    except InvalidInput as error:
        rows, fields = form.included(), {}
        for name, messages in error.fields.items():
            parts = name.split(".")
            if len(parts) == 3 and parts[0] == "partners" and parts[1].isdigit() and int(parts[1]) < len(rows):
                row = rows[int(parts[1])]
                target = getattr(row, parts[2], None)
                if target is not None:
                    target.errors = list(target.errors) + list(messages)
                    continue
            fields[name] = messages
        raise InvalidInput(fields) from None


@bp.route("/calls/<int:call_id>/agreement", methods=["POST"])
@object_permission("staff of the call's city")
def record_agreement(call_id):
    """Staff record the agreement of a co-design call."""
    call = _editable(call_id)
    form = _form(call, agreements.agreement_of(call), AgreementForm())
    try:
        done = submit_form(form, lambda: _record(call, form))
    except Conflict as error:
        flash(error.message, "danger")
        return _back(call, ANCHOR)
    if done.done:
        flash(_("The agreement is recorded: the partners are asked to sign it."), "success")
        return _back(call, ANCHOR)
    g.call_forms = {"agreement": form}
    return detail(call.id, status=done.status)


@bp.route("/agreements/<int:agreement_id>/sign", methods=["POST"])
@object_permission("an owner of a partner organisation, or staff of the call's city")
def sign_agreement(agreement_id):
    """A partner's owner signs for their organisation; staff sign for the city last."""
    agreement = db.session.get(Agreement, agreement_id)
    if agreement is None or not agreement.can_view(current_user):
        abort(404)
    require(agreement.can_sign(current_user))
    form = SignForm()
    if not form.validate_on_submit():
        abort(400)
    data = {"organisation": form.organisation.data} if form.organisation.data else {}
    try:
        agreements.sign_agreement(current_user, agreement, data)
    except (Conflict, InvalidInput) as error:
        fields = getattr(error, "fields", None) or {}
        for message in [m for ms in fields.values() for m in ms] or [error.message]:
            flash(message, "danger")
        return _back(agreement.call, ANCHOR)
    flash(_("Signed."), "success")
    return _back(agreement.call, ANCHOR)
