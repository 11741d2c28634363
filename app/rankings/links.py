"""Paths of the rankings' pages, for notifications (built outside a request too)."""

from __future__ import annotations

from app.ideas.links import path_for
from app.models.call import Call


def ranking_path(call: Call) -> str:
    return path_for("rankings.ranking", call_id=call.id)


def call_path(call: Call) -> str:
    return path_for("calls.detail", call_id=call.id)
