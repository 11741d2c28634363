"""Samples for the reports routes in the permission matrix: a funded project of the city
(its organisation's members are not a role of the matrix), a submitted report to review and
an approved one with a document (public with the project)."""

from app.extensions import db
from app.models import ReportStatus
from app.uploads import save_pdf
from tests.factories.project_reports import PDF, filed_expenditure, reporting_project
from tests.matrix import ENDPOINT_SAMPLES, SAMPLES, WORLD_BUILDERS, allow


def _build(world):
    project, owner, _staff = reporting_project(world["city"], title="Progetto per la matrice dei rendiconti")
    submitted = filed_expenditure(project, owner, "100.00")
    approved = filed_expenditure(project, owner, "50.00", description="Fattura approvata")
    stored = save_pdf(PDF, "fattura.pdf", owner=owner)
    approved.files = [stored]
    approved.status = ReportStatus.APPROVED
    db.session.commit()
    world["reports_project"], world["submitted_report"] = project, submitted
    world["approved_report"], world["report_file"] = approved, stored


WORLD_BUILDERS.append(_build)
SAMPLES.setdefault("project_id", lambda w: w["reports_project"].id)
SAMPLES.setdefault("report_id", lambda w: w["submitted_report"].id)
SAMPLES.setdefault("file_id", lambda w: w["report_file"].id)

_project = {"project_id": lambda w: w["reports_project"].id}
_submitted = {"report_id": lambda w: w["submitted_report"].id}
_file = {"report_id": lambda w: w["approved_report"].id, "file_id": lambda w: w["report_file"].id}
for endpoint, samples in (
    ("projects.reports_page", _project),
    ("projects.report_expenditure", _project),
    ("projects.report_indicator", _project),
    ("projects.review_report", _submitted),
    ("projects.report_file", _file),
    ("api_project_reports.expenditures", _project),
    ("api_project_reports.indicator_reports", _project),
    ("api_project_reports.project_reports", _project),
    ("api_project_reports.review", _submitted),
    ("api_project_reports.report_file", _file),
):
    ENDPOINT_SAMPLES[endpoint] = samples

# Only the project's organisation (not a role of the matrix) files reports.
for endpoint in (
    "projects.report_expenditure",
    "projects.report_indicator",
    "api_project_reports.expenditures",
    "api_project_reports.indicator_reports",
):
    allow(endpoint, methods=("GET", "POST") if endpoint.startswith("projects.") else ("POST",))

# Staff of the project's city review (the world's staff is no member of the organisation).
allow("projects.review_report", "staff", "admin", methods=("POST",))
allow("api_project_reports.review", "staff", "admin", methods=("POST",))
