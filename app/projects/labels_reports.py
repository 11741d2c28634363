"""Words shown for the reports' kinds and statuses, in the reader's language."""

from flask_babel import lazy_gettext as _l

from app.models import ReportKind, ReportStatus

KINDS = {ReportKind.EXPENDITURE: _l("Spend"), ReportKind.INDICATOR: _l("Indicator value")}

STATUSES = {
    ReportStatus.SUBMITTED: _l("Waiting for review"),
    ReportStatus.APPROVED: _l("Approved"),
    ReportStatus.SENT_BACK: _l("Sent back"),
}

#: The badge colour of each status (Bootstrap Italia).
BADGES = {ReportStatus.SUBMITTED: "warning", ReportStatus.APPROVED: "success", ReportStatus.SENT_BACK: "danger"}
