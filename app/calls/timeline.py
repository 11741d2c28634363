"""A call's lifecycle as a public timeline, derived from what is stored: when it was created
(for staff only: a draft is theirs), each step (the audit entries ``call.transition``: only
their date, status and reason are read out, never who acted), each published version with
its reason (``CallVersion``), then the steps still ahead for its kind (``lifecycle.STEPS``),
greyed out. Two queries, whatever the length.

Template global: ``call_timeline(call)``; the API answers ``timeline_json``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask_login import current_user

from app.calls import bp, lifecycle
from app.extensions import db
from app.models import AuditEntry
from app.models.call import Call, CallStatus, CallVersion

CREATED, STEP, VERSION, AHEAD = "created", "step", "version", "ahead"


@dataclass
class Moment:
    """One line of the timeline; ``at`` is None for a step still ahead."""

    kind: str
    status: CallStatus | None = None
    at: datetime | None = None
    reason: str = ""
    version: int | None = None


def _steps(call: Call) -> list[Moment]:
    rows = db.session.execute(
        sa.select(AuditEntry.at, AuditEntry.data)
        .where(
            AuditEntry.target_type == "call",
            AuditEntry.target_id == call.id,
            AuditEntry.action == "call.transition",
        )
        .order_by(AuditEntry.at, AuditEntry.id)
    ).all()
    out = []
    for at, data in rows:
        try:
            status = CallStatus((data or {}).get("to"))
        except ValueError:
            continue
        out.append(Moment(STEP, status, at, str((data or {}).get("reason") or "")))
    return out


def _versions(call: Call) -> list[Moment]:
    rows = db.session.execute(
        sa.select(CallVersion.number, CallVersion.reason, CallVersion.created_at)
        .where(CallVersion.call_id == call.id)
        .order_by(CallVersion.number)
    ).all()
    return [Moment(VERSION, None, at, reason or "", number) for number, reason, at in rows]


def ahead(call: Call) -> list[CallStatus]:
    """Every status the call may still reach, nearest first (branches side by side)."""
    graph, order = lifecycle.STEPS[call.kind], list(CallStatus)
    seen, frontier, out = {call.status}, [call.status], []
    while frontier:
        following = sorted({n for s in frontier for n in graph.get(s, set())} - seen, key=order.index)
        seen.update(following)
        out += following
        frontier = following
    return out


def timeline_of(call: Call, user) -> list[Moment]:
    """What happened, oldest first, then what may come. Version 1 is published by the step
    that leaves draft, so that step carries it instead of a line of its own."""
    past = _steps(call)
    versions = _versions(call)
    if past and versions and versions[0].version == 1:
        past[0].version = 1
        versions = versions[1:]
    past = sorted(past + versions, key=lambda m: m.at)
    if call.can_edit(user):
        past.insert(0, Moment(CREATED, CallStatus.DRAFT, call.created_at))
    return past + [Moment(AHEAD, status) for status in ahead(call)]


def timeline_json(call: Call, user) -> list[dict]:
    """The timeline for the API: ``[{kind, status, at, reason, version}]``."""
    return [
        {
            "kind": m.kind,
            "status": m.status.value if m.status else None,
            "at": m.at.isoformat() if m.at else None,
            "reason": m.reason,
            "version": m.version,
        }
        for m in timeline_of(call, user)
    ]


@bp.app_template_global()
def call_timeline(call: Call) -> list[Moment]:
    return timeline_of(call, current_user)
