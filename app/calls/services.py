"""Funding calls: the only place that writes them. Staff of the city build a draft, publish
it (to consultation or straight to open: version 1), change it after publication only with
a reason (each change a new version), and move it through its lifecycle; anyone signed in
comments while it is in consultation and staff reply.

Routes and API endpoints call these with plain values; each function checks who may act,
loads ``app.calls.schemas``, writes, commits, audits and then pushes ``call:changed`` and
counters on the ``call:<id>`` topic (after commit).
"""

from __future__ import annotations

from flask_babel import gettext as _

from app import audit, realtime
from app.calls import budget, lifecycle, origin
from app.calls.queries import comment_json, rules_of
from app.calls.schemas import CallChangeInput, CallCommentInput, CallInput, ReplyInput, TransitionInput
from app.errors import Conflict, InvalidInput, NotFound, PermissionDenied, Unauthenticated
from app.extensions import db
from app.models import Area, City, Idea
from app.models.base import utcnow
from app.models.call import (
    Call,
    CallArea,
    CallComment,
    CallCriterion,
    CallFund,
    CallIndicator,
    CallKind,
    CallStatus,
    CallUnitCost,
    CallVersion,
)
from app.models.call_documents import CallAttachment
from app.schemas import load


def _topic(call: Call) -> str:
    return f"call:{call.id}"


def _references(city: City, data: dict, linked: set[int] = frozenset()) -> tuple[list[Area], list[Idea]]:
    """The areas and ideas a call names must be of its city (checked once, here); an idea
    not ``linked`` yet must be ready for a call or already in one (``origin.refused``)."""
    area_ids = [a["area"] for a in data["areas"]]
    areas = {a.id: a for a in db.session.scalars(db.select(Area).where(Area.id.in_(area_ids)))} if area_ids else {}
    errors: dict[str, list[str]] = {}
    for index, area_id in enumerate(area_ids):
        if area_id not in areas or areas[area_id].city_id != city.id:
            errors[f"areas.{index}.area"] = [_("Choose a target area of this city.")]
    if len(set(area_ids)) < len(area_ids):
        errors["areas"] = [_("Each area can be listed once.")]
    idea_ids = sorted(set(data["idea_ids"]))
    ideas = list(db.session.scalars(db.select(Idea).where(Idea.id.in_(idea_ids)))) if idea_ids else []
    if len(ideas) < len(idea_ids) or any(i.city_id != city.id for i in ideas):
        errors["idea_ids"] = [_("Choose ideas of this city.")]
    elif refused := origin.refused(ideas, linked):
        errors["idea_ids"] = refused
    if errors:
        raise InvalidInput(errors)
    return [areas[a] for a in area_ids], ideas


def _check_departments(actor, city: City, rules: dict) -> None:
    """Staff of a department create and change only calls their department owns or
    co-owns (a call they could not edit afterwards is refused, not saved)."""
    departments = actor.departments_in(city)
    if departments is not None and not departments & {rules["department"], *rules["co_departments"]}:
        raise InvalidInput(
            {
                "department": [
                    _(
                        "Name your department (%(departments)s) as the owner or a co-owner of the call.",
                        departments=", ".join(sorted(departments)),
                    )
                ]
            }
        )


def _apply(call: Call, data: dict, areas: list[Area], ideas: list[Idea]) -> None:
    """Write loaded rules onto the call (children replaced whole: they are part of the text)."""
    if data["kind"] is CallKind.CODESIGN:
        data["requires_runts"] = True  # art. 55: only RUNTS-registered third-sector bodies
    for name in (
        "title",
        "summary",
        "body",
        "kind",
        "department",
        "co_departments",
        "action_code",
        "budget",
        "min_grant",
        "max_grant",
        "cofinancing_pct",
        "profit_role",
        "min_partners",
        "min_duration_months",
        "max_duration_months",
        "opens_at",
        "closes_at",
        "min_score",
        "indirect_flat_rate_pct",
        "advance_pct",
        "intermediate_pct",
        "results_share_pct",
        "min_achievement_pct",
        "evaluators_per_application",
        "review_days",
        "partial_last_award",
        "requires_runts",
    ):
        setattr(call, name, data[name])
    call.applicant_forms = [form.value for form in data["applicant_forms"]]
    if call.id is not None:  # delete the old children first: unique (call, fund), (call, code)…
        for children in (call.funds, call.areas, call.criteria, call.unit_costs, call.indicators, call.attachments):
            children.clear()
        db.session.flush()
    call.funds = [CallFund(fund=f["fund"], ceiling=f["ceiling"]) for f in data["funds"]]
    call.areas = [
        CallArea(area=area, intensity_pct=item["intensity_pct"])
        for area, item in zip(areas, data["areas"], strict=True)
    ]
    call.criteria = [CallCriterion(position=n, **c) for n, c in enumerate(data["criteria"])]
    call.unit_costs = [CallUnitCost(**u) for u in data["unit_costs"]]
    call.indicators = [CallIndicator(**i) for i in data["indicators"]]
    call.attachments = [CallAttachment(position=n, **a) for n, a in enumerate(data["attachments"])]
    call.ideas = ideas


def _save(fn):
    """Run a write, committing it; roll back on any error so nothing is half-written."""
    try:
        result = fn()
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return result


