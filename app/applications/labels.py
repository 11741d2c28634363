"""The words of the application pages for codes (statuses, roles, budget categories)."""

from flask_babel import lazy_gettext as _l

from app.models.application import ApplicantRole, ApplicationStatus, BudgetCategory, PartnerAnswer
from app.models.organisation import PartnerRole, PartnerStatus
from app.organisations.labels import PARTNER_ROLES, PARTNER_STATUSES

STATUSES = {
    ApplicationStatus.DRAFT: _l("Draft"),
    ApplicationStatus.SUBMITTED: _l("Submitted"),
    ApplicationStatus.WITHDRAWN: _l("Withdrawn"),
    ApplicationStatus.ADMISSIBLE: _l("Admissible"),
    ApplicationStatus.INADMISSIBLE: _l("Inadmissible"),
    ApplicationStatus.FUNDED: _l("Funded"),
    ApplicationStatus.PARTLY_FUNDED: _l("Partly funded"),
    ApplicationStatus.RESERVE: _l("Reserve"),
    ApplicationStatus.NOT_FUNDED: _l("Not funded"),
    ApplicationStatus.RENOUNCED: _l("Renounced"),
    ApplicationStatus.REVOKED: _l("Revoked"),
}

#: The words of the organisations' partnerships, for the same codes.
ROLES = {role: PARTNER_ROLES[PartnerRole(role.value)] for role in ApplicantRole}
ANSWERS = {answer: PARTNER_STATUSES[PartnerStatus(answer.value)] for answer in PartnerAnswer}

CATEGORIES = {
    BudgetCategory.STAFF: _l("Staff"),
    BudgetCategory.SERVICES: _l("Services"),
    BudgetCategory.GOODS: _l("Goods"),
    BudgetCategory.WORKS: _l("Works"),
    BudgetCategory.TRAVEL: _l("Travel"),
    BudgetCategory.INDIRECT: _l("Indirect costs"),
    BudgetCategory.OTHER: _l("Other"),
}

DECLARATIONS = {
    "truthful": _l("I declare that what this application states is true (DPR 445/2000)."),
    "no_double_funding": _l("The same costs are not funded by other public funds."),
    "privacy": _l("I have read the privacy notice."),
}


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
