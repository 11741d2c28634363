"""``/api/v1/calls/{id}/applications`` and ``/api/v1/applications/{id}``: application
drafts (``shared/API.md``). A member of an organisation starts one on an open call; its
applicants read it and save it in parts (PATCH, with the ``revision`` they saw: an older
one answers 409 with the current application); invited partners answer (addition); PDF
attachments are uploaded and removed while it is a draft."""

from __future__ import annotations

import marshmallow as ma
from flask import request
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import fields

from app.api import RESOURCES
from app.api.calls import _visible
from app.api.schemas import SIGNED_IN, answers
from app.applications import attachments, services
from app.applications.queries import (
    application_json,
    application_or_404,
    attachment_json,
    partner_json,
    partner_or_404,
    readable,
)
from app.applications.schemas import DraftInput, PartnerAnswerInput, StartInput
from app.permissions import login_required, object_permission, require
from app.uploads import MAX_PDF_BYTES, read_limited

blp = Blueprint("api_applications", __name__, description="Applications to funding calls: drafts")
RESOURCES.append(blp)

APPLICANTS = "members of the applying organisation and of accepted co-applicants"


class PartnerOut(ma.Schema):
    id = fields.Integer()
    organization = fields.Integer()
    name = fields.String()
    role = fields.String(metadata={"enum": ["co_applicant", "supporter"]})
    status = fields.String(metadata={"enum": ["invited", "accepted", "declined"]})
    contribution_kind = fields.String(allow_none=True)
    contribution_value = fields.String()
    contribution_note = fields.String()
    responded_at = fields.String(allow_none=True)


class LineOut(ma.Schema):
    id = fields.Integer()
    category = fields.String()
    fund = fields.String()
    description = fields.String()
    amount = fields.String()
    unit_cost = fields.Integer(allow_none=True)
    quantity = fields.String(allow_none=True)
    computed = fields.Boolean(metadata={"description": "computed by the platform (unit cost, flat rate)"})


class IndicatorOut(ma.Schema):
    code = fields.String()
    name = fields.String()
    unit = fields.String()
    baseline = fields.String()
    target = fields.String()


class AttachmentOut(ma.Schema):
    id = fields.Integer()
    title = fields.String()
    requirement = fields.Integer(allow_none=True)
    name = fields.String()
    size = fields.Integer()
    created_at = fields.String()
    url = fields.String(metadata={"description": "download (application/pdf), for who may read the application"})


class ApplicationOut(ma.Schema):
    id = fields.Integer()
    call = fields.Integer()
    organization = fields.Integer()
    organization_name = fields.String()
    status = fields.String()
    title = fields.String()
    summary = fields.String()
    area = fields.Integer(allow_none=True)
    duration_months = fields.Integer(allow_none=True)
    idea_ids = fields.List(fields.Integer())
    need_ids = fields.List(fields.Integer())
    requested_grant = fields.String(allow_none=True)
    cofinancing = fields.String()
    declarations = fields.Dict(keys=fields.String(), values=fields.Boolean())
    call_version = fields.Integer()
    revision = fields.Integer(metadata={"description": "send it back with a PATCH"})
    protocol = fields.String(allow_none=True)
    submitted_at = fields.String(allow_none=True)
    updated_at = fields.String(allow_none=True)
    partners = fields.List(fields.Nested(PartnerOut))
    budget_lines = fields.List(fields.Nested(LineOut))
    total_cost = fields.String()
    indicators = fields.List(fields.Nested(IndicatorOut))
    attachments = fields.List(fields.Nested(AttachmentOut))


@blp.route("/calls/<int:call_id>/applications", methods=["POST"])
@login_required
@answers(blp, ApplicationOut, 403, 404, 409, 422, status=201, body=StartInput, signed_in=True)
def start(data, call_id):
    """Start a draft for ``organization`` (one you are a member of) on an open competitive
    or rolling call; the call's indicators are listed with their targets to fill."""
    return application_json(services.start_application(current_user, _visible(call_id), data))


@blp.route("/applications/<int:application_id>", methods=["GET"])
@object_permission(APPLICANTS + "; staff of the city once submitted")
@answers(blp, ApplicationOut, 403, 404, signed_in=True)
def read(application_id):
    """The application with its partners, budget lines, indicators and attachments."""
    return application_json(readable(application_id))


@blp.route("/applications/<int:application_id>", methods=["PATCH"])
@object_permission(APPLICANTS)
@answers(blp, ApplicationOut, 403, 404, 409, 422, body=DraftInput, signed_in=True)
def change(data, application_id):
    """Save part of a draft; send the ``revision`` you saw (409 with ``current`` if it moved on)."""
    application = readable(application_id)
    require(application.is_applicant(current_user))
    return application_json(services.update_application(current_user, application, data))


@blp.route("/applications/<int:application_id>/partners/<int:application_partner_id>/answer", methods=["POST"])
@object_permission("owners of the invited organisation")
@answers(blp, PartnerOut, 403, 404, 409, 422, body=PartnerAnswerInput, signed_in=True)
def answer(data, application_id, application_partner_id):
    """The invited organisation's owners answer ``{accept: true|false}`` (addition to API.md)."""
    partner = partner_or_404(application_or_404(application_id), application_partner_id)
    require(partner.organisation.can_act_for(current_user))
    return partner_json(services.answer_partner(current_user, partner, data))


@blp.route("/applications/<int:application_id>/attachments", methods=["POST"])
@object_permission(APPLICANTS)
@answers(blp, AttachmentOut, 403, 404, 409, 413, 422, status=201)
@blp.doc(
    security=SIGNED_IN,
    requestBody={
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["title", "file"],
                    "properties": {
                        "title": {"type": "string", "minLength": 3, "maxLength": 200},
                        "requirement": {"type": "integer", "description": "the call's required attachment"},
                        "file": {"type": "string", "format": "binary", "description": "PDF, at most 10 MB"},
                    },
                }
            }
        },
    },
)
def add_attachment(application_id):
    """Attach a PDF (multipart ``file``, ``title``, ``requirement?``), checked by its bytes."""
    application = readable(application_id)
    require(application.is_applicant(current_user))
    upload = request.files.get("file")
    content = read_limited(upload.stream, "file", MAX_PDF_BYTES) if upload else None
    data = {"title": request.form.get("title", ""), "requirement": request.form.get("requirement") or None}
    found = attachments.add_attachment(current_user, application, data, content, upload.filename if upload else "")
    return attachment_json(found)


@blp.route("/applications/<int:application_id>/attachments/<int:attachment_id>", methods=["DELETE"])
@object_permission(APPLICANTS)
@blp.response(204)
@blp.doc(security=SIGNED_IN)
def remove_attachment(application_id, attachment_id):
    """Remove an attachment of a draft."""
    application = readable(application_id)
    require(application.is_applicant(current_user))
    attachments.remove_attachment(current_user, attachments.attachment_of(application, attachment_id))
