"""The call page's documents and FAQ: staff publish and remove them; anyone who may read
the call downloads its documents (served from outside the web root)."""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.calls import annexes, bp
from app.calls.forms import DocumentForm, FaqForm
from app.calls.routes import _editable, _visible, page_form
from app.permissions import object_permission, public
from app.uploads import MAX_PDF_BYTES, read_limited, send_pdf
from app.web import form_data

EDITORS = "staff of the call's city"


def _back(call_id: int):
    return redirect(url_for("calls.detail", call_id=call_id) + "#documents")


def _publish(call_id: int, form, write, message: str, form_name: str):
    return page_form(_editable(call_id), form, write, lambda: message, form_name, "#documents")


def _remove(call_id: int, find, remove, message: str):
    call = _editable(call_id)
    remove(current_user, find(call))
    flash(message, "info")
    return _back(call.id)


@bp.route("/calls/<int:call_id>/faq", methods=["POST"])
@object_permission(EDITORS)
def add_faq(call_id):
    """Staff publish a question and its answer."""
    form = FaqForm()
    return _publish(
        call_id,
        form,
        lambda call: annexes.add_faq(current_user, call, form_data(form)),
        _("The question and its answer are published."),
        "faq_form",
    )


@bp.route("/calls/<int:call_id>/faq/<int:faq_id>/remove", methods=["POST"])
@object_permission(EDITORS)
def remove_faq(call_id, faq_id):
    return _remove(
        call_id, lambda call: annexes.faq_of(call, faq_id), annexes.remove_faq, _("The question is removed.")
    )


def _upload(form: DocumentForm) -> tuple[bytes | None, str]:
    upload = form.file.data
    if upload is None or not getattr(upload, "filename", ""):
        return None, ""
    return read_limited(upload.stream, "file", MAX_PDF_BYTES), upload.filename


@bp.route("/calls/<int:call_id>/documents", methods=["POST"])
@object_permission(EDITORS)
def add_document(call_id):
    """Staff publish a PDF with the call."""
    form = DocumentForm()

    def write(call):
        content, filename = _upload(form)
        return annexes.add_document(current_user, call, {"title": form.title.data or ""}, content, filename)

    return _publish(call_id, form, write, _("The document is published."), "document_form")


@bp.route("/calls/<int:call_id>/documents/<int:document_id>/remove", methods=["POST"])
@object_permission(EDITORS)
def remove_document(call_id, document_id):
    return _remove(
        call_id,
        lambda call: annexes.document_of(call, document_id),
        annexes.remove_document,
        _("The document is removed."),
    )


@bp.route("/calls/<int:call_id>/documents/<int:document_id>")
@public
def document(call_id, document_id):
    """Download a document of a call one may read."""
    found = annexes.document_of(_visible(call_id), document_id)
    return send_pdf(found.file)
