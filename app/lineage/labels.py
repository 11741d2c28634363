"""The words of the lineage panel and page: each kind of link of the chain, the projects'
statuses and the workshops' (the other features' objects keep their own labels)."""

from flask_babel import lazy_gettext as _l

from app.models import ProjectStatus, WorkshopStatus

#: The headings of the chain's groups, in the order a need travels.
KINDS = {
    "need": _l("Needs"),
    "idea": _l("Ideas"),
    "workshop": _l("Co-design workshops"),
    "call": _l("Funding calls"),
    "application": _l("Applications"),
    "project": _l("Funded projects"),
}

PROJECT_STATUSES = {
    ProjectStatus.ON_TRACK: _l("On track"),
    ProjectStatus.LATE: _l("Late"),
    ProjectStatus.SUSPENDED: _l("Suspended"),
    ProjectStatus.CLOSED: _l("Closed"),
}

WORKSHOP_STATUSES = {
    WorkshopStatus.SCHEDULED: _l("scheduled"),
    WorkshopStatus.LIVE: _l("live now"),
    WorkshopStatus.CLOSED: _l("held"),
    WorkshopStatus.CANCELLED: _l("cancelled"),
}
