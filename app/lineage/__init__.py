"""Lineage, complete (SPEC §3, issue 11 point 3): the chain need → ideas → workshops → call
→ applications → project → indicator results, walked both ways on every page (the "where
this came from / what it became" panel), in the API (``GET /api/v1/needs/{id}/lineage``,
``GET /api/v1/users/me/lineage``) and on the "what happened to my needs" page; residents
behind a need are told when a project from it is funded and when it reports results.

It sits above every feature it reads (up to ``app.projects``); none of them imports it."""

from flask import Blueprint

bp = Blueprint("lineage", __name__)

from app.lineage import notices, routes, template_helpers  # noqa: E402, F401
