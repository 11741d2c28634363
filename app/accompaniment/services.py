"""Accompaniment (accompagnamento): a facilitator's coaching track for an organisation or an
idea, with sessions and a readiness checklist copied from the city's template list.

Who may do what:
- facilitators of the city open tracks and edit every track of the city (sessions, checklist);
- staff of the city see all the city's tracks and keep the city's checklist template;
- members of the organisation, and the idea's author, see their own track (read only).
Checklist changes, openings, closings and template changes are audited.
"""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa
import sqlalchemy.orm
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app import audit
from app.errors import InvalidInput, PermissionDenied
from app.extensions import db
from app.models import (
    AccompanimentSession,
    AccompanimentTrack,
    ChecklistTemplateItem,
    City,
    Idea,
    Membership,
    MemberStatus,
    Organisation,
    ReadinessItem,
    Role,
)
from app.models.base import utcnow
from app.text import plain, render_markdown, slug

#: The readiness items every city starts with: (key, label, weight).
DEFAULT_CHECKLIST = [
    ("statute", _l("Statute adopted"), 2),
    ("runts", _l("Registered in RUNTS"), 2),
    ("partnership", _l("Partnership formed"), 2),
    ("budget", _l("Draft budget"), 2),
    ("impact", _l("Impact indicators defined"), 1),
    ("space", _l("Space found"), 1),
]
_DEFAULT_LABELS = {key: label for key, label, _weight in DEFAULT_CHECKLIST}

MAX_NOTES = 20000


def _signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def _italian(label) -> str:
    with force_locale("it"):
        return str(label)


def item_label(item) -> str:
    """A checklist item's label: the default items untouched by staff are shown in the
    reader's language; labels staff wrote are shown as written."""
    default = _DEFAULT_LABELS.get(item.key)
    if default is not None and item.label == _italian(default):
        return str(default)
    return item.label


# --- who may do what ------------------------------------------------------------------------


def can_open_track(user, city: City | int) -> bool:
    """Facilitators of the city (and administrators)."""
    city_id = city.id if isinstance(city, City) else city
    return _signed_in(user) and (user.is_admin or user.has_role(Role.FACILITATOR, city_id))


def can_edit_track(user, track: AccompanimentTrack) -> bool:
    """The facilitators of the track's city (the one who opened it among them)."""
    return can_open_track(user, track.city_id)


def _member_of(user, organisation_id: int | None) -> bool:
    if organisation_id is None:
        return False
    return (
        db.session.scalar(
            sa.select(Membership.id)
            .where(
                Membership.organisation_id == organisation_id,
                Membership.user_id == user.id,
                Membership.status == MemberStatus.ACTIVE,
            )
            .limit(1)
        )
        is not None
    )


def can_view_track(user, track: AccompanimentTrack) -> bool:
    """Facilitators and staff of the city, the organisation's members, the idea's author."""
    if not _signed_in(user):
        return False
    if can_edit_track(user, track) or user.is_staff_of(track.city_id):
        return True
    if track.idea_id is not None and track.idea is not None and track.idea.author_id == user.id:
        return True
    return _member_of(user, track.organisation_id)


def can_manage_checklist(user, city: City | int) -> bool:
    city_id = city.id if isinstance(city, City) else city
    return _signed_in(user) and user.is_staff_of(city_id)


def visible_tracks_query(user):
    """Tracks the person takes part in: opened by them, of their organisations, of their ideas."""
    organisation_ids = sa.select(Membership.organisation_id).where(
        Membership.user_id == user.id, Membership.status == MemberStatus.ACTIVE
    )
    idea_ids = sa.select(Idea.id).where(Idea.author_id == user.id)
    conditions = [
        AccompanimentTrack.facilitator_id == user.id,
        AccompanimentTrack.organisation_id.in_(organisation_ids),
        AccompanimentTrack.idea_id.in_(idea_ids),
    ]
    facilitated = user.cities_with(Role.FACILITATOR)
    if facilitated:
        conditions.append(AccompanimentTrack.city_id.in_(facilitated))
    return (
        sa.select(AccompanimentTrack)
        .where(sa.or_(*conditions))
        .options(sa.orm.selectinload(AccompanimentTrack.items))
        .order_by(AccompanimentTrack.closed_at.is_not(None), AccompanimentTrack.opened_at.desc())
    )


