"""The fixed, translated lists of need categories and statuses."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.models import NeedCategory, NeedStatus

CATEGORY_LABELS = {
    NeedCategory.HOUSING: _l("Housing"),
    NeedCategory.WORK: _l("Work and training"),
    NeedCategory.YOUNG_PEOPLE: _l("Young people"),
    NeedCategory.ELDERLY: _l("Older people"),
    NeedCategory.FAMILIES: _l("Families and children"),
    NeedCategory.CULTURE: _l("Culture and sport"),
    NeedCategory.EDUCATION: _l("School and education"),
    NeedCategory.HEALTH: _l("Health and care"),
    NeedCategory.ENVIRONMENT: _l("Environment and green spaces"),
    NeedCategory.PUBLIC_SPACE: _l("Public spaces"),
    NeedCategory.MOBILITY: _l("Mobility and transport"),
    NeedCategory.SAFETY: _l("Safety"),
    NeedCategory.DIGITAL: _l("Digital inclusion"),
    NeedCategory.OTHER: _l("Other"),
}

STATUS_LABELS = {
    NeedStatus.OPEN: _l("Open"),
    NeedStatus.UNDER_REVIEW: _l("Under review"),
    NeedStatus.BEING_ADDRESSED: _l("Being addressed"),
    NeedStatus.ADDRESSED: _l("Addressed"),
    NeedStatus.DECLINED: _l("Declined"),
}

STATUS_BADGES = {
    NeedStatus.OPEN: "bg-primary",
    NeedStatus.UNDER_REVIEW: "bg-warning text-dark",
    NeedStatus.BEING_ADDRESSED: "bg-info text-dark",
    NeedStatus.ADDRESSED: "bg-success",
    NeedStatus.DECLINED: "bg-secondary",
}

SORT_LABELS = {
    "newest": _l("Newest"),
    "supported": _l("Most supported"),
    "discussed": _l("Most discussed"),
}


def category_choices(blank: str | None = None) -> list[tuple[str, str]]:
    choices = [(c.value, str(label)) for c, label in CATEGORY_LABELS.items()]
    return ([("", blank)] if blank is not None else []) + choices


def status_choices(blank: str | None = None) -> list[tuple[str, str]]:
    choices = [(s.value, str(label)) for s, label in STATUS_LABELS.items()]
    return ([("", blank)] if blank is not None else []) + choices


def status_label(value: str) -> str:
    """The label of a status code in the current language (the code when unknown)."""
    try:
        return str(STATUS_LABELS[NeedStatus(value)])
    except ValueError:
        return value
