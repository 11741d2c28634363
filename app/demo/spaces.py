"""Demo spaces: community hubs in buildings recovered with FESR money, libraries, a virtual
room per city, and bookings in the coming weeks (``data/spaces.json``). Idempotent: a space
is found by city and name, and bookings are added only to spaces that have none."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import sqlalchemy as sa
from flask import current_app

from app.demo.common import by_email, city, first_with_role, load
from app.extensions import db
from app.models import Booking, MemberRole, Membership, MemberStatus, Organisation, Role, Space, User
from app.spaces import services

DATA = load("spaces")
BOOKINGS = DATA["bookings"]


def _specs(slug: str) -> list[dict]:
    """The spaces of a city: its rooms, then its virtual room (which shares the fields of
    every city's virtual room): name, address, point (lat, lng), capacity, accessibility,
    facilities, availability, fund, owner ("city" or "org"), kind."""
    entry = DATA["cities"][slug]
    rooms = list(entry["spaces"])
    if "virtual_room" in entry:
        rooms.append({**DATA["virtual_room"], **entry["virtual_room"]})
    return rooms


def _city_actor(where) -> User | None:
    """Someone who may register the city's spaces: a staff member of the city, else an admin."""
    return first_with_role(Role.STAFF, where) or first_with_role(Role.ADMIN)


def _organisation_for(where) -> Organisation | None:
    """An organisation of the city to own a space: the demo organisation account's first."""
    org_user = by_email("org@demo.cantiere.local")
    if org_user is not None:
        owned = db.session.scalar(
            sa.select(Organisation)
            .join(Membership, Membership.organisation_id == Organisation.id)
            .where(
                Organisation.city_id == where.id,
                Membership.user_id == org_user.id,
                Membership.status == MemberStatus.ACTIVE,
                Membership.role == MemberRole.OWNER,
            )
            .order_by(Organisation.id)
            .limit(1)
        )
        if owned is not None:
            return owned
    return db.session.scalar(
        sa.select(Organisation).where(Organisation.city_id == where.id).order_by(Organisation.id).limit(1)
    )


def _book_demo_slots(space: Space, actor: User) -> int:
    if db.session.scalar(sa.select(Booking.id).where(Booking.space_id == space.id).limit(1)):
        return 0
    tz = services.local_timezone()
    today = datetime.now(tz).date()
    count = 0
    for slot in BOOKINGS[: 3 if space.kind.value == "virtual" else len(BOOKINGS)]:
        day = today + timedelta(days=slot["in_days"])
        starts_at = datetime.combine(day, time(slot["from_hour"]), tzinfo=tz)
        ends_at = datetime.combine(day, time(slot["to_hour"]), tzinfo=tz)
        services.book_space(actor, space, starts_at, ends_at, purpose=slot["purpose"])
        count += 1
    return count


def seed(progress) -> None:
    with current_app.test_request_context("/"):  # messages are translated as in a request
        created = bookings = 0
        without_org = []
        for slug in DATA["cities"]:
            where = city(slug)
            actor = where and _city_actor(where)
            if where is None or actor is None:
                continue
            for spec in _specs(slug):
                space = db.session.scalar(sa.select(Space).where(Space.city_id == where.id, Space.name == spec["name"]))
                if space is None:
                    space = _create(actor, where, spec, without_org)
                    created += 1
                bookings += _book_demo_slots(space, actor)
        progress(f"{created} spaces, {bookings} bookings")
        if without_org:
            progress(f"no organisation yet: owned by the city instead: {', '.join(without_org)}")


def _create(actor: User, where, spec: dict, without_org: list[str]) -> Space:
    """The space of ``spec``, registered through the spaces service (an "org" space goes to
    the city, and its name to ``without_org``, while the city has no organisation)."""
    owner = "city"
    if spec["owner"] == "org":
        organisation = _organisation_for(where)
        if organisation is not None:
            owner = f"org:{organisation.id}"
        else:
            without_org.append(spec["name"])
    lat, lng = spec.get("point", (None, None))
    return services.create_space(
        actor,
        where,
        {
            "name": spec["name"],
            "kind": spec.get("kind", "physical"),
            "address": spec.get("address", ""),
            "link": spec.get("link", ""),
            "lat": lat,
            "lng": lng,
            "capacity": spec["capacity"],
            "accessible": spec["accessible"],
            "accessibility_notes": spec["accessibility_notes"],
            "facilities": spec["facilities"],
            "availability": spec["availability"],
            "recovered_with": spec["fund"],
            "owner": owner,
        },
    )
