"""Demo workshops (texts in ``data/workshops.json``), per demo city with needs: one held
(closed, its board numbered as the live board numbers it, approved minutes, its ideas), one
coming up with a waitlist, and, where facilitator@demo.cantiere.local facilitates, one ready
to go live today with resident@demo.cantiere.local registered. Idempotent per city and title."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from app import times
from app.demo.common import by_email, first_with_role, load, new_account
from app.demo.common import city as city_by_slug
from app.errors import DomainError
from app.extensions import db
from app.models import Area, City, Need, Role, RoleGrant, Space, User
from app.models.board import BoardEvent, BoardGroup, BoardNote, BoardVote
from app.models.workshop import (
    AgendaPhase,
    PhaseKind,
    Registration,
    RegistrationStatus,
    Workshop,
    WorkshopMode,
    WorkshopStatus,
)
from app.workshops import services
from app.workshops.board_payload import group_json, note_json
from app.workshops.outcomes import approve_minutes, turn_group_into_idea
from app.workshops.registrations import register_for_workshop

DATA = load("workshops")
AGENDA_FULL, AGENDA_SHORT = DATA["agenda_full"], DATA["agenda_short"]
CITIES = DATA["cities"]
#: Demo participants created when a city has too few people of its own.
PARTICIPANT_NAMES = DATA["participant_names"]

FACILITATOR = "facilitator@demo.cantiere.local"
RESIDENT = "resident@demo.cantiere.local"
STAFF_EMAILS = {
    "admin@demo.cantiere.local",
    "authority@demo.cantiere.local",
    "staff@demo.cantiere.local",
    "evaluator@demo.cantiere.local",
    FACILITATOR,
}
COLORS = ("yellow", "pink", "blue", "green", "orange")


def _existing(city: City, title: str) -> Workshop | None:
    return db.session.scalar(sa.select(Workshop).where(Workshop.city_id == city.id, Workshop.title == title))


def _new_person(email: str, name: str, city: City, role: Role | None = None) -> User:
    """A demo account with the demo password (its hash is borrowed from the demo resident,
    so that seeding stays fast)."""
    template = by_email(RESIDENT)
    user = new_account(email, name, city, template.password_hash if template is not None else None)
    db.session.flush()
    if role is not None:
        db.session.add(RoleGrant(user=user, role=role, city=city))
        db.session.flush()
    return user


def _facilitator_for(city: City) -> User:
    demo = by_email(FACILITATOR)
    if demo is not None and demo.has_role(Role.FACILITATOR, city.id):
        return demo
    return first_with_role(Role.FACILITATOR, city) or _new_person(
        f"facilitatore.{city.slug}@demo.cantiere.local", f"Facilitazione {city.name}", city, Role.FACILITATOR
    )


def _participants(city: City, count: int) -> list[User]:
    """People of the city (not the demo staff accounts); demo participants make up the rest."""
    people = list(
        db.session.scalars(
            sa.select(User)
            .where(User.city_id == city.id, User.email.not_in(STAFF_EMAILS | {RESIDENT}), User.deleted_at.is_(None))
            .order_by(User.id)
            .limit(count)
        )
    )
    for index, name in enumerate(PARTICIPANT_NAMES):
        if len(people) >= count:
            break
        email = f"partecipante{index + 1}.{city.slug}@demo.cantiere.local"
        people.append(by_email(email) or _new_person(email, name, city))
    return people


def _area(city: City, name: str | None) -> Area | None:
    if not name:
        return None
    return db.session.scalar(sa.select(Area).where(Area.city_id == city.id, Area.name == name))


def _needs(city: City, area: Area | None) -> list[Need]:
    query = sa.select(Need).where(Need.city_id == city.id, Need.hidden.is_(False))
    if area is not None:
        in_area = db.session.scalars(
            query.where(Need.area_id == area.id).order_by(Need.support_count.desc(), Need.id).limit(2)
        ).all()
        if in_area:
            return list(in_area)
    return list(db.session.scalars(query.order_by(Need.support_count.desc(), Need.id).limit(2)))


def _at(days: int, hour: int, minute: int = 0) -> datetime:
    """``days`` from today at ``hour:minute`` in Italian time, as UTC."""
    day = times.now_local().date() + timedelta(days=days)
    return times.from_local(datetime(day.year, day.month, day.day, hour, minute))


# --- the workshop already held ------------------------------------------------------------------


class _Log:
    """The board's event log, numbered as the live board numbers it."""

    def __init__(self, workshop: Workshop, clock: datetime):
        self.workshop, self.clock, self.seq = workshop, clock, 0

    def add(self, actor: User, name: str, data: dict, minutes: float = 1.0) -> None:
        self.seq += 1
        self.clock += timedelta(minutes=minutes)
        payload = {"seq": self.seq, **data}
        db.session.add(
            BoardEvent(
                workshop_id=self.workshop.id,
                seq=self.seq,
                name=name,
                payload=payload,
                actor_id=actor.id,
                created_at=self.clock,
            )
        )


