"""The reports' pages: the project's reports (public once approved; the organisation and
staff also see the waiting and sent-back ones), the organisation's forms for spend and
indicator values, staff's queue of reports waiting for review with approve / send back,
and the reports' documents (served only to who may see the report)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.errors import Conflict
from app.extensions import db
from app.main.routes import CITY_SECTIONS
from app.models import Project, ProjectReport, ReportKind, ReportStatus, Role
from app.permissions import object_permission, public, require, roles_required
from app.projects import bp, labels_reports, queries_reports, reports
from app.projects.forms_reports import ExpenditureForm, IndicatorReportForm, ReviewForm
from app.projects.links import project_path
from app.uploads import MAX_PDF_BYTES, read_limited, send_pdf
from app.web import city_by_slug, form_data, submit_form

ORGANISATION = "members of the project's organisation"
STAFF = "staff of the project's city, not of its organisation"


def _city_section(city) -> list:
    """The city page links staff to the city's reports waiting for review."""
    if current_user.is_staff_of(city.id):
        return [(_l("Reports to review"), url_for("projects.pending_reports", city=city.slug))]
    return []


CITY_SECTIONS.append(_city_section)


def _project(project_id: int) -> Project:
    return db.get_or_404(Project, project_id)


@bp.app_template_global()
def report_labels():
    return labels_reports


bp.add_app_template_global(reports.report_label, "report_label")


@bp.app_template_global()
def project_reports(project: Project):
    """The reports of ``project`` the current reader may see (for ``projects/_reports.html``)."""
    return queries_reports.visible(project, current_user)


@bp.route("/projects/<int:project_id>/reports")
@public
def reports_page(project_id, status=200, review_form=None, reviewing=None):
    """The project's reports, with the organisation's buttons and staff's review forms."""
    project = _project(project_id)
    return render_template(
        "projects/reports.html",
        project=project,
        project_url=project_path(project),
        review_form=review_form,
        reviewing=reviewing,
    ), status


def _uploads(form) -> list[tuple[bytes, str]]:
    return [
        (read_limited(upload.stream, "files", MAX_PDF_BYTES), upload.filename)
        for upload in (form.files.data or [])
        if getattr(upload, "filename", "")
    ]


def _sent_back(project: Project, kind: ReportKind) -> ProjectReport | None:
    """The sent-back report a new one corrects (``?from=<id>``), to start the form from it."""
    raw = request.args.get("from", "")
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 9):
        return None
    report = db.session.get(ProjectReport, int(raw))
    if report is None or report.project_id != project.id or report.kind is not kind:
        return None
    return report if report.status is ReportStatus.SENT_BACK else None


def _report_form(project: Project, form, kind: ReportKind, write):
    done = submit_form(form, write)
    if done.done:
        flash(_("The report is filed: the city's staff will review it."), "success")
        return redirect(url_for("projects.reports_page", project_id=project.id) + f"#report-{done.value.id}")
    return render_template(
        "projects/report_form.html",
        project=project,
        project_url=project_path(project),
        form=form,
        kind=kind.value,
        rates=queries_reports.rates(project),
        corrects=_sent_back(project, kind),
    ), done.status


@bp.route("/projects/<int:project_id>/reports/expenditure", methods=["GET", "POST"])
@object_permission(ORGANISATION)
def report_expenditure(project_id):
    """The organisation reports spend on a budget line, with its documents."""
    project = _project(project_id)
    require(project.can_report(current_user))
    form = ExpenditureForm()
    form.budget_line.choices = queries_reports.line_choices(project)
    old = _sent_back(project, ReportKind.EXPENDITURE) if request.method == "GET" else None
    if old is not None:
        form.budget_line.data, form.description.data = str(old.budget_line_id), old.description
        form.amount.data, form.quantity.data = str(old.amount), str(old.quantity or "")
        form.spent_on.data = old.spent_on.isoformat()

    def write():
        data = {**form_data(form, "files"), "quantity": form.quantity.data or None, "amount": form.amount.data or None}
        return reports.report_expenditure(current_user, project, data, _uploads(form))

    return _report_form(project, form, ReportKind.EXPENDITURE, write)


@bp.route("/projects/<int:project_id>/reports/indicator", methods=["GET", "POST"])
@object_permission(ORGANISATION)
def report_indicator(project_id):
    """The organisation reports a value of an indicator, with its evidence."""
    project = _project(project_id)
    require(project.can_report(current_user))
    form = IndicatorReportForm()
    form.indicator.choices = [(i.code, f"{i.code} · {i.name}") for i in project.indicators]
    old = _sent_back(project, ReportKind.INDICATOR) if request.method == "GET" else None
    if old is not None:
        form.indicator.data, form.value.data = old.indicator.code, str(old.value)
        form.measured_on.data, form.evidence.data = old.measured_on.isoformat(), old.evidence

    def write():
        return reports.report_indicator(current_user, project, form_data(form, "files"), _uploads(form))

    return _report_form(project, form, ReportKind.INDICATOR, write)


@bp.route("/projects/reports/pending")
@roles_required(Role.STAFF)
def pending_reports():
    """Staff's queue: the submitted reports they may review, oldest first (``?city=``)."""
    city = city_by_slug(request.args.get("city"))
    return render_template(
        "projects/reports_pending.html",
        items=queries_reports.pending_for(current_user, city),
        city=city,
        cities=queries_reports.staff_cities(current_user),
    )


@bp.route("/projects/reports/<int:report_id>/review", methods=["POST"])
@object_permission(STAFF)
def review_report(report_id):
    """Approve a report, or send it back with a reason."""
    report = db.get_or_404(ProjectReport, report_id)
    require(report.can_review(current_user))
    form = ReviewForm()
    approve = request.form.get("decision") == "approve"
    try:
        done = submit_form(
            form, lambda: reports.review_report(current_user, report, {**form_data(form), "approve": approve})
        )
    except Conflict as error:
        flash(error.message, "danger")
        done = None
    back = request.form.get("back") == "queue"
    if done is None or done.done:
        if done is not None:
            flash(_("The report is approved.") if approve else _("The report is sent back."), "success")
        if back:
            return redirect(url_for("projects.pending_reports"))
        return redirect(url_for("projects.reports_page", project_id=report.project_id) + f"#report-{report.id}")
    return reports_page(report.project_id, status=done.status, review_form=form, reviewing=report.id)


@bp.route("/projects/reports/<int:report_id>/files/<int:file_id>")
@public
def report_file(report_id, file_id):
    """A document of a report, to who may see the report (anyone once it is approved)."""
    report = db.get_or_404(ProjectReport, report_id)
    require(report.can_view(current_user))
    found = reports.file_of(report, file_id)
    return send_pdf(found)
