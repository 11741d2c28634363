"""Names of the application statuses, in the reader's language."""

from flask_babel import lazy_gettext as _l

from app.models import ApplicationStatus

STATUSES = {
    ApplicationStatus.DRAFT: _l("Draft"),
    ApplicationStatus.SUBMITTED: _l("Submitted"),
    ApplicationStatus.WITHDRAWN: _l("Withdrawn"),
    ApplicationStatus.ADMISSIBLE: _l("Admissible"),
    ApplicationStatus.INADMISSIBLE: _l("Not admissible"),
    ApplicationStatus.FUNDED: _l("Funded"),
    ApplicationStatus.PARTLY_FUNDED: _l("Partly funded"),
    ApplicationStatus.RESERVE: _l("Reserve"),
    ApplicationStatus.NOT_FUNDED: _l("Not funded"),
    ApplicationStatus.RENOUNCED: _l("Renounced"),
    ApplicationStatus.REVOKED: _l("Revoked"),
}

#: The page where the application's fields are edited (the draft form), when it exists;
#: the eligibility problems link to ``<that page>#<field>``.
FORM_ENDPOINT = "applications.edit"