def city_tracks_query(city: City, *, status: str | None = None):
    query = sa.select(AccompanimentTrack).where(AccompanimentTrack.city_id == city.id)
    if status == "open":
        query = query.where(AccompanimentTrack.closed_at.is_(None))
    elif status == "closed":
        query = query.where(AccompanimentTrack.closed_at.is_not(None))
    return query.options(sa.orm.selectinload(AccompanimentTrack.items)).order_by(
        AccompanimentTrack.closed_at.is_not(None), AccompanimentTrack.opened_at.desc(), AccompanimentTrack.id.desc()
    )


# --- the city's checklist template ----------------------------------------------------------


def template_items(city: City | int) -> list[ChecklistTemplateItem]:
    city_id = city.id if isinstance(city, City) else city
    return list(
        db.session.scalars(
            sa.select(ChecklistTemplateItem)
            .where(ChecklistTemplateItem.city_id == city_id)
            .order_by(ChecklistTemplateItem.position, ChecklistTemplateItem.id)
        )
    )


def ensure_default_checklist(city: City) -> list[ChecklistTemplateItem]:
    """Give a city without a checklist the default items (joins the caller's transaction)."""
    items = template_items(city)
    if items:
        return items
    for position, (key, label, weight) in enumerate(DEFAULT_CHECKLIST):
        db.session.add(
            ChecklistTemplateItem(city_id=city.id, key=key, label=_italian(label), weight=weight, position=position)
        )
    db.session.flush()
    return template_items(city)


def _clean_item(label, weight, fields: dict) -> tuple[str, int]:
    label = plain(label)
    if not 2 <= len(label) <= 200:
        fields["label"] = [_("Enter a label of 2 to 200 characters.")]
    try:
        weight = int(weight)
    except (TypeError, ValueError):
        weight = 0
    if not 1 <= weight <= 10:
        fields["weight"] = [_("Enter a weight from 1 to 10.")]
    return label, weight


def add_template_item(actor, city: City, *, label: str, weight) -> ChecklistTemplateItem:
    """Add an item to the city's checklist (staff of the city); new tracks will have it."""
    if not can_manage_checklist(actor, city):
        raise PermissionDenied()
    fields: dict = {}
    label, weight = _clean_item(label, weight, fields)
    if fields:
        raise InvalidInput(fields)
    existing = template_items(city)
    keys = {i.key for i in existing}
    base = key = slug(label, separator="_", max_length=30)
    n = 2
    while key in keys:
        key = f"{base[:36]}_{n}"
        n += 1
    item = ChecklistTemplateItem(
        city_id=city.id,
        key=key,
        label=label,
        weight=weight,
        position=max((i.position for i in existing), default=-1) + 1,
    )
    db.session.add(item)
    audit.record(actor, "checklist_template.add", item, city=city.id, key=key, label=label, weight=weight)
    db.session.commit()
    return item


def update_template_item(actor, item: ChecklistTemplateItem, *, label: str, weight, position=None):
    """Change an item of the city's checklist (staff of the city)."""
    if not can_manage_checklist(actor, item.city_id):
        raise PermissionDenied()
    fields: dict = {}
    label, weight = _clean_item(label, weight, fields)
    if position not in (None, ""):
        try:
            position = int(position)
            if not 0 <= position <= 1000:
                raise ValueError
        except (TypeError, ValueError):
            fields["position"] = [_("Enter a position from 0 to 1000.")]
    if fields:
        raise InvalidInput(fields)
    before = {"label": item.label, "weight": item.weight, "position": item.position}
    if label != item.label and item.label == _italian(_DEFAULT_LABELS.get(item.key, "")) and label == item_label(item):
        label = item.label  # the form showed the default in the reader's language: unchanged
    item.label, item.weight = label, weight
    if position not in (None, ""):
        item.position = position
    after = {"label": item.label, "weight": item.weight, "position": item.position}
    if after != before:
        audit.record(
            actor, "checklist_template.update", item, city=item.city_id, key=item.key, before=before, after=after
        )
    db.session.commit()
    return item


