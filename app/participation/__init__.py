"""Participation on needs and ideas: supports, follows, comments, staff answers and
moderation (reports, hide, restore). See docs/participation.md."""

from flask import Blueprint

bp = Blueprint("participation", __name__)

from app.participation import hooks, live, messages, routes  # noqa: E402, F401
