"""Co-design workshops: scheduling (create, edit, call off), the lists and the lineage.
Registrations are in ``registrations.py``; ideas from the board and the minutes in
``outcomes.py``; the live board's changes in ``board.py`` and ``board_controls.py``.

Routes, API endpoints and socket handlers call these functions; each checks who may act,
validates plain values, writes, commits, records the audit entry for facilitator and staff
actions, and only then pushes live counters and notifications (after commit).
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import has_request_context, request, url_for
from flask_babel import gettext as _

from app import audit
from app.errors import Conflict, InvalidInput, PermissionDenied
from app.extensions import db
from app.models import Area, Booking, City, Idea, Need, Role, Space, User
from app.models.base import utcnow
from app.models.board import BoardNote, ChatMessage
from app.models.workshop import (
    AgendaPhase,
    Registration,
    RegistrationStatus,
    Workshop,
    WorkshopMode,
    WorkshopStatus,
    workshop_facilitator,
    workshop_idea,
    workshop_need,
)
from app.schemas import load
from app.spaces.services import book_space
from app.workshops.common import get_row, lock_workshop, notify_about, refresh_counters, workshop_url
from app.workshops.registrations import promote_waitlist
from app.workshops.schemas import WorkshopInput


def _city_rows(model, ids: list[int], city: City) -> tuple[list, list[int]]:
    """The visible rows of ``city`` among ``ids``, and the ids that are not."""
    found = (
        db.session.scalars(
            sa.select(model).where(model.id.in_(ids), model.city_id == city.id, model.hidden.is_(False))
        ).all()
        if ids
        else []
    )
    return list(found), sorted(set(ids) - {o.id for o in found})


def _co_facilitators(actor, city: City, emails: list[str], workshop: Workshop | None, err) -> list[User]:
    creator_id = workshop.created_by_id if workshop else actor.id
    people = []
    for email in emails:
        user = db.session.scalar(sa.select(User).where(sa.func.lower(User.email) == email))
        if user is None or not user.is_active or not user.has_role(Role.FACILITATOR, city.id):
            err("co_facilitators", _("%(email)s is not a facilitator of this city.", email=email))
        elif user.id != creator_id:
            people.append(user)
    return people


def _timing(values: dict, workshop: Workshop | None, err) -> None:
    changed = workshop is None or (values["starts_at"], values["ends_at"]) != (workshop.starts_at, workshop.ends_at)
    if changed and values["ends_at"] <= utcnow():
        err("starts_at", _("This time is already over: choose a time in the future."))
    if workshop is not None and values["capacity"] < workshop.registered_count:
        taken = workshop.registered_count
        err("capacity", _("%(n)s people are already registered: the places cannot be fewer.", n=taken))


def _validate(actor, city: City, data: dict, workshop: Workshop | None) -> dict:
    """Load ``data`` with ``WorkshopInput``, then check what needs the database: the area,
    space, needs, ideas and co-facilitators belong to the city, the time is not over, the
    places are not fewer than the people registered. Raises ``InvalidInput``."""
    values = load(WorkshopInput, data)
    fields: dict[str, list[str]] = {}

    def err(name, message):
        fields.setdefault(name, []).append(message)

    space = get_row(Space, values["space"]) if values["space"] else None
    if values["space"] and (space is None or space.city_id != city.id):
        err("space", _("Choose a space of this city."))
    values["space"] = space
    if not values["place"] and space is not None and values["mode"] is not WorkshopMode.ONLINE:
        values["place"] = ", ".join(p for p in (space.name, space.address) if p)[:300]
    if values["mode"] in (WorkshopMode.IN_PERSON, WorkshopMode.HYBRID) and not values["place"]:
        err("place", _("Say where the workshop takes place."))
    area = get_row(Area, values["area"]) if values["area"] else None
    if values["area"] and (area is None or area.city_id != city.id):
        err("area", _("Choose a target area of this city."))
    values["area"] = area
    values["needs"], missing = _city_rows(Need, values.pop("need_ids"), city)
    if missing:
        err("need_ids", _("These needs are not in this city: %(ids)s.", ids=", ".join(map(str, missing))))
    values["ideas"], missing = _city_rows(Idea, values.pop("idea_ids"), city)
    if missing:
        err("idea_ids", _("These ideas are not in this city: %(ids)s.", ids=", ".join(map(str, missing))))
    values["co_facilitators"] = _co_facilitators(actor, city, values["co_facilitators"], workshop, err)
    _timing(values, workshop, err)
    if fields:
        raise InvalidInput(fields)
    return values


def _apply(workshop: Workshop, values: dict) -> None:
    for name in ("title", "goal", "mode", "place", "link", "starts_at", "ends_at", "capacity", "public"):
        setattr(workshop, name, values[name])
    workshop.vote_budget = values["vote_budget"]
    workshop.area = values["area"]
    workshop.space_id = values["space"].id if values["space"] is not None else None
    workshop.needs = values["needs"]
    workshop.ideas = values["ideas"]
    workshop.facilitators = values["co_facilitators"]
    workshop.agenda.clear()
    db.session.flush()
    for position, phase in enumerate(values["agenda"]):
        workshop.agenda.append(
            AgendaPhase(position=position, name=phase["name"], kind=phase["kind"], minutes=phase["minutes"])
        )


def _book(actor, workshop: Workshop, space) -> None:
    """Book the chosen space for the workshop's time (inside the caller's transaction)."""
    try:
        book_space(
            actor, space, workshop.starts_at, workshop.ends_at, workshop=workshop, purpose=workshop.title, commit=False
        )
    except PermissionDenied:
        raise InvalidInput({"space": [_("You may not book this space.")]}) from None


def _release_bookings(workshop: Workshop) -> None:
    db.session.execute(
        sa.update(Booking)
        .where(Booking.workshop_id == workshop.id, Booking.cancelled_at.is_(None))
        .values(cancelled_at=utcnow())
    )


def create_workshop(
    actor, data: dict | None = None, /, *, city: City, call_id: int | None = None, **fields
) -> Workshop:
    """Schedule a workshop in ``city`` (facilitators and staff of the city, admins).

    ``data``: title, goal, mode, place, link, space (a Space or None), starts_at, ends_at
    (naive = Rome wall clock; aware = converted), capacity, public, vote_budget, area (Area,
    id or None), need_ids, idea_ids, agenda ([{name, kind, minutes}]), co_facilitators
    (emails). A chosen space is booked in the same transaction (a double booking is refused
    on the ``space`` field). The input (``WorkshopInput``) comes as ``data`` (the API's
    JSON object) or as keyword arguments. ``call_id``: the co-design call the workshop is a
    table of (``app.calls.participation.schedule_table``)."""
    if not actor.runs_activities_in(city):
        raise PermissionDenied()
    values = _validate(actor, city, fields if data is None else data, None)
    workshop = Workshop(city_id=city.id, created_by_id=actor.id, status=WorkshopStatus.SCHEDULED, call_id=call_id)
    db.session.add(workshop)
    _apply(workshop, values)
    db.session.flush()
    try:
        if values["space"] is not None:
            _book(actor, workshop, values["space"])
    except InvalidInput:
        db.session.rollback()
        raise
    attached = {"call": call_id} if call_id else {}
    audit.record(actor, "workshop.create", workshop, city=city.id, title=workshop.title, **attached)
    db.session.commit()
    return workshop


def update_workshop(actor, workshop: Workshop, data: dict | None = None, /, **fields) -> Workshop:
    """Edit a scheduled workshop (its managers). More places promote the waitlist; fewer
    places than people registered are refused. A new space or time re-books the space."""
    if not workshop.can_manage(actor):
        raise PermissionDenied()
    if workshop.status is not WorkshopStatus.SCHEDULED:
        raise Conflict(_("Only a scheduled workshop can be edited."))
    workshop = lock_workshop(workshop)
    values = _validate(actor, workshop.city, fields if data is None else data, workshop)
    old = (workshop.space_id, workshop.starts_at, workshop.ends_at)
    _apply(workshop, values)
    db.session.flush()
    try:
        if (workshop.space_id, workshop.starts_at, workshop.ends_at) != old:
            _release_bookings(workshop)
            if values["space"] is not None:
                _book(actor, workshop, values["space"])
    except InvalidInput:
        db.session.rollback()
        raise
    promote_waitlist(workshop)
    refresh_counters(workshop)
    audit.record(actor, "workshop.update", workshop, title=workshop.title)
    db.session.commit()
    return workshop


def cancel_workshop(actor, workshop: Workshop) -> Workshop:
    """Call off a scheduled workshop: registrants are told, the space booking is released."""
    if not workshop.can_manage(actor):
        raise PermissionDenied()
    workshop = lock_workshop(workshop)
    if workshop.status is not WorkshopStatus.SCHEDULED:
        raise Conflict(_("Only a scheduled workshop can be cancelled."))
    workshop.status = WorkshopStatus.CANCELLED
    _release_bookings(workshop)
    people = db.session.scalars(
        sa.select(Registration.user_id).where(
            Registration.workshop_id == workshop.id,
            Registration.status.in_([RegistrationStatus.REGISTERED, RegistrationStatus.WAITLISTED]),
        )
    ).all()
    for user_id in people:
        if user_id != actor.id:
            notify_about(user_id, "workshop.cancelled", workshop)
    audit.record(actor, "workshop.cancel", workshop, title=workshop.title)
    db.session.commit()
    return workshop


def visible_workshops(user, city: City | None = None):
    """A select of the workshops ``user`` may see: public ones, and invite-only ones they
    manage or were invited to (all of a city's for its staff; all for admins)."""
    query = sa.select(Workshop)
    if city is not None:
        query = query.where(Workshop.city_id == city.id)
    if not getattr(user, "is_authenticated", False):
        return query.where(Workshop.public.is_(True))
    if user.is_admin:
        return query
    conditions = [
        Workshop.public.is_(True),
        Workshop.created_by_id == user.id,
        Workshop.id.in_(sa.select(Registration.workshop_id).where(Registration.user_id == user.id)),
        Workshop.id.in_(sa.select(workshop_facilitator.c.workshop_id).where(workshop_facilitator.c.user_id == user.id)),
    ]
    staff_cities = user.cities_with(Role.STAFF)
    if staff_cities:
        conditions.append(Workshop.city_id.in_(staff_cities))
    return query.where(sa.or_(*conditions))


def _lineage_item(workshop: Workshop, relation: str) -> dict:
    return {
        "id": workshop.id,
        "title": workshop.title,
        "status": workshop.status.value,
        "starts_at": workshop.starts_at.isoformat(),
        "relation": relation,
        "url": _external(workshop_url(workshop)),
    }


def _external(path: str) -> str:
    if has_request_context():
        return request.host_url.rstrip("/") + path
    return path


def workshops_for_need(need: Need, user=None) -> list[dict]:
    """Workshops that worked on ``need`` (public ones, and those ``user`` may see), for the
    lineage endpoint and the need page: ``[{id, title, status, starts_at, relation, url}]``
    with ``relation`` = ``"worked_on"``."""
    query = visible_workshops(user).where(
        Workshop.id.in_(sa.select(workshop_need.c.workshop_id).where(workshop_need.c.need_id == need.id)),
        Workshop.status != WorkshopStatus.CANCELLED,
    )
    return [_lineage_item(w, "worked_on") for w in db.session.scalars(query.order_by(Workshop.starts_at))]


def workshops_for_idea(idea: Idea, user=None) -> list[dict]:
    """Workshops that worked on ``idea`` (``relation`` ``"worked_on"``) or produced it
    (``"produced"``), oldest first."""
    items = []
    if idea.workshop_id:
        produced = db.session.scalar(visible_workshops(user).where(Workshop.id == idea.workshop_id))
        if produced is not None:
            items.append(_lineage_item(produced, "produced"))
    query = visible_workshops(user).where(
        Workshop.id.in_(sa.select(workshop_idea.c.workshop_id).where(workshop_idea.c.idea_id == idea.id)),
        Workshop.status != WorkshopStatus.CANCELLED,
    )
    items += [_lineage_item(w, "worked_on") for w in db.session.scalars(query.order_by(Workshop.starts_at))]
    return items


def topic_exists(key: str) -> bool:
    """``workshop:<id>`` is a public live topic for public workshops."""
    if not key.isdigit() or len(key) > 12:
        return False
    return (
        db.session.scalar(sa.select(Workshop.id).where(Workshop.id == int(key), Workshop.public.is_(True))) is not None
    )


def city_section(city) -> list[tuple[str, str]]:
    """The city page's button to the city's workshop calendar."""
    return [(_("Workshops"), url_for("workshops.calendar", city=city.slug))]


def export_workshops(user) -> tuple[str, dict]:
    """The person's part in workshops, for their data export: registrations (with status and
    attendance), the workshops they created, and what they wrote on boards."""
    registrations = db.session.execute(
        sa.select(Registration, Workshop.title)
        .join(Workshop, Workshop.id == Registration.workshop_id)
        .where(Registration.user_id == user.id)
        .order_by(Registration.id)
    ).all()
    notes = db.session.scalars(sa.select(BoardNote).where(BoardNote.author_id == user.id).order_by(BoardNote.id))
    chat = db.session.scalars(sa.select(ChatMessage).where(ChatMessage.author_id == user.id).order_by(ChatMessage.id))
    created = db.session.scalars(sa.select(Workshop).where(Workshop.created_by_id == user.id).order_by(Workshop.id))
    return "workshops", {
        "registrations": [
            {
                "workshop_id": r.workshop_id,
                "workshop": title,
                "status": r.status.value,
                "attended": r.attended,
                "created_at": r.created_at.isoformat(),
            }
            for r, title in registrations
        ],
        "created": [{"id": w.id, "title": w.title, "starts_at": w.starts_at.isoformat()} for w in created],
        "board_notes": [
            {"workshop_id": n.workshop_id, "text": n.text, "created_at": n.created_at.isoformat()} for n in notes
        ],
        "chat_messages": [
            {"workshop_id": m.workshop_id, "text": m.text, "created_at": m.created_at.isoformat()} for m in chat
        ],
    }
