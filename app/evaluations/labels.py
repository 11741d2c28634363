"""What the evaluation pages call things, in the reader's language."""

from flask_babel import lazy_gettext as _l

from app.models.evaluation import EvaluationStatus

STATUSES = {
    EvaluationStatus.ASSIGNED: _l("To declare"),
    EvaluationStatus.DECLARED: _l("Scoring"),
    EvaluationStatus.CONFLICT: _l("Conflict of interest"),
    EvaluationStatus.SUBMITTED: _l("Submitted"),
    EvaluationStatus.REPLACED: _l("Replaced"),
}
