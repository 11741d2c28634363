"""HTTP views of submission: the submit panel (eligibility problems linked to their fields,
a confirmation step), the receipt PDF, withdraw; staff's list of a call's submitted
applications (protocol order) with the admissibility decision and requests to complete;
the applicant's answer page. Each write calls one service."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.applications import admissibility, bp, receipt, submission
from app.applications.labels import STATUSES, anchor
from app.applications.submit_forms import AdmissibilityForm, SubmitForm, answer_form, asked_labels, clarification_form
from app.errors import Conflict
from app.extensions import db
from app.models import Application, ApplicationStatus, Call
from app.permissions import object_permission, require
from app.times import from_local
from app.uploads import MAX_PDF_BYTES, read_limited
from app.web import ConfirmForm, form_data, submit_form

READERS = "who may read the application"


def _application(application_id: int) -> Application:
    found = db.session.get(Application, application_id)
    if found is None:
        abort(404)
    return found


def _back(application: Application):
    return redirect(url_for("applications.submit_page", application_id=application.id))


def _to_list(application: Application):
    return redirect(url_for("applications.staff_list", call_id=application.call_id) + f"#application-{application.id}")


def _attempt(form, action, done_message, back):
    """The rhythm of every form here: a wrong status (409) is a message and back; a done one
    is a message (``done_message(value)``) and back; a refused one gives ``(None, status)``
    for the page to be shown again with its errors."""
    try:
        done = submit_form(form, action)
    except Conflict as error:
        flash(error.message, "danger")
        return back, None
    if done.done:
        flash(done_message(done.value), "success")
        return back, None
    return None, done.status


def _field_page(application: Application) -> str:
    """The draft's own page, where each problem's box is, for those who may still edit it."""
    if application.can_edit(current_user):
        return url_for("applications.edit", application_id=application.id)
    return ""


def _panel(application: Application, form, status: int = 200):
    report = submission.eligibility_report(current_user, application)
    return render_template(
        "applications/submit.html",
        application=application,
        report=report,
        form=form,
        withdraw_form=ConfirmForm(),
        requests=admissibility.requests_of(application),
        field_page=_field_page(application),
        anchor=anchor if _field_page(application) else str,
        statuses=STATUSES,
    ), status


@bp.route("/applications/<int:application_id>/submit", methods=["GET", "POST"])
@object_permission(READERS)
def submit_page(application_id):
    """The submit panel: what still stops the submission, then a confirmation and submit."""
    application = _application(application_id)
    require(application.can_view(current_user))
    form = SubmitForm()
    if request.method == "GET":
        return _panel(application, form)
    require(application.organisation.can_act_for(current_user))
    if not form.confirm.data:
        form.confirm.errors = [_("Tick the confirmation to submit.")]
        return _panel(application, form, 422)
    if submission.eligibility_report(current_user, application)["problems"]:
        return _panel(application, form, 422)
    back, status = _attempt(
        form,
        lambda: submission.submit_application(current_user, application),
        lambda done: _("Submitted: protocol no. %(protocol)s. Download the receipt.", protocol=done.protocol),
        _back(application),
    )
    return back or _panel(application, form, status)


@bp.route("/applications/<int:application_id>/withdraw", methods=["POST"])
@object_permission("owners of the applying organisation")
def withdraw(application_id):
    application = _application(application_id)
    require(application.organisation.can_act_for(current_user))
    back, _status = _attempt(
        ConfirmForm(),
        lambda: submission.withdraw_application(current_user, application),
        lambda done: _("The application is withdrawn."),
        _back(application),
    )
    return back or _back(application)


@bp.route("/applications/<int:application_id>/receipt.pdf")
@object_permission("the applicants and staff of the call's city")
def receipt_pdf(application_id):
    application = _application(application_id)
    require(application.can_read_receipt(current_user))
    return Response(
        receipt.render(application),
        mimetype="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="ricevuta-{application.protocol.replace("/", "-")}.pdf"',
            "Cache-Control": "private, no-store",
        },
    )


def _submitted(call: Call) -> list[Application]:
    return list(
        db.session.scalars(
            sa.select(Application)
            .where(Application.call_id == call.id, Application.status != ApplicationStatus.DRAFT)
            .order_by(Application.protocol_number)
        )
    )


@bp.route("/calls/<int:call_id>/submitted")
@object_permission("staff of the call's city")
def staff_list(call_id, forms=None, status: int = 200):
    """A call's submitted applications in protocol order, with the staff's actions."""
    call = db.session.get(Call, call_id) or abort(404)
    require(call.can_edit(current_user))
    rows = []
    for application in _submitted(call):
        own = (forms or {}).get(application.id, {})
        rows.append(
            {
                "application": application,
                "report": submission.eligibility_report(current_user, application),
                "requests": admissibility.requests_of(application),
                "decidable": application.status is ApplicationStatus.SUBMITTED
                and admissibility.in_decision_phase(application),
                "decision": own.get("decision") or AdmissibilityForm(prefix=f"adm{application.id}"),
                "clarify": own.get("clarify") or clarification_form(application, prefix=f"clar{application.id}"),
            }
        )
    return render_template("applications/staff_list.html", call=call, rows=rows, statuses=STATUSES), status


def _staff_submit(application: Application, key: str, form, action, done_message: str):
    back, status = _attempt(form, action, lambda done: done_message, _to_list(application))
    return back or staff_list(application.call_id, forms={application.id: {key: form}}, status=status)


@bp.route("/applications/<int:application_id>/admissibility", methods=["POST"])
@object_permission("staff of the call's city")
def decide(application_id):
    application = _application(application_id)
    require(application.can_decide(current_user))
    form = AdmissibilityForm(prefix=f"adm{application.id}")
    return _staff_submit(
        application,
        "decision",
        form,
        lambda: admissibility.decide_admissibility(current_user, application, form_data(form)),
        _("The decision is recorded and the applicant is told."),
    )


@bp.route("/applications/<int:application_id>/clarifications", methods=["POST"])
@object_permission("staff of the call's city")
def ask(application_id):
    application = _application(application_id)
    require(application.can_decide(current_user))
    form = clarification_form(application, prefix=f"clar{application.id}")

    def action():
        data = form_data(form)
        data["due_at"] = from_local(data["due_at"]) if data["due_at"] else None
        return admissibility.request_clarification(current_user, application, data)

    return _staff_submit(application, "clarify", form, action, _("The request is sent to the applicant."))


@bp.route("/clarifications/<int:clarification_id>/answer", methods=["GET", "POST"])
@object_permission("the applicants, before the due time; staff read it")
def answer(clarification_id):
    """The request, and the applicant's answer: a text and the PDFs that were asked for."""
    found = db.session.get(admissibility.ClarificationRequest, clarification_id) or abort(404)
    require(found.can_view(current_user))
    form = answer_form(found)
    if request.method == "POST":
        require(found.application.is_applicant(current_user))

        def action():
            files = {}
            for rid in found.requirement_ids():
                upload = getattr(form, f"file_{rid}", None)
                if upload is not None and upload.data:
                    files[rid] = (read_limited(upload.data.stream, f"file_{rid}", MAX_PDF_BYTES), upload.data.filename)
            return admissibility.answer_clarification(current_user, found, {"answer": form.answer.data}, files)

        back, status = _attempt(
            form, action, lambda done: _("Your answer is recorded; the city is told."), _back(found.application)
        )
        if back:
            return back
    else:
        status = 200
    return render_template(
        "applications/clarification.html", clarification=found, form=form, asked=asked_labels(found)
    ), status
