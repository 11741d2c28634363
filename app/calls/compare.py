"""Comparing two snapshots of a call (``queries.rules_of``, as a ``CallVersion`` keeps it):
every rule as a labelled row in plain words with how it changed, the field-level changes the
API answers, and the text diffed word by word. Pure functions over plain values, in the
current language, so the pages and the PDF job (which has no request) share them."""

from __future__ import annotations

import difflib
import re
from datetime import datetime
from decimal import Decimal

from flask_babel import format_datetime, format_decimal
from flask_babel import gettext as _
from markupsafe import Markup, escape

from app.calls import labels
from app.calls.queries import SECTIONS
from app.i18n import euro
from app.models import LegalForm
from app.models.call import CommentSection, ProfitRole
from app.organisations.labels import LEGAL_FORMS

#: Rules that are lists of items, and the key that says which item is which.
LIST_KEYS = {
    "funds": "fund",
    "areas": "area",
    "criteria": "name",
    "unit_costs": "name",
    "indicators": "code",
    "attachments": "name",
}
#: Long text, shown diffed word by word rather than as a row.
TEXT_FIELDS = ("summary", "body")
MONEY = {"budget", "min_grant", "max_grant"}
PERCENT = {
    "cofinancing_pct",
    "indirect_flat_rate_pct",
    "advance_pct",
    "intermediate_pct",
    "results_share_pct",
    "min_achievement_pct",
}


def percent(value) -> str:
    return f"{format_decimal(Decimal(value))}%"


def when(value: str | None) -> str:
    return format_datetime(datetime.fromisoformat(value), "d MMMM y, HH:mm") if value else ""


def legal_forms(codes: list[str]) -> str:
    known = {f.value for f in LegalForm}
    return ", ".join(str(LEGAL_FORMS[LegalForm(c)]) if c in known else c for c in codes) or _("any")


def area_intensity(item: dict, areas: dict) -> str:
    """ "up to 80% of eligible cost", the area's own intensity when the call sets none."""
    own = areas.get(item["area"], {}).get("intensity")
    value = item.get("intensity_pct") if item.get("intensity_pct") is not None else own
    return _("up to %(pct)s%% of eligible cost", pct=format_decimal(Decimal(value or 0)))


def describe(field: str, value, areas: dict) -> str:
    """A scalar rule in plain words."""
    if value is None or value == "":
        return "—"
    if field in MONEY:
        return euro(value)
    if field in PERCENT:
        return percent(value)
    if field == "min_score":
        return format_decimal(Decimal(value))
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if field in ("opens_at", "closes_at"):
        return when(value)
    if field == "profit_role":
        return str(labels.PROFIT_ROLES[ProfitRole(value)])
    if field == "applicant_forms":
        return legal_forms(value)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "—"
    return str(value)


def item_name(field: str, item: dict, areas: dict) -> str:
    if field == "areas":
        return areas.get(item["area"], {}).get("name") or _("Area %(id)s", id=item["area"])
    return str(item[LIST_KEYS[field]])


def describe_item(field: str, item: dict, areas: dict) -> str:
    """One item of a list rule in plain words."""
    if field == "funds":
        return _("ceiling %(amount)s", amount=euro(item["ceiling"]))
    if field == "areas":
        return area_intensity(item, areas)
    if field == "criteria":
        points = _(
            "up to %(max)s points, threshold %(min)s",
            max=format_decimal(Decimal(item["max_points"])),
            min=format_decimal(Decimal(item["threshold"] or 0)),
        )
        return f"{points}. {item['description']}" if item.get("description") else points
    if field == "unit_costs":
        return _("%(rate)s per %(unit)s", rate=euro(item["rate"]), unit=item["unit"])
    if field == "attachments":
        return item.get("description") or "—"
    if item.get("weight") is not None:
        return _(
            "%(name)s (%(unit)s), weight %(weight)s",
            name=item["name"],
            unit=item["unit"],
            weight=format_decimal(Decimal(item["weight"])),
        )
    return f"{item['name']} ({item['unit']})"


def _state(before, after) -> str:
    if before == after:
        return "same"
    if before in (None, "", []):
        return "added"
    if after in (None, "", []):
        return "removed"
    return "changed"


def _item_rows(field: str, a: list, b: list, areas: dict) -> list[dict]:
    key = LIST_KEYS[field]
    old, new = {i[key]: i for i in a or []}, {i[key]: i for i in b or []}
    order = list(old) + [k for k in new if k not in old]
    rows = []
    for k in order:
        before, after = old.get(k), new.get(k)
        item = after or before
        rows.append(
            {
                "field": field,
                "label": f"{labels.RULES[field]}: {item_name(field, item, areas)}",
                "before": describe_item(field, before, areas) if before else "—",
                "after": describe_item(field, after, areas) if after else "—",
                "state": _state(before, after),
            }
        )
    if not order:
        rows.append({"field": field, "label": str(labels.RULES[field]), "before": "—", "after": "—", "state": "same"})
    return rows


def rows(a: dict, b: dict, areas: dict) -> list[dict]:
    """Every rule of the two snapshots, section by section, as
    ``{section, section_label, field, label, before, after, state}`` in plain words."""
    out = []
    for section, names in SECTIONS.items():
        for field in names:
            if field in TEXT_FIELDS:
                continue
            if field in LIST_KEYS:
                found = _item_rows(field, a.get(field), b.get(field), areas)
            else:
                before, after = a.get(field), b.get(field)
                found = [
                    {
                        "field": field,
                        "label": str(labels.RULES[field]),
                        "before": describe(field, before, areas),
                        "after": describe(field, after, areas),
                        "state": _state(before, after),
                    }
                ]
            for row in found:
                row.update(section=section, section_label=str(labels.SECTIONS[CommentSection(section)]))
            out.extend(found)
    return out


def changes(a: dict, b: dict) -> list[dict]:
    """The rules that differ, field by field, with their values as the API gives them."""
    return [
        {"field": field, "label": str(labels.RULES[field]), "before": a.get(field), "after": b.get(field)}
        for names in SECTIONS.values()
        for field in names
        if a.get(field) != b.get(field)
    ]


_WORDS = re.compile(r"(\s+|[^\w\s])")  # words, and between them spaces and punctuation


def word_diff(old: str, new: str) -> Markup:
    """``new`` against ``old`` word by word: removed words in ``<del>``, added ones in
    ``<ins>``, each run with a hidden spoken marker; all text escaped."""
    a, b = _WORDS.split(old or ""), _WORDS.split(new or "")
    removed = Markup('<del><span class="visually-hidden">[%s] </span>%s</del>')
    added = Markup('<ins><span class="visually-hidden">[%s] </span>%s</ins>')
    out = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.append(escape("".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(removed % (_("removed"), "".join(a[i1:i2])))
        if j2 > j1:
            out.append(added % (_("added"), "".join(b[j1:j2])))
    return Markup("").join(out)


def text_diffs(a: dict, b: dict) -> list[dict]:
    """The summary and the text of the call, each diffed (``changed`` says whether it did)."""
    return [
        {
            "field": field,
            "label": str(labels.RULES[field]),
            "diff": word_diff(a.get(field, ""), b.get(field, "")),
            "changed": a.get(field) != b.get(field),
        }
        for field in TEXT_FIELDS
    ]


def by_section(items: list[dict]) -> list[tuple[str, str, list[dict]]]:
    """``(section, its label, items)`` in the order of the call's sections, empty ones left out."""
    return [
        (s.value, str(labels.SECTIONS[s]), found)
        for s in CommentSection
        if (found := [i for i in items if i["section"] == s.value])
    ]
