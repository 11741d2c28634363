"""Links to other features' pages (workshops, ideas, organisations), found at run time so
that spaces and accompaniment do not depend on how those features name their views."""

from __future__ import annotations

from flask import current_app, url_for
from werkzeug.routing import BuildError

_CANDIDATES = {
    "workshop": (("workshops.show", "workshops.detail", "workshops.view"), ("workshop_id", "id")),
    "idea": (("ideas.show", "ideas.detail", "ideas.view"), ("idea_id", "id")),
    "organisation": (
        ("organisations.show", "organisations.detail", "organisations.view", "organisations.profile"),
        ("organisation_id", "org_id", "id"),
    ),
}


def object_url(kind: str, obj_id: int | None, **context) -> str | None:
    """The page of a workshop, idea or organisation, or None when there is none (yet).
    ``context`` (e.g. ``city=<slug>``) is used only by pages whose URL needs it."""
    if obj_id is None or kind not in _CANDIDATES:
        return None
    endpoints, arg_names = _CANDIDATES[kind]
    for endpoint in endpoints:
        if endpoint not in current_app.view_functions:
            continue
        for arg in arg_names:
            for extra in ({}, context):
                try:
                    return url_for(endpoint, **{arg: obj_id}, **extra)
                except BuildError:
                    continue
    return None
