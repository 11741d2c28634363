"""The text of each notification kind, rendered in the reader's language.

Features add their kinds to ``MESSAGES``: ``kind -> lazy_gettext("… %(title)s …")``; the
params stored with the notification fill the placeholders. A kind whose params need
translating too (a status or stage stored as its code) adds ``FORMATTERS[kind] =
fn(params) -> params``, called in the reader's language just before filling.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

MESSAGES: dict = {
    "idea.new_for_need": _l("A new idea answers the need “%(need)s”: “%(idea)s”"),
    "idea.stage": _l("The idea “%(idea)s” is now: %(stage)s"),
    "idea.volunteer": _l("%(name)s wants to help with your idea “%(idea)s”"),
}


def _idea_stage(params: dict) -> dict:
    from app.ideas.stages import label

    return {**params, "stage": label(params.get("stage", "")) or params.get("stage", "")}


FORMATTERS: dict = {
    "idea.stage": _idea_stage,
}


def render(notification) -> str:
    template = MESSAGES.get(notification.kind)
    params = notification.params or {}
    if template is None:
        return str(params.get("text", notification.kind))
    formatter = FORMATTERS.get(notification.kind)
    try:
        if formatter is not None:
            params = formatter(params)
        return str(template) % params
    except (KeyError, TypeError, ValueError):
        return str(template)
