"""The posting limit of needs, shared by the form and the API (Flask-Limiter)."""

from __future__ import annotations

from flask import request
from flask_login import current_user

#: Per person: needs are read and moderated by people, so floods are kept out. Only needs
#: actually posted count (a form sent back with errors does not).
POST_LIMIT = "15/hour;60/day"


def poster_key() -> str:
    """Limit per signed-in person (per address for the anonymous, who are refused anyway)."""
    if current_user.is_authenticated:
        return f"post-need:{current_user.id}"
    return f"post-need-ip:{request.remote_addr or '?'}"
