"""Submission of applications (``shared/API.md``): the eligibility report, submit, withdraw
(addition), admissibility, and requests to complete or clarify (soccorso istruttorio,
addition) with the applicant's answer. Each endpoint calls one service of
``app.applications.submission`` or ``app.applications.admissibility``."""

from __future__ import annotations

import marshmallow as ma
from flask import request
from flask_babel import gettext as _
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import fields

from app.api import RESOURCES
from app.api.schemas import SIGNED_IN, ErrorDetailSchema, answers
from app.applications import admissibility, submission
from app.applications.submit_schemas import AdmissibilityInput, ClarificationAnswerInput, ClarificationInput
from app.errors import InvalidInput, NotFound
from app.extensions import db
from app.models import Application
from app.permissions import object_permission, require
from app.uploads import MAX_PDF_BYTES, read_limited

blp = Blueprint("api_application_submit", __name__, description="Applications: eligibility, submission, admissibility")
RESOURCES.append(blp)

READERS = "who may read the application"
OWNERS = "owners of the applying organisation"
DECIDERS = "staff of the call's city"


class ProblemOut(ma.Schema):
    rule = fields.String()
    field = fields.String(metadata={"description": "the application field it points at"})
    message = fields.String()


class EligibilityOut(ma.Schema):
    eligible = fields.Boolean()
    problems = fields.List(fields.Nested(ProblemOut))


class IneligibleDetail(ErrorDetailSchema):
    problems = fields.List(fields.Nested(ProblemOut), metadata={"description": "what stops the submission"})


class IneligibleOut(ma.Schema):
    error = fields.Nested(IneligibleDetail, required=True)


class SubmittedOut(ma.Schema):
    id = fields.Integer()
    status = fields.Function(lambda a: a.status.value)
    protocol = fields.String()
    submitted_at = fields.DateTime()


class DecisionOut(SubmittedOut):
    admissibility_reason = fields.String(data_key="reason")
    admissibility_at = fields.DateTime(data_key="decided_at")


class ClarificationOut(ma.Schema):
    id = fields.Integer()
    application = fields.Integer(attribute="application_id")
    request = fields.String()
    fields_ = fields.List(fields.String(), attribute="fields", data_key="fields")
    due_at = fields.DateTime()
    created_at = fields.DateTime()
    answer = fields.String(allow_none=True)
    answered_at = fields.DateTime(allow_none=True)
    attachments = fields.List(fields.Integer(), attribute="attachment_ids")


class ClarificationList(ma.Schema):
    items = fields.List(fields.Nested(ClarificationOut))


def _application(application_id: int) -> Application:
    found = db.session.get(Application, application_id)
    if found is None:
        raise NotFound()
    return found


@blp.route("/applications/<int:application_id>/eligibility", methods=["GET"])
@object_permission(READERS)
@answers(blp, EligibilityOut, 403, 404, signed_in=True)
def eligibility(application_id):
    """Every eligibility problem against the rules of the call version it is under."""
    return submission.eligibility_report(current_user, _application(application_id))


@blp.route("/applications/<int:application_id>/submit", methods=["POST"])
@object_permission(OWNERS)
@answers(blp, SubmittedOut, 403, 404, 409, signed_in=True)
@blp.alt_response(422, schema=IneligibleOut, description="ineligible: code `ineligible` with `problems`")
def submit(application_id):
    """Submit (final): ``{protocol, submitted_at}``; 422 ``problems`` when ineligible; 409 when
    the call is not open or past its closing time, or it was already submitted."""
    return submission.submit_application(current_user, _application(application_id))


@blp.route("/applications/<int:application_id>/withdraw", methods=["POST"])
@object_permission(OWNERS)
@answers(blp, SubmittedOut, 403, 404, 409, signed_in=True)
def withdraw(application_id):
    """Withdraw a submitted application before the deadline (409 after it)."""
    return submission.withdraw_application(current_user, _application(application_id))


@blp.route("/applications/<int:application_id>/admissibility", methods=["POST"])
@object_permission(DECIDERS)
@answers(blp, DecisionOut, 403, 404, 409, 422, body=AdmissibilityInput, signed_in=True)
def decide(data, application_id):
    """``{admissible, reason?}``: an inadmissible application needs a reason."""
    return admissibility.decide_admissibility(current_user, _application(application_id), data)


@blp.route("/applications/<int:application_id>/clarifications", methods=["GET"])
@object_permission(READERS)
@answers(blp, ClarificationList, 403, 404, signed_in=True)
def clarifications(application_id):
    """The requests to complete or clarify, with their answers and times."""
    application = _application(application_id)
    require(application.call.can_edit(current_user) or application.is_applicant(current_user))
    return {"items": admissibility.requests_of(application)}


@blp.route("/applications/<int:application_id>/clarifications", methods=["POST"])
@object_permission(DECIDERS)
@answers(blp, ClarificationOut, 403, 404, 409, 422, status=201, body=ClarificationInput, signed_in=True)
def ask(data, application_id):
    """``{request, fields: [...], due_at}``: ask the applicant to complete or clarify by a date."""
    return admissibility.request_clarification(current_user, _application(application_id), data)


def _answer_body() -> tuple[dict, dict]:
    """JSON ``{answer}``, or multipart ``answer`` with a PDF per asked requirement in a part
    named ``attachments.<requirement id>``."""
    if request.mimetype == "multipart/form-data":
        files = {}
        for name, upload in request.files.items():
            head, _dot, tail = name.partition(".")
            if head != "attachments" or not tail.isdigit():
                raise InvalidInput({name: [_("This field is not accepted here.")]})
            files[int(tail)] = (read_limited(upload.stream, name, MAX_PDF_BYTES), upload.filename or "")
        return request.form.to_dict(), files
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise InvalidInput(message=_("The request body must be a JSON object."))
    return data, {}


@blp.route("/clarifications/<int:clarification_id>/answer", methods=["POST"])
@object_permission("the applicants, before the due time")
@answers(blp, ClarificationOut, 403, 404, 409, 422)
@blp.doc(
    security=SIGNED_IN,
    requestBody={
        "required": True,
        "content": {
            "application/json": {"schema": ClarificationAnswerInput},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["answer"],
                    "properties": {
                        "answer": {"type": "string", "minLength": 3, "maxLength": 8000},
                        "attachments.<requirement id>": {"type": "string", "format": "binary"},
                    },
                }
            },
        },
    },
)
def answer(clarification_id):
    """The applicant's answer; PDFs only for the attachments the request named; refused
    (409) after the due time or a second time."""
    found = db.session.get(admissibility.ClarificationRequest, clarification_id)
    if found is None:
        raise NotFound()
    data, files = _answer_body()
    return admissibility.answer_clarification(current_user, found, data, files)
