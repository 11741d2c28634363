"""Ideas: propose, edit (with versions), move through stages, volunteer, follow.

The only place that writes ideas. Routes, API endpoints and other features (the workshops
feature turns board notes into ideas through :func:`propose_idea`) call these functions;
each validates, writes, commits, and only then do live pushes and mails leave
(``realtime`` and ``notify`` queue them on the session until the commit).
"""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from app import audit, realtime
from app.api.body import city_from
from app.errors import Conflict, InvalidInput, NotFound, PermissionDenied, Unauthenticated
from app.extensions import db
from app.ideas import links
from app.ideas.schemas import IdeaEdit, IdeaProposal, IdeaSchema, StageChange, VolunteerOffer
from app.models import (
    Area,
    City,
    Follow,
    Idea,
    IdeaStage,
    IdeaStageChange,
    IdeaVersion,
    Need,
    Support,
    Volunteer,
)
from app.models.base import utcnow
from app.notifications.services import notify, notify_many
from app.schemas import load
from app.text import render_markdown

STALE_EDIT = _l("Someone changed this idea meanwhile: check the current text and edit again.")

# --- checks -------------------------------------------------------------------------------


def signed_in(user) -> bool:
    return user is not None and user.is_authenticated


def _signed_in(actor) -> None:
    if not signed_in(actor):
        raise Unauthenticated()


def _needs(city: City, ids: list[int]) -> list[Need]:
    """The visible needs of ``city`` numbered ``ids``, in that order (duplicates once)."""
    ids = list(dict.fromkeys(ids))
    found = {
        n.id: n
        for n in db.session.scalars(
            sa.select(Need).where(Need.id.in_(ids), Need.city_id == city.id, Need.hidden.is_(False))
        )
    }
    missing = [i for i in ids if i not in found]
    if missing:
        raise InvalidInput(
            {
                "need_ids": [
                    _("There is no need number %(ids)s in %(city)s.", ids=", ".join(map(str, missing)), city=city.name)
                ]
            }
        )
    return [found[i] for i in ids]


def _area(city: City, area_id: int | None) -> Area | None:
    if area_id is None:
        return None
    area = db.session.get(Area, area_id)
    if area is None or area.city_id != city.id:
        raise InvalidInput({"area": [_("Choose one of the areas of this city.")]})
    return area


def _as_input(data: dict) -> dict:
    """Objects some callers pass (a City, an Area) as the values the schema reads."""
    data = dict(data)
    if isinstance(data.get("city"), City):
        data["city"] = data["city"].slug
    if isinstance(data.get("area"), Area):
        data["area"] = data["area"].id
    return data


# --- proposing ----------------------------------------------------------------------------


def propose_idea(actor, data: dict | None = None, *, workshop=None, commit: bool = True, **values) -> Idea:
    """A signed-in person proposes an idea answering one or more needs of a city
    (``data``: :class:`~app.ideas.schemas.IdeaProposal`, or the same as keywords).

    Called by the proposal form, ``POST /api/v1/ideas`` and the workshops feature (board
    notes become ideas, ``workshop`` set: then the needs may be empty, the workshop is the
    link). The author follows the idea; the authors and followers of the linked needs are
    notified (``idea.new_for_need``); the city page gets the idea live. With
    ``commit=False`` the caller commits (several ideas in one transaction).
    """
    _signed_in(actor)
    clean = load(IdeaProposal, _as_input({**(data or {}), **values}))
    city = city_from(clean["city"])
    needs = _needs(city, clean["need_ids"])
    if not needs and workshop is None:
        raise InvalidInput({"need_ids": [_("Link the idea to at least one need.")]})
    if workshop is not None and workshop.city_id != city.id:
        raise InvalidInput({"workshop": [_("The workshop belongs to another city.")]})
    area = _area(city, clean["area"]) or _common_area(needs)
    idea = Idea(
        city=city,
        area=area,
        author_id=actor.id,
        title=clean["title"],
        summary=clean["summary"],
        body=clean["body"],
        body_html=render_markdown(clean["body"]),
        stage=IdeaStage.PROPOSED,
        workshop_id=workshop.id if workshop is not None else None,
        version=1,
    )
    idea.needs = needs
    db.session.add(idea)
    db.session.flush()
    db.session.add(Follow(user_id=actor.id, idea_id=idea.id))
    db.session.add(IdeaStageChange(idea_id=idea.id, actor_id=actor.id, from_stage=None, to_stage=IdeaStage.PROPOSED))
    _notify_needs(actor, idea, needs)
    realtime.push_item(f"city:{city.slug}", "idea", IdeaSchema().dump(idea))  # as the API shows it
    if commit:
        db.session.commit()
    return idea


