"""Paths of the projects' pages, for notifications (built outside a request too). The
project page itself belongs to another part of the feature: it is found in the URL map,
and the reports page stands in while there is none."""

from __future__ import annotations

from app.ideas.links import _detail_path, path_for
from app.models import Project


def reports_path(project: Project) -> str:
    return path_for("projects.reports_page", project_id=project.id)


def project_path(project: Project) -> str:
    return _detail_path("projects", ("project_id",), project) or reports_path(project)
