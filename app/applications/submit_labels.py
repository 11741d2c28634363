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


#: The boxes of the application page, by their field name, and the section of the others.
_BOXES = {"title", "summary", "area", "duration_months", "requested_grant", "cofinancing"}
_SECTIONS = {
    "organization": "proposal",
    "partners": "partnership",
    "budget_lines": "budget",
    "indicators": "indicators",
    "attachments": "attachments",
}


def anchor(field: str) -> str:
    """Where a problem's field is on the application page: its box, else its section
    (``declarations.truthful`` → ``truthful``, ``budget_lines.2.fund`` → ``budget``)."""
    head, _dot, rest = field.partition(".")
    if head in _BOXES:
        return head
    if head == "declarations":
        return rest or "declarations"
    return _SECTIONS.get(head, "eligibility")
