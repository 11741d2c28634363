"""The application pages: start a draft from an open call, "My applications" (with the
partner invitations to answer), and the draft's form, which the page script saves as one
types (PATCH to the API) and which a plain POST saves too, without JavaScript."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.applications import attachments, bp, labels, queries, services
from app.applications.forms import AttachmentForm, StartForm, body_of, data_of, draft_form
from app.calls.routes import _visible
from app.errors import Conflict
from app.main.routes import ACCOUNT_MENU
from app.permissions import login_required, object_permission, require
from app.uploads import MAX_PDF_BYTES, read_limited, send_pdf
from app.web import ConfirmForm, form_data, submit_form

ACCOUNT_MENU.append(("applications.mine", _l("My applications")))

APPLICANTS = "members of the applying organisation and of accepted co-applicants"


@bp.route("/applications")
@login_required
def mine():
    """The applications of my organisations, and the partner invitations I may answer."""
    return render_template(
        "applications/mine.html",
        applications=queries.applications_of(current_user),
        invitations=queries.invitations_for(current_user),
        labels=labels,
        answer_form=ConfirmForm(),
    )


@bp.route("/calls/<int:call_id>/apply", methods=["GET", "POST"])
@login_required
def start(call_id):
    """Start a draft: the applying organisation, a title and a summary."""
    call = _visible(call_id)
    form = StartForm()
    form.organization.choices = [(str(o.id), o.name) for o in queries.member_organisations(current_user)]
    try:
        done = submit_form(form, lambda: services.start_application(current_user, call, form_data(form)))
    except Conflict as refused:
        flash(refused.message, "danger")
        return redirect(url_for("calls.detail", call_id=call.id))
    if done.done:
        flash(_("Draft started: it is saved as you type."), "success")
        return redirect(url_for("applications.edit", application_id=done.value.id))
    return render_template("applications/start.html", call=call, form=form), done.status


def _page(application, form, status=200, conflict=None):
    return render_template(
        "applications/edit.html",
        application=application,
        call=application.call,
        form=form,
        current=queries.application_json(application),
        attachment_form=_attachment_form(application),
        confirm=ConfirmForm(),
        labels=labels,
        conflict=conflict,
    ), status


def _attachment_form(application) -> AttachmentForm:
    form = AttachmentForm(formdata=None, prefix="attachment")  # its boxes apart from the draft's
    form.requirement.choices = [("", _("An optional annex"))] + [
        (str(r.id), r.name) for r in application.call.attachments
    ]
    return form


@bp.route("/applications/<int:application_id>", methods=["GET", "POST"])
@object_permission(APPLICANTS)
def edit(application_id):
    """The draft's form in sections; a POST saves it all (the script saves parts as one types)."""
    application = queries.readable(application_id)
    require(application.is_applicant(current_user))
    partners = queries.partner_choices(application)
    if request.method == "GET" or not application.is_draft:
        data = data_of(queries.application_json(application))
        return _page(application, draft_form(application, application.call, partners, data=data))
    form = draft_form(application, application.call, partners, formdata=request.form)
    try:
        done = submit_form(form, lambda: services.update_application(current_user, application, body_of(form)))
    except Conflict as stale:
        current = stale.extra.get("current")
        if current is None:
            raise
        form.revision.data = str(current["revision"])  # a second save is a deliberate choice
        return _page(application, form, 409, conflict=current)
    if done.done:
        flash(_("Saved."), "success")
        return redirect(url_for("applications.edit", application_id=application.id))
    return _page(application, form, done.status)


@bp.route("/applications/<int:application_id>/attachments", methods=["POST"])
@object_permission(APPLICANTS)
def add_attachment(application_id):
    application = queries.readable(application_id)
    require(application.is_applicant(current_user))
    form = _attachment_form(application)
    form.process(request.form)
    upload = request.files.get(form.file.name)

    def write():
        content = read_limited(upload.stream, "file", MAX_PDF_BYTES) if upload else None
        data = {"title": form.title.data, "requirement": form.requirement.data or None}
        return attachments.add_attachment(current_user, application, data, content, upload.filename if upload else "")

    done = submit_form(form, write)
    if done.done:
        flash(_("Attachment added."), "success")
        return redirect(url_for("applications.edit", application_id=application.id) + "#attachments")
    for message in [m for errs in form.errors.values() for m in errs]:
        flash(message, "danger")
    return redirect(url_for("applications.edit", application_id=application.id) + "#attachments")


@bp.route("/applications/<int:application_id>/attachments/<int:attachment_id>/delete", methods=["POST"])
@object_permission(APPLICANTS)
def remove_attachment(application_id, attachment_id):
    application = queries.readable(application_id)
    require(application.is_applicant(current_user))
    if submit_form(
        ConfirmForm(),
        lambda: attachments.remove_attachment(current_user, attachments.attachment_of(application, attachment_id)),
    ).done:
        flash(_("Attachment removed."), "success")
    return redirect(url_for("applications.edit", application_id=application.id) + "#attachments")


@bp.route("/applications/<int:application_id>/attachments/<int:attachment_id>")
@object_permission("who may read the application")
def attachment(application_id, attachment_id):
    """Download an attachment (served from outside the web root)."""
    found = attachments.attachment_of(queries.readable(application_id), attachment_id)
    return send_pdf(found.file)


@bp.route("/applications/<int:application_id>/partners/<int:application_partner_id>/answer", methods=["POST"])
@object_permission("owners of the invited organisation")
def answer_partner(application_id, application_partner_id):
    partner = queries.partner_or_404(queries.application_or_404(application_id), application_partner_id)
    require(partner.organisation.can_act_for(current_user))
    accept = request.form.get("accept") == "1"
    done = submit_form(ConfirmForm(), lambda: services.answer_partner(current_user, partner, {"accept": accept}))
    if done.done:
        flash(_("You accepted the invitation.") if accept else _("You declined the invitation."), "success")
    return redirect(url_for("applications.mine"))


@bp.app_template_global("apply_to")
def apply_to(call) -> bool:
    """Show the "Apply" button: an open competitive or rolling call, and the person a
    member of an organisation."""
    return queries.accepts_applications(call) and bool(queries.member_organisations(current_user))
