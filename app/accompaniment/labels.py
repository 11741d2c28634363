"""The readiness items every city starts with, and how a checklist item's label is shown."""

from __future__ import annotations

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

#: The readiness items every city starts with: (key, label, weight).
DEFAULT_CHECKLIST = [
    ("statute", _l("Statute adopted"), 2),
    ("runts", _l("Registered in RUNTS"), 2),
    ("partnership", _l("Partnership formed"), 2),
    ("budget", _l("Draft budget"), 2),
    ("impact", _l("Impact indicators defined"), 1),
    ("space", _l("Space found"), 1),
]
DEFAULT_LABELS = {key: label for key, label, _weight in DEFAULT_CHECKLIST}


def italian(label) -> str:
    """A label as stored: in the cities' language."""
    with force_locale("it"):
        return str(label)


def item_label(item) -> str:
    """A checklist item's label: the default items untouched by staff are shown in the
    reader's language; labels staff wrote are shown as written."""
    default = DEFAULT_LABELS.get(item.key)
    if default is not None and item.label == italian(default):
        return str(default)
    return item.label
