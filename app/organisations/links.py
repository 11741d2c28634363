"""URLs of organisations and partnerships, usable inside and outside a request (services run
in requests, the CLI and tests)."""

from __future__ import annotations

import os
from urllib.parse import urljoin

from flask import current_app, has_request_context, request, url_for
from werkzeug.routing import BuildError


def path_for(endpoint: str, **values) -> str:
    """The path of ``endpoint``: ``url_for`` in a request, the URL map otherwise."""
    if has_request_context():
        return url_for(endpoint, **values)
    adapter = current_app.url_map.bind("localhost", script_name=current_app.config.get("APPLICATION_ROOT") or "/")
    return adapter.build(endpoint, values)


def absolute(path: str) -> str:
    """A full address for links that leave the site (mail)."""
    if has_request_context():
        base = request.host_url
    else:
        base = (current_app.config.get("PUBLIC_URL") or os.environ.get("PUBLIC_URL") or "http://localhost:5000") + "/"
    return urljoin(base, path.lstrip("/"))


def organisation_path(organisation) -> str:
    return path_for("organisations.detail", organisation_id=organisation.id)


def partnership_path(partnership) -> str:
    return path_for("organisations.partnership", partnership_id=partnership.id)


def invitations_path() -> str:
    return path_for("organisations.invitations")


def members_path(organisation) -> str:
    return path_for("organisations.members", organisation_id=organisation.id)


def idea_path(idea) -> str | None:
    """The idea's page, built by the ideas feature (None if it has no page)."""
    try:
        return path_for("ideas.detail", city=idea.city.slug, idea_id=idea.id)
    except BuildError:
        return None
