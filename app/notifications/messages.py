"""The text of each notification kind, rendered in the reader's language.

Features add their kinds to ``MESSAGES``: ``kind -> lazy_gettext("… %(title)s …")``; the
params stored with the notification fill the placeholders.
"""

from __future__ import annotations

MESSAGES: dict = {}


def render(notification) -> str:
    template = MESSAGES.get(notification.kind)
    if template is None:
        return notification.params.get("text", notification.kind)
    try:
        return str(template) % notification.params
    except (KeyError, TypeError, ValueError):
        return str(template)
