"""Paths of the projects' pages, for notifications and the lineage (built outside a request too)."""

from __future__ import annotations

from app.ideas.links import path_for
from app.models import Project


def reports_path(project: Project) -> str:
    return path_for("projects.reports_page", project_id=project.id)


def project_path(project: Project) -> str:
    return path_for("projects.show", project_id=project.id)
