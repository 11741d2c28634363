"""Reading calls: the one serialiser of a call's rules (API answers, version snapshots and
the comparison of versions all use it), the list select, and lookups."""

from __future__ import annotations

from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import Role
from app.models.call import Call, CallArea, CallComment, CallFund, CallStatus, CallVersion

#: The sections of a call, as consultation comments name them, with the rules each holds.
SECTIONS = {
    "text": ("title", "summary", "body", "department", "co_departments", "action_code"),
    "eligibility": ("applicant_forms", "profit_role", "min_partners", "requires_runts", "areas", "attachments"),
    "budget": (
        "funds",
        "budget",
        "min_grant",
        "max_grant",
        "cofinancing_pct",
        "indirect_flat_rate_pct",
        "unit_costs",
        "advance_pct",
        "intermediate_pct",
        "results_share_pct",
        "min_achievement_pct",
        "indicators",
        "partial_last_award",
    ),
    "criteria": ("criteria", "min_score", "evaluators_per_application", "review_days"),
    "timing": ("opens_at", "closes_at", "min_duration_months", "max_duration_months"),
}


def _money(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def rules_of(call: Call) -> dict:
    """The call's text and rules as ``shared/API.md``'s call body (JSON values): what the API
    answers, what a version keeps, and what a PATCH is merged into."""
    return {
        "title": call.title,
        "summary": call.summary,
        "body": call.body,
        "kind": call.kind.value,
        "department": call.department,
        "co_departments": list(call.co_departments or []),
        "action_code": call.action_code,
        "funds": [{"fund": f.fund.value, "ceiling": _money(f.ceiling)} for f in call.funds],
        "budget": _money(call.budget),
        "min_grant": _money(call.min_grant),
        "max_grant": _money(call.max_grant),
        "cofinancing_pct": _money(call.cofinancing_pct),
        "applicant_forms": list(call.applicant_forms or []),
        "profit_role": call.profit_role.value,
        "min_partners": call.min_partners,
        "areas": [{"area": a.area_id, "intensity_pct": _money(a.intensity_pct)} for a in call.areas],
        "min_duration_months": call.min_duration_months,
        "max_duration_months": call.max_duration_months,
        "opens_at": call.opens_at.isoformat(),
        "closes_at": call.closes_at.isoformat() if call.closes_at else None,
        "criteria": [
            {
                "name": c.name,
                "description": c.description,
                "max_points": _money(c.max_points),
                "threshold": _money(c.threshold),
            }
            for c in call.criteria
        ],
        "min_score": _money(call.min_score),
        "indirect_flat_rate_pct": _money(call.indirect_flat_rate_pct),
        "unit_costs": [{"name": u.name, "unit": u.unit, "rate": _money(u.rate)} for u in call.unit_costs],
        "advance_pct": _money(call.advance_pct),
        "intermediate_pct": _money(call.intermediate_pct),
        "results_share_pct": _money(call.results_share_pct),
        "min_achievement_pct": _money(call.min_achievement_pct),
        "indicators": [
            {"code": i.code, "name": i.name, "unit": i.unit, "weight": _money(i.weight)} for i in call.indicators
        ],
        "attachments": [{"name": a.name, "description": a.description} for a in call.attachments],
        "evaluators_per_application": call.evaluators_per_application,
        "review_days": call.review_days,
        "partial_last_award": call.partial_last_award,
        "requires_runts": call.requires_runts,
        "idea_ids": [idea.id for idea in call.ideas],
    }


def changed_sections(old: dict, new: dict) -> dict[str, list[str]]:
    """Which rules differ between two snapshots, by section (for comparing versions)."""
    out: dict[str, list[str]] = {}
    for section, names in SECTIONS.items():
        changed = [n for n in names if old.get(n) != new.get(n)]
        if changed:
            out[section] = changed
    return out


def visible_to(user):
    """The condition on ``Call`` of the calls ``user`` may see: public ones, and drafts of
    the cities they are staff of (every draft for admins)."""
    if user.is_admin:
        return sa.true()
    return sa.or_(Call.status != CallStatus.DRAFT, Call.city_id.in_(sorted(user.cities_with(Role.STAFF))))


def calls_select(user, *, city_id=None, status=None, kind=None, fund=None, area_id=None):
    """Calls a person may see (drafts only for their city's staff), filtered: the one query
    of the city list, the list of all cities and ``GET /api/v1/calls``. Open calls first,
    the soonest to close at the top (a rolling call, open until its budget is used, after
    them); then the others, the most recently closed first."""
    select = sa.select(Call)
    if city_id is not None:
        select = select.where(Call.city_id == city_id)
    if status is not None:
        select = select.where(Call.status == status)
    if kind is not None:
        select = select.where(Call.kind == kind)
    if fund is not None:
        select = select.where(Call.funds.any(CallFund.fund == fund))
    if area_id is not None:
        select = select.where(Call.areas.any(CallArea.area_id == area_id))
    select = select.where(visible_to(user))
    is_open = Call.status == CallStatus.OPEN
    open_first = sa.case((is_open, 0), else_=1)
    open_closing = sa.case((is_open, Call.closes_at), else_=None)
    # Everything rules_of reads, in one query per collection for the whole page (not per call).
    relations = (
        Call.city,
        Call.funds,
        Call.areas,
        Call.criteria,
        Call.unit_costs,
        Call.indicators,
        Call.attachments,
        Call.ideas,
    )
    return select.options(*(selectinload(r) for r in relations)).order_by(
        open_first, open_closing.asc().nulls_last(), Call.closes_at.desc().nulls_last(), Call.id.desc()
    )


def version_of(call: Call, number: int) -> CallVersion | None:
    return db.session.scalar(sa.select(CallVersion).where(CallVersion.call_id == call.id, CallVersion.number == number))


def versions_of(call: Call) -> list[CallVersion]:
    return list(
        db.session.scalars(sa.select(CallVersion).where(CallVersion.call_id == call.id).order_by(CallVersion.number))
    )


def comments_of(call: Call) -> list[CallComment]:
    return list(
        db.session.scalars(sa.select(CallComment).where(CallComment.call_id == call.id).order_by(CallComment.id))
    )


def comment_json(comment: CallComment) -> dict:
    """The one representation of a consultation comment: the API's and the live push's."""
    return {
        "id": comment.id,
        "section": comment.section.value,
        "body": comment.body,
        "author": {"id": comment.author_id, "name": comment.author.display_name if comment.author else None},
        "version": comment.version,
        "created_at": comment.created_at.isoformat(),
        "reply": comment.reply,
        "outcome": comment.outcome.value,
    }


def call_topic_exists(key: str) -> bool:
    """``call:<id>`` may be followed once the call is public."""
    if not key.isdigit() or len(key) > 10:
        return False
    status = db.session.scalar(sa.select(Call.status).where(Call.id == int(key)))
    return status is not None and status is not CallStatus.DRAFT
