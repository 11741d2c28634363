"""Ideas: propose, edit (with versions), move through stages, volunteer, follow.

The only place that writes ideas. Routes, API endpoints and other features (the workshops
feature turns board notes into ideas through :func:`propose_idea`) call these functions;
each validates, writes, commits, and only then do live pushes and mails leave
(``realtime`` and ``notify`` queue them on the session until the commit).
"""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from app import audit, realtime
from app.errors import Conflict, InvalidInput, NotFound, PermissionDenied, Unauthenticated
from app.extensions import db
from app.ideas import links, permissions, stages
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
from app.text import plain, render_markdown

TITLE = (5, 140)
SUMMARY = (10, 500)
BODY = (1, 20000)
NOTE = (1, 2000)
SKILLS_MAX = 500
AVAILABILITY_MAX = 300
MAX_NEEDS = 20


# --- checks -------------------------------------------------------------------------------


def _signed_in(actor) -> None:
    if not permissions.signed_in(actor):
        raise Unauthenticated()


def _text(fields: dict, name: str, value, bounds: tuple[int, int], *, multiline: bool = False) -> str:
    if value is not None and not isinstance(value, str):
        fields[name] = [_("Enter text.")]
        return ""
    text = (value or "").replace("\x00", "").strip() if multiline else plain(value)
    low, high = bounds
    if len(text) < low:
        fields[name] = [
            _("This field is required.") if low <= 1 else _("Use at least %(n)d characters.", n=low),
        ]
    elif len(text) > high:
        fields[name] = [_("Use at most %(n)d characters.", n=high)]
    return text


def _city(value) -> City | None:
    if isinstance(value, City):
        return value
    if isinstance(value, str) and value:
        return db.session.scalar(sa.select(City).where(City.slug == value))
    return None


def _need_ids(fields: dict, need_ids) -> list[int]:
    if need_ids is None:
        need_ids = []
    if isinstance(need_ids, (str, bytes, dict)) or not isinstance(need_ids, Iterable):
        fields["need_ids"] = [_("Give a list of need numbers.")]
        return []
    ids: list[int] = []
    for raw in need_ids:
        try:
            if isinstance(raw, bool):
                raise ValueError
            value = int(raw)
        except (TypeError, ValueError):
            fields["need_ids"] = [_("Need numbers are whole numbers.")]
            return []
        if value not in ids:
            ids.append(value)
    if len(ids) > MAX_NEEDS:
        fields["need_ids"] = [_("Link at most %(n)d needs.", n=MAX_NEEDS)]
        return []
    return ids


def _needs(fields: dict, city: City | None, ids: list[int]) -> list[Need]:
    if not ids or city is None:
        return []
    found = {
        n.id: n
        for n in db.session.scalars(
            sa.select(Need).where(Need.id.in_(ids), Need.city_id == city.id, Need.hidden.is_(False))
        )
    }
    missing = [i for i in ids if i not in found]
    if missing:
        fields["need_ids"] = [
            _("There is no need number %(ids)s in %(city)s.", ids=", ".join(map(str, missing)), city=city.name)
        ]
        return []
    return [found[i] for i in ids]


def _area(fields: dict, city: City | None, area) -> Area | None:
    if area in (None, "", 0):
        return None
    if not isinstance(area, Area):
        try:
            area = db.session.get(Area, int(area))
        except (TypeError, ValueError):
            area = None
    if area is None or city is None or area.city_id != city.id:
        fields["area"] = [_("Choose one of the areas of this city.")]
        return None
    return area


# --- proposing ----------------------------------------------------------------------------


