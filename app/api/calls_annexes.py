"""``/api/v1/calls/{id}/faq`` and ``/api/v1/calls/{id}/documents``: a call's FAQ and its PDF
documents (additions to ``shared/API.md``). Staff of the call's city publish; anyone who may
read the call reads them."""

from __future__ import annotations

import marshmallow as ma
from flask import request, url_for
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import fields

from app.api import RESOURCES
from app.api.calls import SECURITY, _editable, _visible
from app.api.schemas import answers
from app.calls import annexes
from app.calls.schemas import FaqInput
from app.permissions import object_permission, public
from app.uploads import MAX_PDF_BYTES, read_limited

blp = Blueprint("api_call_annexes", __name__, url_prefix="/calls", description="Funding calls: FAQ and documents")
RESOURCES.append(blp)

EDITORS = "staff of the call's city"


class FaqOut(ma.Schema):
    id = fields.Integer()
    question = fields.String()
    answer = fields.String()
    updated_at = fields.DateTime()


class FaqList(ma.Schema):
    items = fields.List(fields.Nested(FaqOut))


class DocumentOut(ma.Schema):
    id = fields.Integer()
    title = fields.String()
    name = fields.String(attribute="file.name", metadata={"description": "file name, for saving"})
    size = fields.Integer(attribute="file.size")
    sha256 = fields.String(attribute="file.sha256")
    created_at = fields.DateTime()
    url = fields.Function(
        lambda d: url_for("calls.document", call_id=d.call_id, document_id=d.id, _external=True),
        metadata={"description": "download (application/pdf)"},
    )


class DocumentList(ma.Schema):
    items = fields.List(fields.Nested(DocumentOut))


@blp.route("/<int:call_id>/faq", methods=["GET"])
@answers(blp, FaqList)
@public
def faq(call_id):
    """The call's questions and answers."""
    return {"items": _visible(call_id).faqs}


@blp.route("/<int:call_id>/faq", methods=["POST"])
@object_permission(EDITORS)
@answers(blp, FaqOut, 403, 422, status=201, body=FaqInput, signed_in=True)
def add_faq(data, call_id):
    """Publish a question and its answer: ``{question, answer}``."""
    return annexes.add_faq(current_user, _visible(call_id), data)


@blp.route("/<int:call_id>/faq/<int:faq_id>", methods=["DELETE"])
@object_permission(EDITORS)
@answers(blp, None, 403, status=204, signed_in=True)
def remove_faq(call_id, faq_id):
    """Remove a question."""
    call = _editable(call_id)
    annexes.remove_faq(current_user, annexes.faq_of(call, faq_id))


@blp.route("/<int:call_id>/documents", methods=["GET"])
@answers(blp, DocumentList)
@public
def documents(call_id):
    """The PDF documents published with the call."""
    return {"items": _visible(call_id).documents}


@blp.route("/<int:call_id>/documents", methods=["POST"])
@object_permission(EDITORS)
@answers(blp, DocumentOut, 403, 422, status=201)
@blp.doc(
    security=SECURITY,
    requestBody={
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["title", "file"],
                    "properties": {
                        "title": {"type": "string", "minLength": 3, "maxLength": 200},
                        "file": {"type": "string", "format": "binary", "description": "PDF, at most 10 MB"},
                    },
                }
            }
        },
    },
)
def add_document(call_id):
    """Publish a PDF (multipart: ``title``, ``file``); the file is checked by its content."""
    call = _visible(call_id)
    upload = request.files.get("file")
    content = read_limited(upload.stream, "file", MAX_PDF_BYTES) if upload else None
    return annexes.add_document(
        current_user, call, {"title": request.form.get("title", "")}, content, upload.filename if upload else ""
    )


@blp.route("/<int:call_id>/documents/<int:document_id>", methods=["DELETE"])
@object_permission(EDITORS)
@answers(blp, None, 403, status=204, signed_in=True)
def remove_document(call_id, document_id):
    """Remove a document."""
    call = _editable(call_id)
    annexes.remove_document(current_user, annexes.document_of(call, document_id))
