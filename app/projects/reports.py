"""Reports of a funded project: the only place that writes them.

- The project's organisation files spend on a budget line (a simplified-cost line from a
  quantity: amount = quantity × rate) and indicator values, each with PDF documents.
- Staff of the project approve a report or send it back with a reason; an organisation
  never reviews its own reports (a staff member who is also a member is refused). Approved
  spend adds to ``project.spent``; ``hooks.REPORT_APPROVED`` runs in the same transaction.
- A sent-back report stays as it was, with its reason, in the project's history; the
  organisation corrects it by filing a new report (the form can start from the old one).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import sqlalchemy as sa
from flask_babel import gettext as _

from app import audit, times
from app.calls.services import _save
from app.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from app.extensions import db
from app.models import MemberStatus, Project, ProjectBudgetLine, ProjectReport, ReportKind, ReportStatus, StoredFile
from app.models.base import utcnow
from app.notifications.services import notify_many
from app.projects import hooks
from app.projects.links import reports_path
from app.projects.schemas_reports import MAX_REPORT_FILES, ExpenditureInput, IndicatorReportInput, ReviewInput
from app.schemas import load
from app.uploads import discard_file, save_pdf

CENT = Decimal("0.01")
ZERO = Decimal("0")

#: What a report's documents are: ``(content, filename)`` pairs, read by the door.
Files = list[tuple[bytes, str]]


def _reporter(actor, project: Project) -> None:
    if not project.can_report(actor):
        raise PermissionDenied()


def _check_date(project: Project, day, field: str) -> None:
    """Not in the future, and within the project's dates (when it has them)."""
    if day > times.now_local().date():
        raise InvalidInput({field: [_("The date cannot be in the future.")]})
    if (project.starts_on and day < project.starts_on) or (project.ends_on and day > project.ends_on):
        raise InvalidInput(
            {
                field: [
                    _(
                        "The date must be within the project's dates (%(start)s – %(end)s).",
                        start=project.starts_on.isoformat() if project.starts_on else "…",
                        end=project.ends_on.isoformat() if project.ends_on else "…",
                    )
                ]
            }
        )


def _line_of(project: Project, line_id: int) -> ProjectBudgetLine:
    """The project's budget line, locked so that two reports on it are checked one at a time."""
    line = db.session.scalar(
        sa.select(ProjectBudgetLine)
        .where(ProjectBudgetLine.id == line_id, ProjectBudgetLine.project_id == project.id)
        .with_for_update()
    )
    if line is None:
        raise InvalidInput({"budget_line": [_("Choose one of the project's budget lines.")]})
    return line


def _amount(line: ProjectBudgetLine, fields: dict) -> tuple[Decimal, Decimal | None]:
    """The amount of a spend: given, or on a simplified-cost line quantity × rate (an amount
    that disagrees is refused)."""
    quantity, amount = fields["quantity"], fields["amount"]
    if not line.simplified:
        if quantity is not None:
            raise InvalidInput({"quantity": [_("This budget line is reported in euros, not in units.")]})
        if amount is None:
            raise InvalidInput({"amount": [_("Enter the amount spent.")]})
        return amount, None
    if quantity is None or quantity <= ZERO:
        raise InvalidInput({"quantity": [_("Enter how many units (%(unit)s) were delivered.", unit=line.unit or "")]})
    computed = (quantity * line.rate).quantize(CENT, rounding=ROUND_HALF_UP)
    if amount is not None and amount != computed:
        raise InvalidInput(
            {
                "amount": [
                    _(
                        "On this line the amount is quantity × rate: %(quantity)s × %(rate)s = %(amount)s euros.",
                        quantity=quantity,
                        rate=line.rate,
                        amount=computed,
                    )
                ]
            }
        )
    return computed, quantity


def committed_on(line: ProjectBudgetLine) -> Decimal:
    """Approved and waiting spend on ``line``."""
    total = db.session.scalar(
        sa.select(sa.func.coalesce(sa.func.sum(ProjectReport.amount), 0)).where(
            ProjectReport.budget_line_id == line.id,
            ProjectReport.status.in_((ReportStatus.APPROVED, ReportStatus.SUBMITTED)),
        )
    )
    return Decimal(total or 0)


def _check_room(line: ProjectBudgetLine, amount: Decimal) -> None:
    used = committed_on(line)
    if used + amount > line.amount:
        raise InvalidInput(
            {
                "amount": [
                    _(
                        "This line has %(left)s euros left of %(total)s (approved and waiting spend: %(used)s).",
                        left=max(line.amount - used, ZERO),
                        total=line.amount,
                        used=used,
                    )
                ]
            }
        )


def _check_files(files: Files) -> None:
    if len(files) > MAX_REPORT_FILES:
        raise InvalidInput({"files": [_("Attach at most %(n)s documents.", n=MAX_REPORT_FILES)]})


