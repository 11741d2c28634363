"""A project's reports (``shared/API.md``, funding endpoints): the organisation files spend
(``POST /projects/{id}/expenditures``) and indicator values (``POST /projects/{id}/
indicator-reports``), as JSON or as multipart with PDF ``files``; staff review them
(``POST /reports/{id}/review``). Additions: ``GET /projects/{id}/reports`` (what the reader
may see) and ``GET /reports/{id}/files/{fid}`` (a report's document)."""

from __future__ import annotations

import marshmallow as ma
from flask import request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import fields

from app.api import RESOURCES
from app.api.schemas import SIGNED_IN, answers
from app.errors import InvalidInput
from app.extensions import db
from app.models import Project, ProjectReport
from app.permissions import object_permission, public, require
from app.projects import queries_reports, reports
from app.projects.schemas_reports import ExpenditureInput, IndicatorReportInput, ReviewInput
from app.uploads import MAX_PDF_BYTES, read_limited, send_pdf

blp = Blueprint("api_project_reports", __name__, url_prefix="", description="Funded projects: reports")
RESOURCES.append(blp)

ORGANISATION = "members of the project's organisation"
STAFF = "staff of the project's city, not of its organisation"


class ReportOut(ma.Schema):
    id = fields.Integer()
    project = fields.Integer(attribute="project_id")
    kind = fields.Function(lambda r: r.kind.value, metadata={"enum": ["expenditure", "indicator"]})
    status = fields.Function(lambda r: r.status.value, metadata={"enum": ["submitted", "approved", "sent_back"]})
    budget_line = fields.Integer(attribute="budget_line_id", allow_none=True)
    fund = fields.Function(lambda r: r.budget_line.fund.value if r.budget_line else None, allow_none=True)
    amount = fields.Decimal(as_string=True, allow_none=True)
    quantity = fields.Decimal(as_string=True, allow_none=True)
    spent_on = fields.Date(allow_none=True)
    description = fields.String()
    indicator = fields.Function(lambda r: r.indicator.code if r.indicator else None, allow_none=True)
    value = fields.Decimal(as_string=True, allow_none=True)
    measured_on = fields.Date(allow_none=True)
    evidence = fields.String()
    submitted_at = fields.DateTime()
    reviewed_at = fields.DateTime(allow_none=True)
    review_reason = fields.String()
    files = fields.Method(
        "_files",
        metadata={
            "type": "array",
            "items": {"type": "object", "description": "{id, name, size, sha256, url}: url downloads the PDF"},
        },
    )

    def _files(self, report):
        return [
            {
                "id": f.id,
                "name": f.name,
                "size": f.size,
                "sha256": f.sha256,
                "url": url_for("api_project_reports.report_file", report_id=report.id, file_id=f.id, _external=True),
            }
            for f in report.files
        ]


class ReportList(ma.Schema):
    items = fields.List(fields.Nested(ReportOut))


def _multipart(schema_fields: dict, required: list[str]) -> dict:
    """The request body: the input schema as JSON, or the same fields as multipart with PDF ``files``."""
    return {
        "required": True,
        "content": {
            "application/json": {"schema": schema_fields["json"]},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": required,
                    "properties": {
                        **schema_fields["form"],
                        "files": {
                            "type": "array",
                            "items": {"type": "string", "format": "binary"},
                            "description": "PDF documents, at most 10 MB each",
                        },
                    },
                }
            },
        },
    }


def _body() -> tuple[dict, list[tuple[bytes, str]]]:
    """The fields and documents of a report: a JSON object, or a multipart form."""
    if request.mimetype == "multipart/form-data":
        data = {k: v for k, v in request.form.items() if v != ""}
        files = [
            (read_limited(f.stream, "files", MAX_PDF_BYTES), f.filename)
            for f in request.files.getlist("files")
            if f.filename
        ]
        return data, files
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise InvalidInput(message=_("The request body must be a JSON object."))
    return data, []


def _reporting(project_id: int) -> Project:
    project = db.get_or_404(Project, project_id)
    require(project.can_report(current_user))
    return project


_TEXT = {"type": "string"}


@blp.route("/projects/<int:project_id>/expenditures", methods=["POST"])
@object_permission(ORGANISATION)
@answers(blp, ReportOut, 403, 404, 422, status=201)
@blp.doc(
    security=SIGNED_IN,
    requestBody=_multipart(
        {
            "json": ExpenditureInput,
            "form": {k: _TEXT for k in ("budget_line", "amount", "quantity", "spent_on", "description")},
        },
        ["budget_line", "spent_on", "description"],
    ),
)
def expenditures(project_id):
    """Report spend ``{budget_line, amount, spent_on, description}``; on a simplified-cost
    line give ``quantity`` (the amount is quantity × rate). Approved and waiting spend on a
    line may not pass the line's amount; ``spent_on`` is not in the future and within the
    project's dates."""
    project = _reporting(project_id)
    data, files = _body()
    return reports.report_expenditure(current_user, project, data, files)


@blp.route("/projects/<int:project_id>/indicator-reports", methods=["POST"])
@object_permission(ORGANISATION)
@answers(blp, ReportOut, 403, 404, 422, status=201)
@blp.doc(
    security=SIGNED_IN,
    requestBody=_multipart(
        {"json": IndicatorReportInput, "form": {k: _TEXT for k in ("indicator", "value", "measured_on", "evidence")}},
        ["indicator", "value", "measured_on"],
    ),
)
def indicator_reports(project_id):
    """Report a value of an indicator ``{indicator, value, measured_on, evidence?}``
    (``indicator`` is its code), with evidence documents as multipart ``files``."""
    project = _reporting(project_id)
    data, files = _body()
    return reports.report_indicator(current_user, project, data, files)


@blp.route("/projects/<int:project_id>/reports", methods=["GET"])
@answers(blp, ReportList, 404)
@public
def project_reports(project_id):
    """The project's reports the reader may see: approved ones for anyone; its organisation
    and staff also the waiting and sent-back ones."""
    project = db.get_or_404(Project, project_id)
    return {"items": queries_reports.visible(project, current_user)}


@blp.route("/reports/<int:report_id>/review", methods=["POST"])
@object_permission(STAFF)
@answers(blp, ReportOut, 403, 404, 409, 422)
@blp.doc(
    security=SIGNED_IN,
    requestBody={"required": True, "content": {"application/json": {"schema": ReviewInput}}},
)
def review(report_id):
    """Approve ``{approve: true}`` or send back ``{approve: false, reason}`` a submitted
    report (409 once reviewed). Never by a member of the organisation that filed it."""
    report = db.get_or_404(ProjectReport, report_id)
    require(report.can_review(current_user))
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise InvalidInput(message=_("The request body must be a JSON object."))
    return reports.review_report(current_user, report, data)


@blp.route("/reports/<int:report_id>/files/<int:file_id>", methods=["GET"])
@answers(blp, None, 401, 403, 404)
@public
def report_file(report_id, file_id):
    """A report's PDF document, to who may see the report (anyone once approved)."""
    report = db.get_or_404(ProjectReport, report_id)
    require(report.can_view(current_user))
    found = reports.file_of(report, file_id)
    return send_pdf(found)