def delete_template_item(actor, item: ChecklistTemplateItem) -> None:
    """Remove an item from the city's checklist; tracks already open keep theirs."""
    if not can_manage_checklist(actor, item.city_id):
        raise PermissionDenied()
    audit.record(actor, "checklist_template.delete", item, city=item.city_id, key=item.key, label=item.label)
    db.session.delete(item)
    db.session.commit()


def restore_default_checklist(actor, city: City) -> int:
    """Add back the default items missing from the city's checklist; returns how many."""
    if not can_manage_checklist(actor, city):
        raise PermissionDenied()
    existing = template_items(city)
    keys = {i.key for i in existing}
    position = max((i.position for i in existing), default=-1) + 1
    added = []
    for key, label, weight in DEFAULT_CHECKLIST:
        if key not in keys:
            db.session.add(
                ChecklistTemplateItem(city_id=city.id, key=key, label=_italian(label), weight=weight, position=position)
            )
            position += 1
            added.append(key)
    if added:
        audit.record(actor, "checklist_template.defaults", city, city=city.id, keys=added)
    db.session.commit()
    return len(added)


# --- tracks ---------------------------------------------------------------------------------


def open_track(
    actor, city: City, *, organisation: Organisation | None = None, idea: Idea | None = None, title: str = ""
) -> AccompanimentTrack:
    """Open an accompaniment track for an organisation and/or an idea of ``city``
    (facilitators of the city). The readiness checklist is copied from the city's list."""
    if not can_open_track(actor, city):
        raise PermissionDenied()
    fields: dict = {}
    if organisation is None and idea is None:
        fields["organisation"] = [_("Choose an organisation or an idea.")]
    if organisation is not None and organisation.city_id != city.id:
        fields["organisation"] = [_("Choose an organisation of this city.")]
    if idea is not None and idea.city_id != city.id:
        fields["idea"] = [_("Choose an idea of this city.")]
    title = plain(title) or (organisation.name if organisation else idea.title if idea else "")
    if len(title) > 200:
        fields["title"] = [_("Use at most %(n)d characters.", n=200)]
    if not fields:
        duplicate = db.session.scalar(
            sa.select(AccompanimentTrack.id).where(
                AccompanimentTrack.city_id == city.id,
                AccompanimentTrack.closed_at.is_(None),
                AccompanimentTrack.organisation_id.is_(None)
                if organisation is None
                else AccompanimentTrack.organisation_id == organisation.id,
                AccompanimentTrack.idea_id.is_(None) if idea is None else AccompanimentTrack.idea_id == idea.id,
            )
        )
        if duplicate:
            fields["organisation" if organisation else "idea"] = [_("An open track for this already exists.")]
    if fields:
        raise InvalidInput(fields)
    track = AccompanimentTrack(
        city_id=city.id,
        facilitator_id=actor.id,
        organisation_id=organisation.id if organisation else None,
        idea_id=idea.id if idea else None,
        title=title,
    )
    for template in ensure_default_checklist(city):
        track.items.append(
            ReadinessItem(key=template.key, label=template.label, weight=template.weight, position=template.position)
        )
    db.session.add(track)
    audit.record(
        actor,
        "accompaniment.open",
        track,
        city=city.id,
        organisation=track.organisation_id,
        idea=track.idea_id,
    )
    db.session.commit()
    return track


def update_track(actor, track: AccompanimentTrack, *, title: str, closed: bool) -> AccompanimentTrack:
    """Rename, close or reopen a track (facilitators of the city)."""
    if not can_edit_track(actor, track):
        raise PermissionDenied()
    title = plain(title)
    if not 2 <= len(title) <= 200:
        raise InvalidInput({"title": [_("Enter a title of 2 to 200 characters.")]})
    track.title = title
    if closed and track.closed_at is None:
        track.closed_at = utcnow()
        audit.record(actor, "accompaniment.close", track, city=track.city_id, readiness=track.readiness)
    elif not closed and track.closed_at is not None:
        track.closed_at = None
        audit.record(actor, "accompaniment.reopen", track, city=track.city_id)
    db.session.commit()
    return track


