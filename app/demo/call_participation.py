"""Taking part in the demo calls (texts in ``data/call_participation.json``), per demo city
with staff: three demo organisations express their interest in the art. 55 co-design call,
staff admit two and refuse one with their reasons, the call moves to its co-design tables
and the first table is scheduled; a table already held has approved minutes, on which the
agreement (convenzione) with the two admitted organisations rests, signed by their owners
and then by staff (the grant set aside from the call's budget); two answers reach the call for ideas, one with an idea
already on the platform and one with a new idea proposed for an organisation. Made through
``app.calls.participation`` as people would. Idempotent: a call that already has
expressions of interest (answers) is left as it is."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from app.calls import agreements, participation, services
from app.demo.calls import _cities_with_staff, _commenters
from app.demo.common import load
from app.extensions import db
from app.models import (
    Agreement,
    Area,
    Call,
    CallAnswer,
    CallInterest,
    City,
    Idea,
    InterestStatus,
    LegalForm,
    MemberRole,
    MemberStatus,
    Need,
    Organisation,
    User,
    WorkshopStatus,
)
from app.models.organisation import THIRD_SECTOR_FORMS
from app.times import now_local
from app.workshops.outcomes import approve_minutes

DATA = load("call_participation")


def _call(city: City, title: str) -> Call | None:
    return db.session.scalar(sa.select(Call).where(Call.city_id == city.id, Call.title == title))


def _owner(organisation: Organisation) -> User | None:
    for membership in organisation.members:
        if membership.role is MemberRole.OWNER and membership.status is MemberStatus.ACTIVE and membership.user:
            return membership.user
    return None


def _bodies(call: Call, count: int) -> list[tuple[Organisation, User]]:
    """Third-sector organisations of the city of forms the call admits, with an owner:
    bodies that are ETS by their form first, then an association (the one refused)."""
    forms = [LegalForm(f) for f in call.applicant_forms]
    rows = db.session.scalars(
        sa.select(Organisation)
        .where(Organisation.city_id == call.city_id, Organisation.legal_form.in_(forms))
        .order_by(Organisation.id)
    )
    by_form = [o for o in rows if o.legal_form in THIRD_SECTOR_FORMS or o.legal_form is LegalForm.ASSOCIATION]
    chosen = [o for o in by_form if o.legal_form in THIRD_SECTOR_FORMS][: count - 1]
    chosen += [o for o in by_form if o.legal_form is LegalForm.ASSOCIATION][:1]
    return [(o, owner) for o in chosen if (owner := _owner(o)) is not None]


def _fill(text: str, city: City, area: Area | None) -> str:
    return text.format(city=city.name, area0=area.name if area else city.name)


def _codesign(city: City, staff: User, area: Area | None) -> int:
    call = _call(city, DATA["codesign_title"])
    if call is None or db.session.scalar(sa.select(CallInterest.id).where(CallInterest.call_id == call.id)):
        return 0
    made = []
    for (organisation, owner), spec in zip(_bodies(call, len(DATA["interests"])), DATA["interests"], strict=False):
        body = {
            "organisation": organisation.id,
            "runts_number": organisation.runts_number or f"{100000 + organisation.id}",
            "statement": _fill(spec["statement"], city, area),
            "contact": spec["contact"],
        }
        made.append((participation.express_interest(owner, call, body), spec))
    services.transition_call(staff, call, {"to": "admission"})
    for interest, spec in made:
        participation.decide_interest(staff, interest, {"admitted": spec["admitted"], "reason": spec["reason"]})
    services.transition_call(staff, call, {"to": "codesign"})
    table = DATA["table"]
    day = now_local() + timedelta(days=table["in_days"])
    starts = day.replace(hour=15, minute=0, second=0, microsecond=0, tzinfo=None)  # Italian wall clock
    participation.schedule_table(
        staff,
        call,
        {
            "title": table["title"],
            "goal": _fill(table["goal"], city, area),
            "mode": "in_person",
            "place": _fill(table["place"], city, area),
            "starts_at": starts,
            "ends_at": starts + timedelta(hours=3),
            "capacity": table["capacity"],
        },
    )
    return len(made)


def _held_table(call: Call, staff: User, city: City, area: Area | None):
    """A co-design table already held (scheduled, then dated back and closed, as the demo
    workshops are) with its approved minutes."""
    spec = DATA["held_table"]
    day = now_local() + timedelta(days=1)
    starts = day.replace(hour=15, minute=0, second=0, microsecond=0, tzinfo=None)
    table = participation.schedule_table(
        staff,
        call,
        {
            "title": spec["title"],
            "goal": _fill(spec["goal"], city, area),
            "mode": "in_person",
            "place": _fill(spec["place"], city, area),
            "starts_at": starts,
            "ends_at": starts + timedelta(hours=3),
            "capacity": spec["capacity"],
        },
    )
    back = timedelta(days=spec["days_ago"] + 1)
    table.starts_at, table.ends_at = table.starts_at - back, table.ends_at - back
    table.status, table.closed_at = WorkshopStatus.CLOSED, table.ends_at
    db.session.commit()
    return approve_minutes(staff, table, decisions=_fill(spec["decisions"], city, area))


def _agreement(city: City, staff: User, area: Area | None) -> int:
    """The agreement of the art. 55 call with its two admitted organisations, signed."""
    call = _call(city, DATA["codesign_title"])
    if call is None or db.session.scalar(sa.select(Agreement.id).where(Agreement.call_id == call.id)):
        return 0
    admitted = db.session.scalars(
        sa.select(CallInterest)
        .where(CallInterest.call_id == call.id, CallInterest.status == InterestStatus.ADMITTED)
        .order_by(CallInterest.id)
    ).all()
    spec = DATA["agreement"]
    if len(admitted) < len(spec["partners"]):
        return 0
    minutes = _held_table(call, staff, city, area)
    body = {
        "title": _fill(spec["title"], city, area),
        "summary": _fill(spec["summary"], city, area),
        "total_budget": spec["total_budget"],
        "grant": spec["grant"],
        "minutes": [minutes.id],
        "partners": [
            {"organisation": i.organisation_id, **p} for i, p in zip(admitted, spec["partners"], strict=False)
        ],
    }
    agreement = agreements.record_agreement(staff, call, body)
    for interest in admitted[: len(spec["partners"])]:
        agreements.sign_agreement(_owner(interest.organisation), agreement, {"organisation": interest.organisation_id})
    agreements.sign_agreement(staff, agreement, {})
    return 1


def _ideas(city: City, area: Area | None) -> int:
    call = _call(city, DATA["ideas_title"])
    if call is None or db.session.scalar(sa.select(CallAnswer.id).where(CallAnswer.call_id == call.id)):
        return 0
    existing, new = DATA["answers"]
    idea = db.session.scalar(
        sa.select(Idea)
        .where(Idea.city_id == city.id, Idea.hidden.is_(False))
        .order_by(Idea.support_count.desc(), Idea.id)
        .limit(1)
    )
    need = db.session.scalar(
        sa.select(Need).where(Need.city_id == city.id, Need.hidden.is_(False)).order_by(Need.id).limit(1)
    )
    people = _commenters(city)
    made = 0
    if idea is not None and people:
        participation.answer_call(people[0], call, {"idea": idea.id, "note": existing["note"]})
        made += 1
    body = _third_sector_owner(city)
    if need is not None and body is not None:
        organisation, owner = body
        answer = {
            "new_idea": {"title": new["title"], "summary": new["summary"], "need_ids": [need.id]},
            "note": new["note"],
            "organisation": organisation.id,
        }
        participation.answer_call(owner, call, answer)
        made += 1
    return made


def _third_sector_owner(city: City) -> tuple[Organisation, User] | None:
    rows = db.session.scalars(
        sa.select(Organisation)
        .where(Organisation.city_id == city.id, Organisation.legal_form.in_(THIRD_SECTOR_FORMS))
        .order_by(Organisation.id)
    )
    for organisation in rows:
        owner = _owner(organisation)
        if owner is not None:
            return organisation, owner
    return None


def seed(progress) -> None:
    interests = answers = signed = 0
    for city, staff in _cities_with_staff():
        area = db.session.scalar(sa.select(Area).where(Area.city_id == city.id).order_by(Area.id).limit(1))
        interests += _codesign(city, staff, area)
        signed += _agreement(city, staff, area)
        answers += _ideas(city, area)
    progress(f"{interests} expressions of interest, {signed} signed agreements, {answers} answers to calls for ideas")
