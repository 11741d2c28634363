"""Where a call comes from, as writes: the ideas it names move to "in a call" (through the
ideas' stage service, so their history says so, in the call's own transaction) and the
people following those ideas or their needs are told when an idea goes into the call, at
each public step of the call and at each new published version.

Called only by ``app.calls.services`` inside its writes; nothing here commits.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _

from app.extensions import db
from app.ideas import links
from app.ideas import services as ideas
from app.models import Application, ApplicationStatus, Follow, Idea, IdeaStage, Membership, MemberStatus, Support
from app.models.call import Call, call_idea
from app.models.idea import idea_need
from app.notifications.services import notify_many

#: The stages in which an idea may be named as the origin of a call.
ORIGIN_STAGES = (IdeaStage.READY_FOR_CALL, IdeaStage.IN_CALL)

#: Longest reason quoted in a notification (the whole one is on the call's page).
REASON_IN_NOTICE = 200


def refused(ideas_named: list[Idea], linked: set[int]) -> list[str]:
    """The messages for ``idea_ids`` when an idea not yet linked to the call is neither
    ready for a call nor already in one (an idea the call already names stays, whatever
    its stage has become since)."""
    wrong = [i for i in ideas_named if i.id not in linked and i.stage not in ORIGIN_STAGES]
    if not wrong:
        return []
    return [
        _(
            "Only ideas ready for a call (or already in one) can be the origin of a call: "
            "%(ideas)s is at another stage.",
            ideas=", ".join(f"n. {i.id}" for i in wrong),
        )
    ]


def relink(actor, call: Call, before: set[int]) -> None:
    """After ``call.ideas`` changed from the ids ``before``: ideas newly named that were
    ready for a call move to "in a call", their followers are told; ideas taken out that
    no other call names go back to "ready for a call"."""
    db.session.flush()
    added = [i for i in call.ideas if i.id not in before]
    for idea in added:
        if idea.stage is IdeaStage.READY_FOR_CALL:
            note = (
                _("The idea is part of the funding call “%(title)s”.", title=call.title)
                if call.is_public
                else _("The city is preparing a funding call from this idea.")
            )
            ideas.change_stage(actor, idea, {"stage": IdeaStage.IN_CALL.value, "note": note}, commit=False, tell=False)
    _tell_linked(actor, call, added)
    now = {i.id for i in call.ideas}
    removed = before - now
    if removed:
        still = set(db.session.scalars(sa.select(call_idea.c.idea_id).where(call_idea.c.idea_id.in_(removed))))
        for idea in db.session.scalars(sa.select(Idea).where(Idea.id.in_(removed - still)).order_by(Idea.id)):
            if idea.stage is IdeaStage.IN_CALL:
                note = _("The idea is no longer part of a funding call: it is ready for another one.")
                ideas.change_stage(actor, idea, {"stage": IdeaStage.READY_FOR_CALL.value, "note": note}, commit=False)


def audience(idea_ids: list[int], *, supporters: bool = False) -> list[int]:
    """The people following the ideas ``idea_ids`` or any of their needs (and, with
    ``supporters``, the ideas' authors and supporters), in one query."""
    if not idea_ids:
        return []
    need_ids = sa.select(idea_need.c.need_id).where(idea_need.c.idea_id.in_(idea_ids))
    people = list(
        db.session.scalars(
            sa.select(Follow.user_id)
            .where(sa.or_(Follow.idea_id.in_(idea_ids), Follow.need_id.in_(need_ids)))
            .order_by(Follow.id)
        )
    )
    if supporters:
        people += db.session.scalars(sa.select(Idea.author_id).where(Idea.id.in_(idea_ids)).order_by(Idea.id))
        people += db.session.scalars(
            sa.select(Support.user_id).where(Support.idea_id.in_(idea_ids)).order_by(Support.id)
        )
    return people


def _tell_linked(actor, call: Call, added: list[Idea]) -> None:
    """Each idea's people hear that it went into the call (once per idea they follow)."""
    for idea in added:
        if call.is_public:
            kind, url, params = "call.idea_in_call", _call_path(call), {"call": call.title, "call_id": call.id}
        else:  # a draft is not public yet: the notice names no title and links the idea
            kind, url, params = "call.idea_in_draft", links.idea_path(idea), {}
        people = audience([idea.id], supporters=True)
        notify_many(people, kind, url, exclude=[actor.id], idea=idea.title, idea_id=idea.id, **params)


def tell_step(actor, call: Call) -> int:
    """The call took a public step: the people of its ideas and needs are told."""
    return _tell(actor, call, "call.step", status=call.status.value)


def tell_version(actor, call: Call, reason: str) -> int:
    """A new version of a published call: the people of its ideas and needs are told why."""
    short = reason if len(reason) <= REASON_IN_NOTICE else reason[: REASON_IN_NOTICE - 1] + "…"
    return _tell(actor, call, "call.version", version=call.version, reason=short)


def tell_drafts(actor, call: Call, reason: str) -> int:
    """A new version of a call people are applying to: the members of every organisation
    with a draft application are told, so they check their draft against the new rules
    (their application records the version it is submitted under)."""
    members = db.session.scalars(
        sa.select(Membership.user_id)
        .join(Application, Application.organisation_id == Membership.organisation_id)
        .where(
            Application.call_id == call.id,
            Application.status == ApplicationStatus.DRAFT,
            Membership.status == MemberStatus.ACTIVE,
            Membership.user_id.is_not(None),
        )
        .distinct()
    ).all()
    short = reason if len(reason) <= REASON_IN_NOTICE else reason[: REASON_IN_NOTICE - 1] + "…"
    return notify_many(
        members,
        "call.version_draft",
        _call_path(call),
        exclude=[actor.id],
        call=call.title,
        call_id=call.id,
        version=call.version,
        reason=short,
    )


def _tell(actor, call: Call, kind: str, **params) -> int:
    people = audience([i.id for i in call.ideas])
    return notify_many(people, kind, _call_path(call), exclude=[actor.id], call=call.title, call_id=call.id, **params)


def _call_path(call: Call) -> str:
    return links.path_for("calls.detail", call_id=call.id)