def create_call(actor, city: City, data: dict) -> Call:
    """Staff of ``city`` create a draft call from the body of ``shared/API.md``."""
    if not actor.is_staff_of(city):
        raise PermissionDenied()
    rules = load(CallInput, data)
    _check_departments(actor, city, rules)
    areas, ideas = _references(city, rules)

    def write():
        call = Call(city=city, created_by_id=actor.id, status=CallStatus.DRAFT, version=0)
        _apply(call, rules, areas, ideas)
        db.session.add(call)
        audit.record(actor, "call.create", call, city=city, title=call.title)
        origin.relink(actor, call, set())
        return call

    return _save(write)


def _snapshot(actor, call: Call, reason: str) -> CallVersion:
    call.version += 1
    version = CallVersion(
        call=call, number=call.version, reason=reason, snapshot=rules_of(call), created_by_id=actor.id
    )
    db.session.add(version)
    return version


def update_call(actor, call: Call, data: dict) -> Call:
    """Staff change a call's rules. A draft changes freely; once published every change
    needs a ``reason`` and makes the next version (consultation included)."""
    if not call.can_edit(actor):
        raise PermissionDenied()
    if call.status not in lifecycle.EDITABLE:
        raise Conflict(_("This call can no longer be changed."))
    change = load(CallChangeInput, data, partial=True)
    reason = change.pop("reason", "")
    if call.is_public and "kind" in change and change["kind"] is not call.kind:
        raise InvalidInput({"kind": [_("A published call keeps its kind.")]})
    if call.is_public and not reason:
        raise InvalidInput({"reason": [_("Say why the published call changes: the reason is kept with the version.")]})
    merged = {**rules_of(call), **{k: v for k, v in data.items() if k != "reason"}}
    rules = load(CallInput, merged)
    _check_departments(actor, call.city, rules)
    before = {idea.id for idea in call.ideas}
    areas, ideas = _references(call.city, rules, before)

    def write():
        budget_before = call.budget
        _apply(call, rules, areas, ideas)
        db.session.flush()
        origin.relink(actor, call, before)
        if call.is_public:
            _snapshot(actor, call, reason)
            if call.budget != budget_before:
                budget.push_budget_left(call)
            origin.tell_version(actor, call, reason)
            origin.tell_drafts(actor, call, reason)
            realtime.emit_after_commit(
                "call:changed",
                {"topic": _topic(call), "status": call.status.value, "version": call.version},
                realtime.topic_room(_topic(call)),
            )
        audit.record(actor, "call.update", call, version=call.version, reason=reason)
        return call

    return _save(write)


#: ``{status: [fn(actor, call, reason)]}``: what other features do inside the transaction of
#: a step to ``status``, before the status changes (the rankings publish the first edition
#: and award; a ``Conflict`` they raise refuses the step).
STEP_HOOKS: dict[CallStatus, list] = {}


def transition_call(actor, call: Call, data: dict) -> Call:
    """Staff move a call one legal step (``app.calls.lifecycle``); leaving draft publishes
    version 1. An illegal step is a ``Conflict`` (409) and changes nothing."""
    if not call.can_edit(actor):
        raise PermissionDenied()
    step = load(TransitionInput, data)
    target = lifecycle.check(call, step["to"], step["reason"], utcnow())

    def write():
        for hook in STEP_HOOKS.get(target, ()):
            hook(actor, call, step["reason"])
        leaving_draft = call.status is CallStatus.DRAFT
        call.status = target
        if leaving_draft:
            call.published_at = utcnow()
            _snapshot(actor, call, step["reason"])
        audit.record(actor, "call.transition", call, to=target.value, reason=step["reason"])
        origin.tell_step(actor, call)
        realtime.emit_after_commit(
            "call:changed",
            {"topic": _topic(call), "status": call.status.value, "version": call.version},
            realtime.topic_room(_topic(call)),
        )
        return call

    return _save(write)


def _push_comment(event: str, comment: CallComment) -> None:
    """Open call pages show a new comment or a reply without reload (after commit)."""
    db.session.flush()
    topic = _topic(comment.call)
    realtime.emit_after_commit(event, {"topic": topic, "comment": comment_json(comment)}, realtime.topic_room(topic))


def comment_on_call(actor, call: Call, data: dict) -> CallComment:
    """A signed-in person comments on a section of a call in consultation."""
    if not actor.is_authenticated:
        raise Unauthenticated()
    if not call.can_view(actor):
        raise NotFound()
    if not call.can_comment(actor):
        raise Conflict(_("Comments are taken only while the call is in public consultation."))
    fields = load(CallCommentInput, data)

    def write():
        comment = CallComment(call=call, author_id=actor.id, version=call.version, **fields)
        db.session.add(comment)
        db.session.flush()
        count = db.session.scalar(db.select(db.func.count()).where(CallComment.call_id == call.id))
        realtime.push_counter(_topic(call), "comments", count)
        _push_comment("comment:created", comment)
        return comment

    return _save(write)


def reply_to_comment(actor, comment: CallComment, data: dict) -> CallComment:
    """Staff of the call's city reply to a consultation comment and say what became of it."""
    if not comment.call.can_edit(actor):
        raise PermissionDenied()
    fields = load(ReplyInput, data)

    def write():
        comment.reply, comment.outcome = fields["reply"], fields["outcome"]
        comment.replied_by_id, comment.replied_at = actor.id, utcnow()
        audit.record(actor, "call.comment_reply", comment, city=comment.call.city_id, outcome=comment.outcome.value)
        _push_comment("comment:updated", comment)
        return comment

    return _save(write)