def _common_area(needs: list[Need]) -> Area | None:
    """The target area of the needs when they all share one."""
    areas = {n.area_id for n in needs}
    if len(areas) == 1 and None not in areas:
        return db.session.get(Area, areas.pop())
    return None


def _notify_needs(actor, idea: Idea, needs: list[Need]) -> None:
    """Authors and followers of each linked need hear of the idea once, about the first
    of their needs it answers."""
    if not needs:
        return
    need_ids = [n.id for n in needs]
    followers = db.session.execute(
        sa.select(Follow.user_id, Follow.need_id).where(Follow.need_id.in_(need_ids)).order_by(Follow.id)
    ).all()
    by_need: dict[int, list[int]] = {n.id: [n.author_id] for n in needs}
    for user_id, need_id in followers:
        by_need[need_id].append(user_id)
    told = {actor.id}
    url = links.idea_path(idea)
    for need in needs:
        people = [u for u in by_need[need.id] if u not in told]
        told.update(people)
        notify_many(people, "idea.new_for_need", url, idea=idea.title, need=need.title, idea_id=idea.id)


# --- editing with versions ----------------------------------------------------------------


def edit_idea(actor, idea: Idea, data: dict | None = None, **values) -> Idea:
    """The author changes the text (``data``: :class:`~app.ideas.schemas.IdeaEdit`; the
    area stays as it is when not given); the previous text is kept as an ``IdeaVersion``
    (number = the version it was, editor = who replaced it). An edit based on a stale
    version is refused with ``Conflict``; an edit that changes nothing makes no version."""
    _signed_in(actor)
    if not idea.can_edit(actor):
        raise PermissionDenied()
    data = _as_input({**(data or {}), **values})
    clean = load(IdeaEdit, data)
    new_area = _area(idea.city, clean["area"]) if "area" in data else idea.area
    if clean["expected_version"] is not None and clean["expected_version"] != idea.version:
        raise Conflict(str(STALE_EDIT), current={"version": idea.version})
    text = (clean["title"], clean["summary"], clean["body"])
    if text != (idea.title, idea.summary, idea.body):
        db.session.add(
            IdeaVersion(
                idea_id=idea.id,
                number=idea.version,
                title=idea.title,
                summary=idea.summary,
                body=idea.body,
                editor_id=actor.id,
            )
        )
        idea.version += 1
        idea.title, idea.summary, idea.body = text
        idea.body_html = render_markdown(clean["body"])
    elif new_area == idea.area:
        return idea
    idea.area = new_area
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise Conflict(str(STALE_EDIT)) from None
    return idea


# --- stages -------------------------------------------------------------------------------


def change_stage(actor, idea: Idea, data, note=None, *, commit: bool = True, tell: bool = True) -> IdeaStageChange:
    """Staff or a facilitator of the idea's city moves it to another stage with a public
    note (``data``: :class:`~app.ideas.schemas.StageChange`, or the stage and the note).
    Audited; the author, followers and supporters are told (``idea.stage``) unless ``tell``
    is False (the caller sends its own, more precise notification). With ``commit=False``
    the caller commits (the calls feature moves ideas in the transaction of the call)."""
    _signed_in(actor)
    if not idea.can_change_stage(actor):
        raise PermissionDenied()
    clean = load(StageChange, data if isinstance(data, dict) else {"stage": data, "note": note})
    to_stage, note = clean["stage"], clean["note"]
    if to_stage is idea.stage:
        raise InvalidInput({"stage": [_("The idea is already at this stage.")]})
    from_stage = idea.stage
    idea.stage = to_stage
    change = IdeaStageChange(idea_id=idea.id, actor_id=actor.id, from_stage=from_stage, to_stage=to_stage, note=note)
    db.session.add(change)
    audit.record(actor, "idea.stage", idea, city=idea.city_id, from_stage=from_stage, to_stage=to_stage, note=note)
    if tell:
        notify_many(
            stage_audience(idea),
            "idea.stage",
            links.idea_path(idea),
            exclude=[actor.id],
            idea=idea.title,
            stage=to_stage.value,
            idea_id=idea.id,
        )
    if commit:
        db.session.commit()
    return change


