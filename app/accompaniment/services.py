"""Accompaniment (accompagnamento): a facilitator's coaching track for an organisation or an
idea, with sessions and a readiness checklist copied from the city's template list.

Who may do what:
- facilitators of the city open tracks and edit every track of the city (sessions, checklist);
- staff of the city see all the city's tracks and keep the city's checklist template;
- members of the organisation, and the idea's author, see their own track (read only).
Checklist changes, openings, closings and template changes are audited.
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlalchemy.orm
from flask_babel import gettext as _

from app import audit
from app.accompaniment import queries
from app.accompaniment.labels import DEFAULT_CHECKLIST, DEFAULT_LABELS, italian, item_label
from app.accompaniment.schemas import (
    ItemStateInput,
    SessionInput,
    TemplateItemEditInput,
    TemplateItemInput,
    TrackInput,
    TrackSettingsInput,
)
from app.errors import InvalidInput, PermissionDenied
from app.extensions import db
from app.models import (
    AccompanimentSession,
    AccompanimentTrack,
    ChecklistTemplateItem,
    City,
    Idea,
    Organisation,
    ReadinessItem,
)
from app.models.base import utcnow
from app.schemas import load
from app.text import render_markdown, slug

# --- the city's checklist template ----------------------------------------------------------


def ensure_default_checklist(city: City) -> list[ChecklistTemplateItem]:
    """Give a city without a checklist the default items (joins the caller's transaction)."""
    items = queries.template_items(city)
    if items:
        return items
    for position, (key, label, weight) in enumerate(DEFAULT_CHECKLIST):
        db.session.add(
            ChecklistTemplateItem(city_id=city.id, key=key, label=italian(label), weight=weight, position=position)
        )
    db.session.flush()
    return queries.template_items(city)


def add_template_item(actor, city: City, *, label: str, weight) -> ChecklistTemplateItem:
    """Add an item to the city's checklist (staff of the city); new tracks will have it."""
    if not actor.is_staff_of(city):
        raise PermissionDenied()
    values = load(TemplateItemInput, {"label": label, "weight": weight})
    label, weight = values["label"], values["weight"]
    existing = queries.template_items(city)
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
    if not item.can_edit(actor):
        raise PermissionDenied()
    values = load(TemplateItemEditInput, {"label": label, "weight": weight, "position": position})
    label, position = values["label"], values["position"]
    before = {"label": item.label, "weight": item.weight, "position": item.position}
    if label != item.label and item.label == italian(DEFAULT_LABELS.get(item.key, "")) and label == item_label(item):
        label = item.label  # the form showed the default in the reader's language: unchanged
    item.label, item.weight = label, values["weight"]
    if position is not None:
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
    if not item.can_edit(actor):
        raise PermissionDenied()
    audit.record(actor, "checklist_template.delete", item, city=item.city_id, key=item.key, label=item.label)
    db.session.delete(item)
    db.session.commit()


def restore_default_checklist(actor, city: City) -> int:
    """Add back the default items missing from the city's checklist; returns how many."""
    if not actor.is_staff_of(city):
        raise PermissionDenied()
    existing = queries.template_items(city)
    keys = {i.key for i in existing}
    position = max((i.position for i in existing), default=-1) + 1
    added = []
    for key, label, weight in DEFAULT_CHECKLIST:
        if key not in keys:
            db.session.add(
                ChecklistTemplateItem(city_id=city.id, key=key, label=italian(label), weight=weight, position=position)
            )
            position += 1
            added.append(key)
    if added:
        audit.record(actor, "checklist_template.defaults", city, city=city.id, keys=added)
    db.session.commit()
    return len(added)


# --- tracks ---------------------------------------------------------------------------------


def _subjects(city: City, values: dict) -> tuple[Organisation | None, Idea | None]:
    """The organisation and idea of a track to open: of the city, without an open track."""
    fields: dict = {}
    organisation = db.session.get(Organisation, values["organisation"]) if values["organisation"] else None
    idea = db.session.get(Idea, values["idea"]) if values["idea"] else None
    if values["organisation"] and (organisation is None or organisation.city_id != city.id):
        fields["organisation"] = [_("Choose an organisation of this city.")]
    if values["idea"] and (idea is None or idea.city_id != city.id):
        fields["idea"] = [_("Choose an idea of this city.")]
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
    return organisation, idea


def open_track(actor, city: City, *, organisation=None, idea=None, title: str = "") -> AccompanimentTrack:
    """Open an accompaniment track for an organisation and/or an idea of ``city`` (each an
    object or its id) (facilitators of the city). The readiness checklist is copied from
    the city's list."""
    if not actor.is_facilitator_of(city):
        raise PermissionDenied()
    values = load(
        TrackInput,
        {"organisation": getattr(organisation, "id", organisation), "idea": getattr(idea, "id", idea), "title": title},
    )
    organisation, idea = _subjects(city, values)
    title = values["title"] or (organisation.name if organisation else idea.title)
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
    if not track.can_edit(actor):
        raise PermissionDenied()
    values = load(TrackSettingsInput, {"title": title, "closed": closed})
    track.title, closed = values["title"], values["closed"]
    if closed and track.closed_at is None:
        track.closed_at = utcnow()
        audit.record(actor, "accompaniment.close", track, city=track.city_id, readiness=track.readiness)
    elif not closed and track.closed_at is not None:
        track.closed_at = None
        audit.record(actor, "accompaniment.reopen", track, city=track.city_id)
    db.session.commit()
    return track


def _item_states(states: dict) -> dict:
    """Each item's state loaded with ``ItemStateInput``; errors are named ``note-<id>``."""
    loaded, fields = {}, {}
    for item_id, state in states.items():
        try:
            loaded[item_id] = load(ItemStateInput, state)
        except InvalidInput as error:
            fields.update({f"{name}-{item_id}": messages for name, messages in error.fields.items()})
    if fields:
        raise InvalidInput(fields)
    return loaded


def update_checklist(actor, track: AccompanimentTrack, states: dict[int, dict]) -> list[dict]:
    """Mark checklist items done or not and note why (facilitators of the city).

    ``states`` maps item ids to ``{"done": bool, "note": str}``; items not named keep their
    state. Returns the changes, which are audited together with the new readiness."""
    if not track.can_edit(actor):
        raise PermissionDenied()
    states = _item_states(states)
    before = track.readiness
    changes = []
    for item in track.items:
        if item.id not in states:
            continue
        state = states[item.id]
        done = state["done"]
        note = item.note if state["note"] is None else state["note"]
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


def sync_track_items(actor, track: AccompanimentTrack) -> int:
    """Add to the track the items of the city's checklist added since it was opened."""
    if not track.can_edit(actor):
        raise PermissionDenied()
    missing = queries.missing_template_items(track)
    for template in missing:
        track.items.append(
            ReadinessItem(key=template.key, label=template.label, weight=template.weight, position=template.position)
        )
    if missing:
        audit.record(actor, "accompaniment.checklist_sync", track, city=track.city_id, keys=[t.key for t in missing])
    db.session.commit()
    return len(missing)


# --- sessions -------------------------------------------------------------------------------


def _session_values(held_on, topic, notes, participants) -> dict:
    values = load(SessionInput, {"held_on": held_on, "topic": topic, "notes": notes, "participants": participants})
    values["notes_html"] = render_markdown(values["notes"])
    return values


def add_session(actor, track: AccompanimentTrack, *, held_on, topic, notes="", participants="") -> AccompanimentSession:
    """Record a coaching session: date, topic, notes (limited Markdown), participants."""
    if not track.can_edit(actor):
        raise PermissionDenied()
    session = AccompanimentSession(**_session_values(held_on, topic, notes, participants))
    track.sessions.append(session)
    db.session.commit()
    return session


def update_session(actor, session: AccompanimentSession, *, held_on, topic, notes="", participants=""):
    if not session.track.can_edit(actor):
        raise PermissionDenied()
    for key, value in _session_values(held_on, topic, notes, participants).items():
        setattr(session, key, value)
    db.session.commit()
    return session


def delete_session(actor, session: AccompanimentSession) -> None:
    if not session.track.can_edit(actor):
        raise PermissionDenied()
    audit.record(actor, "accompaniment.session_delete", session.track, city=session.track.city_id, topic=session.topic)
    db.session.delete(session)
    db.session.commit()
