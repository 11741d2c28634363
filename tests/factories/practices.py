"""Good practices: a closed project (``funded_project`` then closed, as staff close it) and
a practice proposed by a member of its organisation, published or declined by the authority
through the services."""

from __future__ import annotations

from app.extensions import db
from app.models import ProjectState, Role
from app.models.base import utcnow
from app.projects import practices
from tests import factories
from tests.factories.projects import funded_project

LESSONS = (
    "Il doposcuola ha funzionato perché le famiglie sono state coinvolte fin dall'inizio; "
    "servono locali accessibili e un coordinamento con le scuole del quartiere."
)


def closed_project(city, title="Cortili aperti", **kwargs):
    project = funded_project(city, title, **kwargs)
    project.state, project.closed_at = ProjectState.CLOSED, utcnow()
    db.session.commit()
    return project


def beneficiary(project):
    """The owner of the project's organisation (who applied)."""
    return project.organisation.members[0].user


def authority():
    return factories.create_user(role=Role.AUTHORITY, name="Autorità di Gestione")


def proposed_practice(project, title="Doposcuola condiviso", lessons=LESSONS, by=None):
    return practices.propose_practice(by or beneficiary(project), project, {"title": title, "lessons": lessons})


def published_practice(project, title="Doposcuola condiviso", lessons=LESSONS, curator=None):
    practice = proposed_practice(project, title, lessons)
    return practices.curate_practice(curator or authority(), practice, {"publish": True})


__all__ = ["authority", "beneficiary", "closed_project", "proposed_practice", "published_practice"]
