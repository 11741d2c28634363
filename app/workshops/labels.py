"""Words of the workshops' pages that code hands to templates and scripts."""

from __future__ import annotations

from flask_babel import gettext as _


def color_names() -> dict[str, str]:
    return {
        "yellow": _("Yellow"),
        "pink": _("Pink"),
        "blue": _("Blue"),
        "green": _("Green"),
        "orange": _("Orange"),
        "purple": _("Purple"),
    }
