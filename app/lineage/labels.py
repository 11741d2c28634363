"""The words of the lineage panel and page: each kind of link of the chain, the projects'
statuses and the workshops' (the other features' objects keep their own labels)."""

from flask_babel import lazy_gettext as _l

from app.models import WorkshopStatus
from app.projects.labels import STATUSES

#: The headings of the chain's groups, in the order a need travels.
KINDS = {
    "need": _l("Needs"),
    "idea": _l("Ideas"),
    "workshop": _l("Co-design workshops"),
    "call": _l("Funding calls"),
    "application": _l("Applications"),
    "project": _l("Funded projects"),
}

PROJECT_STATUSES = STATUSES  # the projects feature's words

WORKSHOP_STATUSES = {
    WorkshopStatus.SCHEDULED: _l("scheduled"),
    WorkshopStatus.LIVE: _l("live now"),
    WorkshopStatus.CLOSED: _l("held"),
    WorkshopStatus.CANCELLED: _l("cancelled"),
}