def _phase(workshop: Workshop, index: int, ends_at: datetime) -> dict:
    phase = workshop.agenda[index]
    return {"index": index, "name": phase.name, "kind": phase.kind.value, "ends_at": ends_at.isoformat()}


def _held(city: City, spec: dict, facilitator: User, area: Area | None, needs: list[Need]) -> Workshop | None:
    text = spec["past"]
    if _existing(city, text["title"]):
        return None
    starts_at, attendees = _at(-21, 17), _participants(city, 9)
    space = db.session.scalar(sa.select(Space).where(Space.city_id == city.id, Space.name == spec["space"]))
    workshop = Workshop(
        city_id=city.id,
        area=area,
        created_by_id=facilitator.id,
        title=text["title"],
        goal=text["goal"],
        mode=WorkshopMode.IN_PERSON,
        place=spec["place"],
        space_id=space.id if space else None,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=2, minutes=30),
        capacity=25,
        public=True,
        vote_budget=5,
        status=WorkshopStatus.LIVE,
        started_at=starts_at,
        created_at=starts_at - timedelta(days=20),
    )
    workshop.needs = needs
    for position, phase in enumerate(AGENDA_FULL):
        workshop.agenda.append(AgendaPhase(position=position, **{**phase, "kind": PhaseKind(phase["kind"])}))
    db.session.add(workshop)
    db.session.flush()
    _attendance(workshop, attendees, starts_at)
    present = attendees[:-1]
    log = _Log(workshop, starts_at)
    workshop.phase_index = 0
    log.add(facilitator, "workshop:started", {"phase": _phase(workshop, 0, starts_at + timedelta(minutes=15))})
    _dots(log, workshop, present, _board(log, workshop, facilitator, present, text))
    workshop.status, workshop.closed_at = WorkshopStatus.CLOSED, log.clock + timedelta(minutes=20)
    workshop.phase_index = len(workshop.agenda) - 1
    log.add(facilitator, "workshop:closed", {}, minutes=20)
    workshop.seq = log.seq
    workshop.registered_count, workshop.waitlist_count = len(attendees), 0
    db.session.commit()
    return workshop


def _attendance(workshop: Workshop, attendees: list[User], starts_at: datetime) -> None:
    for index, person in enumerate(attendees):
        db.session.add(
            Registration(
                workshop_id=workshop.id,
                user_id=person.id,
                status=RegistrationStatus.REGISTERED,
                attended=index < len(attendees) - 1,  # one did not come
                created_at=starts_at - timedelta(days=14 - index),
            )
        )


def _board(log: _Log, workshop: Workshop, facilitator: User, present: list[User], text: dict) -> list:
    """The groups and notes of the held workshop, in the order they were made; the notes
    with the dots they are to get."""
    author = 0
    notes: list[tuple[BoardNote, int]] = []
    for g, spec in enumerate(text["groups"]):
        group = BoardGroup(
            workshop_id=workshop.id,
            client_id=uuid.uuid4().hex,
            author_id=facilitator.id,
            title=spec["title"],
            x=80 + 320 * g,
            y=60,
            created_at=log.clock,
            updated_at=log.clock,
        )
        db.session.add(group)
        db.session.flush()
        log.add(facilitator, "group:created", {"group": group_json(group)})
        for n, note in enumerate(spec["notes"]):
            notes.append(
                (_note(log, workshop, present[author % len(present)], note["text"], group, g, n), note["votes"])
            )
            author += 1
    for n, note in enumerate(text["loose"]):
        made = _note(log, workshop, present[author % len(present)], note["text"], None, len(text["groups"]), n)
        notes.append((made, note["votes"]))
        author += 1
    return notes


def _note(log: _Log, workshop: Workshop, author: User, text: str, group, column: int, row: int) -> BoardNote:
    note = BoardNote(
        workshop_id=workshop.id,
        client_id=uuid.uuid4().hex,
        author_id=author.id,
        text=text,
        color=COLORS[(column + row) % len(COLORS)],
        x=100 + 320 * column,
        y=140 + 110 * row,
        group_id=group.id if group is not None else None,
        created_at=log.clock,
        updated_at=log.clock,
        vote_total=0,
    )
    db.session.add(note)
    db.session.flush()
    log.add(author, "note:created", {"note": note_json(note)}, minutes=0.5)
    return note