def propose_idea(
    actor,
    *,
    city,
    title,
    summary,
    body,
    need_ids,
    area=None,
    workshop=None,
    commit: bool = True,
) -> Idea:
    """A signed-in person proposes an idea answering one or more needs of ``city``.

    Called by the proposal form, ``POST /api/v1/ideas`` and the workshops feature (board
    notes become ideas, ``workshop`` set: then the needs may be empty, the workshop is the
    link). The author follows the idea; the authors and followers of the linked needs are
    notified (``idea.new_for_need``); the city page gets the idea live. With
    ``commit=False`` the caller commits (several ideas in one transaction).
    """
    _signed_in(actor)
    fields: dict = {}
    city_obj = _city(city)
    if city_obj is None:
        fields["city"] = [_("Choose a city.")]
    title = _text(fields, "title", title, TITLE)
    summary = _text(fields, "summary", summary, SUMMARY, multiline=True)
    body = _text(fields, "body", body, BODY, multiline=True)
    ids = _need_ids(fields, need_ids)
    needs = _needs(fields, city_obj, ids)
    if not ids and "need_ids" not in fields and workshop is None:
        fields["need_ids"] = [_("Link the idea to at least one need.")]
    area_obj = _area(fields, city_obj, area)
    if workshop is not None and city_obj is not None and workshop.city_id != city_obj.id:
        fields["workshop"] = [_("The workshop belongs to another city.")]
    if fields:
        raise InvalidInput(fields)
    if area_obj is None:
        areas = {n.area_id for n in needs}
        if len(areas) == 1 and None not in areas:
            area_obj = db.session.get(Area, areas.pop())
    idea = Idea(
        city=city_obj,
        area=area_obj,
        author_id=actor.id,
        title=title,
        summary=summary,
        body=body,
        body_html=render_markdown(body),
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
    realtime.push_item(f"city:{city_obj.slug}", "idea", item_payload(idea))
    if commit:
        db.session.commit()
    return idea


def item_payload(idea: Idea) -> dict:
    """What a live page needs to show a new idea (``item:created``, kind ``idea``)."""
    return {
        "id": idea.id,
        "title": idea.title,
        "summary": idea.summary,
        "stage": idea.stage.value,
        "stage_label": stages.label(idea.stage),
        "author": {"id": idea.author_id, "name": idea.author.display_name if idea.author else ""},
        "need_ids": [n.id for n in idea.needs],
        "url": links.idea_path(idea),
        "created_at": idea.created_at.isoformat() if idea.created_at else utcnow().isoformat(),
    }


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

_UNCHANGED = object()


def edit_idea(actor, idea: Idea, *, title, summary, body, area=_UNCHANGED, expected_version: int | None = None) -> Idea:
    """The author changes the text; the previous text is kept as an ``IdeaVersion``
    (number = the version it was, editor = who replaced it). An edit based on a stale
    version is refused with ``Conflict``; an edit that changes nothing makes no version."""
    _signed_in(actor)
    if not permissions.can_edit(actor, idea):
        raise PermissionDenied()
    fields: dict = {}
    title = _text(fields, "title", title, TITLE)
    summary = _text(fields, "summary", summary, SUMMARY, multiline=True)
    body = _text(fields, "body", body, BODY, multiline=True)
    new_area = idea.area if area is _UNCHANGED else _area(fields, idea.city, area)
    if fields:
        raise InvalidInput(fields)
    if expected_version is not None and expected_version != idea.version:
        raise Conflict(
            _("Someone changed this idea meanwhile: check the current text and edit again."),
            current={"version": idea.version},
        )
    if (title, summary, body) == (idea.title, idea.summary, idea.body) and new_area == idea.area:
        return idea
    if (title, summary, body) != (idea.title, idea.summary, idea.body):
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
        idea.title, idea.summary, idea.body = title, summary, body
        idea.body_html = render_markdown(body)
    idea.area = new_area
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise Conflict(_("Someone changed this idea meanwhile: check the current text and edit again.")) from None
    return idea


# --- stages -------------------------------------------------------------------------------


def change_stage(actor, idea: Idea, stage, note) -> IdeaStageChange:
    """Staff or a facilitator of the idea's city moves it to another stage with a public
    note. Audited; the author, followers and supporters are told (``idea.stage``)."""
    _signed_in(actor)
    if not permissions.can_change_stage(actor, idea):
        raise PermissionDenied()
    fields: dict = {}
    to_stage = stages.parse(stage)
    if to_stage is None:
        fields["stage"] = [_("Choose one of the stages.")]
    elif to_stage is idea.stage:
        fields["stage"] = [_("The idea is already at this stage.")]
    note = _text(fields, "note", note, NOTE, multiline=True)
    if fields:
        raise InvalidInput(fields)
    from_stage = idea.stage
    idea.stage = to_stage
    change = IdeaStageChange(idea_id=idea.id, actor_id=actor.id, from_stage=from_stage, to_stage=to_stage, note=note)
    db.session.add(change)
    audit.record(actor, "idea.stage", idea, city=idea.city_id, from_stage=from_stage, to_stage=to_stage, note=note)
    people = [idea.author_id]
    people += db.session.scalars(sa.select(Follow.user_id).where(Follow.idea_id == idea.id).order_by(Follow.id))
    people += db.session.scalars(sa.select(Support.user_id).where(Support.idea_id == idea.id).order_by(Support.id))
    notify_many(
        people,
        "idea.stage",
        links.idea_path(idea),
        exclude=[actor.id],
        idea=idea.title,
        stage=to_stage.value,
        idea_id=idea.id,
    )
    db.session.commit()
    return change


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
    if not permissions.signed_in(user):
        return None
    return db.session.scalar(
        sa.select(Volunteer).where(
            Volunteer.idea_id == idea.id, Volunteer.user_id == user.id, Volunteer.withdrawn_at.is_(None)
        )
    )


def volunteer(actor, idea: Idea, *, skills, availability) -> Volunteer:
    """ "I want to help": offer skills and availability (again, after a withdrawal; a second
    offer updates the first). The author hears of a new volunteer (``idea.volunteer``)."""
    _usable(actor, idea)
    fields: dict = {}
    skills = _text(fields, "skills", skills, (0, SKILLS_MAX), multiline=True)
    availability = _text(fields, "availability", availability, (0, AVAILABILITY_MAX), multiline=True)
    if fields:
        raise InvalidInput(fields)
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
    if not permissions.signed_in(user):
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