def _file(actor, project: Project, files: Files, make) -> ProjectReport:
    """Store the documents, make the report (``make()``, which runs the checks that need the
    database) and commit; a failure removes the stored files."""
    stored: list[StoredFile] = []

    def run():
        for content, name in files:
            stored.append(save_pdf(content, name, owner=actor, field="files"))
        report = make()
        report.files = list(stored)
        db.session.add(report)
        audit.record(actor, f"project.report_{report.kind.value}", project, city=project.city_id, report=report.id)
        return report

    try:
        return _save(run)
    except Exception:
        for item in stored:
            discard_file(item)
        raise


def report_expenditure(actor, project: Project, data: dict, files: Files = ()) -> ProjectReport:
    """The organisation reports spend on one of the project's budget lines."""
    _reporter(actor, project)
    fields = load(ExpenditureInput, data)
    files = list(files)
    _check_files(files)
    _check_date(project, fields["spent_on"], "spent_on")

    def make():
        line = _line_of(project, fields["budget_line"])
        amount, quantity = _amount(line, fields)
        _check_room(line, amount)
        return ProjectReport(
            project_id=project.id,
            kind=ReportKind.EXPENDITURE,
            budget_line=line,
            amount=amount,
            quantity=quantity,
            spent_on=fields["spent_on"],
            description=fields["description"],
            submitted_by_id=actor.id,
        )

    return _file(actor, project, files, make)


def report_indicator(actor, project: Project, data: dict, files: Files = ()) -> ProjectReport:
    """The organisation reports a value of one of the project's indicators (by its code)."""
    _reporter(actor, project)
    fields = load(IndicatorReportInput, data)
    files = list(files)
    _check_files(files)
    code = fields["indicator"].upper()
    indicator = next((i for i in project.indicators if i.code.upper() == code), None)
    if indicator is None:
        raise InvalidInput({"indicator": [_("Choose one of the project's indicators.")]})
    _check_date(project, fields["measured_on"], "measured_on")
    return _file(
        actor,
        project,
        files,
        lambda: ProjectReport(
            project_id=project.id,
            kind=ReportKind.INDICATOR,
            indicator_id=indicator.id,
            value=fields["value"],
            measured_on=fields["measured_on"],
            evidence=fields["evidence"],
            submitted_by_id=actor.id,
        ),
    )


def members_of(project: Project) -> list[int]:
    """The active members of the project's organisation (who is told about its reports)."""
    if project.organisation is None:
        return []
    return [m.user_id for m in project.organisation.members if m.status is MemberStatus.ACTIVE]


def _decide(report: ProjectReport, status: ReportStatus) -> None:
    """Move a submitted report to ``status``, once: a second review of the same report (two
    staff at once) finds it no longer submitted."""
    moved = db.session.execute(
        sa.update(ProjectReport)
        .where(ProjectReport.id == report.id, ProjectReport.status == ReportStatus.SUBMITTED)
        .values(status=status)
        .execution_options(synchronize_session=False)
    ).rowcount
    if moved != 1:
        raise Conflict(_("This report is already reviewed."))
    report.status = status


def review_report(actor, report: ProjectReport, data: dict) -> ProjectReport:
    """Staff of the project approve a submitted report or send it back with a reason."""
    if not report.can_review(actor):
        raise PermissionDenied()
    fields = load(ReviewInput, data)
    if report.status is not ReportStatus.SUBMITTED:
        raise Conflict(_("Only a submitted report can be reviewed."))
    if not fields["approve"] and len(fields["reason"]) < 10:
        raise InvalidInput({"reason": [_("Say why the report is sent back (at least 10 characters).")]})
    project = report.project

    def write():
        status = ReportStatus.APPROVED if fields["approve"] else ReportStatus.SENT_BACK
        _decide(report, status)
        report.reviewed_by_id, report.reviewed_at, report.review_reason = actor.id, utcnow(), fields["reason"]
        if status is ReportStatus.APPROVED and report.kind is ReportKind.EXPENDITURE:
            db.session.execute(
                sa.update(Project)
                .where(Project.id == project.id)
                .values(spent=Project.spent + report.amount)
                .execution_options(synchronize_session=False)
            )
            db.session.expire(project, ["spent"])
        audit.record(actor, f"project.report_{status.value}", project, city=project.city_id, report=report.id)
        if status is ReportStatus.APPROVED:
            hooks.run(hooks.REPORT_APPROVED, actor, report)
        notify_many(
            members_of(project),
            f"project.report_{status.value}",
            reports_path(project),
            exclude=[actor.id],
            title=project.title,
            report=report_label(report),
            reason=fields["reason"],
        )
        return report

    return _save(write)


def report_label(report: ProjectReport) -> str:
    """A short name of what a report is about, for notifications and lists."""
    if report.kind is ReportKind.EXPENDITURE:
        return f"{report.budget_line.description or report.budget_line.category.value} · {report.amount} €"
    return f"{report.indicator.code} = {report.value}"


def report_of(report_id: int) -> ProjectReport:
    report = db.session.get(ProjectReport, report_id)
    if report is None:
        raise NotFound()
    return report


def file_of(report: ProjectReport, file_id: int) -> StoredFile:
    found = next((f for f in report.files if f.id == file_id), None)
    if found is None:
        raise NotFound()
    return found
