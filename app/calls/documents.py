"""The documents of a call, as plain data: the avviso (the official text as one version
published it) and the consultation report (comments per section and outcome, how each was
handled, what changed because of them). The pages show this data and the PDF job lays it
out (``app/calls/pdfs.py``), so both say the same thing."""

from __future__ import annotations

from collections import Counter

import sqlalchemy as sa

from app.calls import compare, queries
from app.errors import NotFound
from app.extensions import db
from app.models import Area
from app.models.call import Call, CallVersion, CommentOutcome, CommentSection


def areas_of(*snapshots: dict) -> dict[int, dict]:
    """Names and own funding intensity of the areas the snapshots name."""
    ids = {item["area"] for s in snapshots for item in s.get("areas") or []}
    if not ids:
        return {}
    found = db.session.scalars(sa.select(Area).where(Area.id.in_(ids)))
    return {a.id: {"name": a.name, "intensity": f"{a.funding_intensity:.2f}"} for a in found}


def version_pair(call: Call, a: int | None, b: int | None) -> tuple[CallVersion, CallVersion, list[CallVersion]]:
    """Versions ``a`` and ``b`` of the call (by default the one before the latest and the
    latest) and all its versions; ``NotFound`` when the call has none or not those."""
    versions = queries.versions_of(call)
    by_number = {v.number: v for v in versions}
    if not versions:
        raise NotFound()
    latest = versions[-1].number
    a = a if a is not None else max(latest - 1, versions[0].number)
    b = b if b is not None else latest
    if a not in by_number or b not in by_number:
        raise NotFound()
    return by_number[a], by_number[b], versions


def _version_json(version: CallVersion) -> dict:
    return {"number": version.number, "reason": version.reason, "created_at": version.created_at.isoformat()}


def _call_json(call: Call) -> dict:
    return {"id": call.id, "city": call.city.name, "status": call.status.value, "kind": call.kind.value}


def avviso_of(call: Call, version: CallVersion | None) -> dict:
    """The avviso of ``version`` from its snapshot (exactly what was published); of a
    draft, its current rules as version 0."""
    rules = version.snapshot if version else queries.rules_of(call)
    return {
        "call": _call_json(call),
        "version": _version_json(version) if version else {"number": 0, "reason": "", "created_at": None},
        "rules": rules,
        "areas": areas_of(rules),
    }


def _comment_json(comment) -> dict:
    return {
        "id": comment.id,
        "section": comment.section.value,
        "outcome": comment.outcome.value,
        "body": comment.body,
        "reply": comment.reply,
        "author": comment.author.display_name if comment.author else None,
        "version": comment.version,
        "created_at": comment.created_at.isoformat(),
    }


def report_of(call: Call) -> dict:
    """Everything the consultation report shows, as plain values."""
    comments = [_comment_json(c) for c in queries.comments_of(call)]
    versions = queries.versions_of(call)
    counted = Counter((c["section"], c["outcome"]) for c in comments)
    return {
        "call": {
            **_call_json(call),
            "title": call.title,
            "department": call.department,
            "action_code": call.action_code,
            "version": call.version,
        },
        "counts": {s.value: {o.value: counted[(s.value, o.value)] for o in CommentOutcome} for s in CommentSection},
        "total": len(comments),
        "comments": comments,
        "versions": [{**_version_json(v), "rules": v.snapshot} for v in versions],
        "areas": areas_of(*(v.snapshot for v in versions)),
    }


def effects(report: dict) -> list[dict]:
    """What changed because of the comments: for each version commented on, the next
    version, and per section the accepted comments next to the rules of that section that
    changed (``next`` is None while no later version is published)."""
    by_number = {v["number"]: v for v in report["versions"]}
    out = []
    for number in sorted({c["version"] for c in report["comments"]}):
        consulted, following = by_number.get(number), by_number.get(number + 1)
        rows = compare.rows(consulted["rules"], following["rules"], report["areas"]) if consulted and following else []
        texts = compare.text_diffs(consulted["rules"], following["rules"]) if consulted and following else []
        sections = []
        for section in CommentSection:
            accepted = [
                c
                for c in report["comments"]
                if c["version"] == number and c["section"] == section.value and c["outcome"] == "accepted"
            ]
            changed = [r for r in rows if r["section"] == section.value and r["state"] != "same"]
            if section is CommentSection.TEXT:
                changed += [{"label": t["label"], "state": "changed", "text": True} for t in texts if t["changed"]]
            if accepted or changed:
                sections.append({"section": section.value, "accepted": accepted, "changed": changed})
        out.append({"version": number, "next": following, "sections": sections})
    return out


def section_counts(report: dict) -> list[dict]:
    """One row per section: its comments by outcome and in all."""
    return [
        {"section": section, "outcomes": counts, "total": sum(counts.values())}
        for section, counts in report["counts"].items()
    ]
