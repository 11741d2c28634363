"""Words of the projects in the reader's language: statuses (and their badge colours), the
states staff set, tranche kinds and statuses, and why a closed project closed."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.applications.labels import CATEGORIES  # noqa: F401  (the budget lines' categories)
from app.models import ApplicationStatus, ProjectState, ProjectStatus, TrancheKind, TrancheStatus

STATUSES = {
    ProjectStatus.ON_TRACK: _l("On track"),
    ProjectStatus.LATE: _l("Late"),
    ProjectStatus.SUSPENDED: _l("Suspended"),
    ProjectStatus.CLOSED: _l("Closed"),
}

#: Bootstrap Italia badge colours with enough contrast for their white text.
BADGES = {
    ProjectStatus.ON_TRACK: "success",
    ProjectStatus.LATE: "danger",
    ProjectStatus.SUSPENDED: "warning text-dark",
    ProjectStatus.CLOSED: "secondary",
}

#: The buttons of the manage page, by the state they lead to.
STEPS = {
    ProjectState.SUSPENDED: _l("Suspend the project"),
    ProjectState.ACTIVE: _l("Resume the project"),
    ProjectState.CLOSED: _l("Close the project (final)"),
}

TRANCHE_KINDS = {
    TrancheKind.ADVANCE: _l("Advance"),
    TrancheKind.INTERMEDIATE: _l("Intermediate payment"),
    TrancheKind.BALANCE: _l("Balance"),
    TrancheKind.RESULTS: _l("Results-based share"),
}

TRANCHE_STATUSES = {TrancheStatus.PLANNED: _l("planned"), TrancheStatus.PAID: _l("paid")}

#: Why a project closed when its grant was given back.
GIVEN_UP = {
    ApplicationStatus.RENOUNCED: _l("The organisation renounced the grant."),
    ApplicationStatus.REVOKED: _l("The city revoked the grant."),
}