def _dots(log: _Log, workshop: Workshop, present: list[User], notes: list[tuple[BoardNote, int]]) -> None:
    """Spread each note's votes over the people present, within their budget of dots."""
    used = {p.id: 0 for p in present}
    rows: dict[tuple[int, int], BoardVote] = {}
    voter = 0
    for note, votes in notes:
        for _dot in range(votes):
            for _attempt in range(len(present)):
                person = present[voter % len(present)]
                voter += 1
                if used[person.id] < workshop.vote_budget:
                    break
            else:
                return
            used[person.id] += 1
            key = (note.id, person.id)
            if key not in rows:
                rows[key] = BoardVote(workshop_id=workshop.id, note_id=note.id, user_id=person.id, count=0)
                db.session.add(rows[key])
            rows[key].count += 1
            note.vote_total += 1
            log.add(person, "votes:changed", {"note_id": note.id, "total": note.vote_total}, minutes=0.2)


def _outcomes(workshop: Workshop, facilitator: User, spec: dict) -> int:
    """The ideas from the board, then the approved minutes."""
    made = 0
    groups = db.session.scalars(
        sa.select(BoardGroup).where(BoardGroup.workshop_id == workshop.id).order_by(BoardGroup.id)
    ).all()
    for idea in spec["ideas"]:
        title, summary = idea["title"], idea["summary"]
        try:
            turn_group_into_idea(facilitator, workshop, groups[idea["group"]], title=title, summary=summary)
            made += 1
        except DomainError as error:  # e.g. the ideas feature refuses: report and go on
            db.session.rollback()
            current_app.logger.warning("demo idea %r not made: %s", title, error.message)
    approve_minutes(facilitator, workshop, decisions=spec["decisions"])
    return made


# --- coming up, and ready to go live ---------------------------------------------------------------


def _scheduled(city, facilitator, area, needs, *, title, goal, place, starts_at, hours, capacity, agenda) -> Workshop:
    return services.create_workshop(
        facilitator,
        city=city,
        title=title,
        goal=goal,
        area=area,
        need_ids=[n.id for n in needs],
        mode="in_person",
        place=place,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=hours),
        capacity=capacity,
        public=True,
        vote_budget=5,
        agenda=[dict(phase) for phase in agenda],
    )


def _register(workshop: Workshop, people: list[User]) -> None:
    for person in people:
        register_for_workshop(person, workshop)


def seed(progress) -> None:
    with current_app.test_request_context("/"):  # messages and links as in a request
        counts = {"held": 0, "upcoming": 0, "live": 0, "ideas": 0}
        for slug, spec in CITIES.items():
            where = city_by_slug(slug)
            if where is None or not db.session.scalar(sa.select(Need.id).where(Need.city_id == where.id).limit(1)):
                continue  # workshops only where there are needs to work on
            area = _area(where, spec["area"])
            facilitator = _facilitator_for(where)
            held = _held(where, spec, facilitator, area, _needs(where, area))
            if held is not None:
                counts["held"] += 1
                counts["ideas"] += _outcomes(held, facilitator, spec["past"])
            counts["upcoming"] += _upcoming(where, spec["upcoming"], facilitator, area)
            counts["live"] += _ready_to_go_live(where, spec.get("live"), area)
        progress(
            f"{counts['held']} workshops held (with {counts['ideas']} ideas and their minutes), "
            f"{counts['upcoming']} coming up, {counts['live']} ready to go live"
        )


def _upcoming(city: City, text: dict, facilitator: User, area: Area | None) -> int:
    """The workshop in twelve days, full: four registered and two on the waitlist (the
    demo resident among them, in the resident's city)."""
    if _existing(city, text["title"]):
        return 0
    upcoming_area = _area(city, text.get("area")) or area
    workshop = _scheduled(
        city,
        facilitator,
        upcoming_area,
        _needs(city, upcoming_area)[:1],
        title=text["title"],
        goal=text["goal"],
        place=text["place"],
        starts_at=_at(12, 17, 30),
        hours=2,
        capacity=4,
        agenda=AGENDA_SHORT,
    )
    people = _participants(city, 6)
    resident = by_email(RESIDENT)
    if resident is not None and resident.city_id == city.id:
        people = [*people[:5], resident]  # the demo resident is on the waitlist
    _register(workshop, people)
    return 1


def _ready_to_go_live(city: City, text: dict | None, area: Area | None) -> int:
    """The workshop that starts this hour, for the demo facilitator where they facilitate,
    with the demo resident registered."""
    demo_facilitator = by_email(FACILITATOR)
    if not text or demo_facilitator is None or not demo_facilitator.has_role(Role.FACILITATOR, city.id):
        return 0
    if _existing(city, text["title"]):
        return 0
    now = times.now_local().replace(minute=0, second=0, microsecond=0)
    live_area = _area(city, text.get("area")) or area
    workshop = _scheduled(
        city,
        demo_facilitator,
        live_area,
        _needs(city, live_area),
        title=text["title"],
        goal=text["goal"],
        place=text["place"],
        starts_at=times.from_local(now.replace(tzinfo=None)),
        hours=3,
        capacity=30,
        agenda=AGENDA_SHORT,
    )
    resident = by_email(RESIDENT)
    _register(workshop, [p for p in (resident, *_participants(city, 3)) if p is not None])
    return 1