def stage_audience(idea: Idea) -> list[int]:
    """Who hears of an idea's stage: its author, followers and supporters (in that order)."""
    people = [idea.author_id]
    people += db.session.scalars(sa.select(Follow.user_id).where(Follow.idea_id == idea.id).order_by(Follow.id))
    people += db.session.scalars(sa.select(Support.user_id).where(Support.idea_id == idea.id).order_by(Support.id))
    return people


# --- volunteers ---------------------------------------------------------------------------


def _usable(actor, idea: Idea) -> None:
    _signed_in(actor)
    if idea.hidden:
        raise NotFound()


def _recount_volunteers(idea: Idea) -> int:
    db.session.flush()
    idea.volunteer_count = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Volunteer)
        .where(Volunteer.idea_id == idea.id, Volunteer.withdrawn_at.is_(None))
    )
    realtime.push_counter(f"idea:{idea.id}", "volunteers", idea.volunteer_count)
    return idea.volunteer_count


def active_volunteer(user, idea: Idea) -> Volunteer | None:
    if not signed_in(user):
        return None
    return db.session.scalar(
        sa.select(Volunteer).where(
            Volunteer.idea_id == idea.id, Volunteer.user_id == user.id, Volunteer.withdrawn_at.is_(None)
        )
    )


def volunteer(actor, idea: Idea, data: dict | None = None, **values) -> Volunteer:
    """ "I want to help": offer skills and availability (``data``:
    :class:`~app.ideas.schemas.VolunteerOffer`; again after a withdrawal, and a second
    offer updates the first). The author hears of a new volunteer (``idea.volunteer``)."""
    _usable(actor, idea)
    clean = load(VolunteerOffer, {**(data or {}), **values})
    skills, availability = clean["skills"], clean["availability"]
    row = db.session.scalar(sa.select(Volunteer).where(Volunteer.idea_id == idea.id, Volunteer.user_id == actor.id))
    new = row is None or row.withdrawn_at is not None
    if row is None:
        row = Volunteer(idea_id=idea.id, user_id=actor.id)
        db.session.add(row)
    row.skills, row.availability, row.withdrawn_at = skills, availability, None
    if new:
        row.created_at = utcnow()
    _recount_volunteers(idea)
    if new and idea.author_id != actor.id:
        notify(
            idea.author_id,
            "idea.volunteer",
            links.idea_path(idea) + "#volunteers",
            idea=idea.title,
            name=actor.display_name,
            idea_id=idea.id,
        )
    try:
        db.session.commit()
    except IntegrityError:  # the same offer sent twice at once: the first one stands
        db.session.rollback()
        row = active_volunteer(actor, idea)
        if row is None:
            raise
    return row


def withdraw_volunteer(actor, idea: Idea) -> None:
    """Take back one's offer of help (nothing happens when there is none)."""
    _signed_in(actor)
    row = active_volunteer(actor, idea)
    if row is None:
        return
    row.withdrawn_at = utcnow()
    _recount_volunteers(idea)
    db.session.commit()


# --- followers ----------------------------------------------------------------------------


def is_following(user, idea: Idea) -> bool:
    if not signed_in(user):
        return False
    return (
        db.session.scalar(sa.select(Follow.id).where(Follow.idea_id == idea.id, Follow.user_id == user.id)) is not None
    )


def follow_idea(actor, idea: Idea) -> None:
    """Be told of the idea's stage changes (idempotent)."""
    _usable(actor, idea)
    if is_following(actor, idea):
        return
    db.session.add(Follow(user_id=actor.id, idea_id=idea.id))
    try:
        db.session.commit()
    except IntegrityError:  # followed twice at once
        db.session.rollback()


def unfollow_idea(actor, idea: Idea) -> None:
    _signed_in(actor)
    db.session.execute(sa.delete(Follow).where(Follow.idea_id == idea.id, Follow.user_id == actor.id))
    db.session.commit()