def update_checklist(actor, track: AccompanimentTrack, states: dict[int, dict]) -> list[dict]:
    """Mark checklist items done or not and note why (facilitators of the city).

    ``states`` maps item ids to ``{"done": bool, "note": str}``; items not named keep their
    state. Returns the changes, which are audited together with the new readiness."""
    if not can_edit_track(actor, track):
        raise PermissionDenied()
    fields: dict = {}
    for item_id, state in states.items():
        if len(plain(state.get("note"))) > 500:
            fields[f"note-{item_id}"] = [_("Use at most %(n)d characters.", n=500)]
    if fields:
        raise InvalidInput(fields)
    before = track.readiness
    changes = []
    for item in track.items:
        if item.id not in states:
            continue
        state = states[item.id]
        done = bool(state.get("done"))
        note = plain(state.get("note")) if state.get("note") is not None else item.note
        change = {"key": item.key}
        if done != item.done:
            change["done"] = done
            item.done = done
            item.done_at = utcnow() if done else None
        if note != item.note:
            change["note"] = note
            item.note = note
        if len(change) > 1:
            changes.append(change)
    if changes:
        audit.record(
            actor,
            "accompaniment.checklist",
            track,
            city=track.city_id,
            changes=changes,
            readiness_before=before,
            readiness=track.readiness,
        )
    db.session.commit()
    return changes


def missing_template_items(track: AccompanimentTrack) -> list[ChecklistTemplateItem]:
    keys = {i.key for i in track.items}
    return [t for t in template_items(track.city_id) if t.key not in keys]


def sync_track_items(actor, track: AccompanimentTrack) -> int:
    """Add to the track the items of the city's checklist added since it was opened."""
    if not can_edit_track(actor, track):
        raise PermissionDenied()
    missing = missing_template_items(track)
    for template in missing:
        track.items.append(
            ReadinessItem(key=template.key, label=template.label, weight=template.weight, position=template.position)
        )
    if missing:
        audit.record(actor, "accompaniment.checklist_sync", track, city=track.city_id, keys=[t.key for t in missing])
    db.session.commit()
    return len(missing)


# --- sessions -------------------------------------------------------------------------------


def _clean_session(held_on, topic, notes, participants) -> dict:
    fields: dict = {}
    if not isinstance(held_on, date):
        fields["held_on"] = [_("Enter the date of the session.")]
    elif not date(2000, 1, 1) <= held_on <= date.today() + timedelta(days=366):
        fields["held_on"] = [_("Enter a date within the next year.")]
    topic = plain(topic)
    if not 2 <= len(topic) <= 200:
        fields["topic"] = [_("Enter a topic of 2 to 200 characters.")]
    participants = plain(participants)
    if len(participants) > 500:
        fields["participants"] = [_("Use at most %(n)d characters.", n=500)]
    notes = (notes or "").replace("\x00", "").strip()
    if len(notes) > MAX_NOTES:
        fields["notes"] = [_("Use at most %(n)d characters.", n=MAX_NOTES)]
    if fields:
        raise InvalidInput(fields)
    return {
        "held_on": held_on,
        "topic": topic,
        "participants": participants,
        "notes": notes,
        "notes_html": render_markdown(notes),
    }


def add_session(actor, track: AccompanimentTrack, *, held_on, topic, notes="", participants="") -> AccompanimentSession:
    """Record a coaching session: date, topic, notes (limited Markdown), participants."""
    if not can_edit_track(actor, track):
        raise PermissionDenied()
    session = AccompanimentSession(**_clean_session(held_on, topic, notes, participants))
    track.sessions.append(session)
    db.session.commit()
    return session


def update_session(actor, session: AccompanimentSession, *, held_on, topic, notes="", participants=""):
    if not can_edit_track(actor, session.track):
        raise PermissionDenied()
    for key, value in _clean_session(held_on, topic, notes, participants).items():
        setattr(session, key, value)
    db.session.commit()
    return session


def delete_session(actor, session: AccompanimentSession) -> None:
    if not can_edit_track(actor, session.track):
        raise PermissionDenied()
    audit.record(actor, "accompaniment.session_delete", session.track, city=session.track.city_id, topic=session.topic)
    db.session.delete(session)
    db.session.commit()
