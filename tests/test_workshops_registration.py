"""Registering for workshops: places, the waitlist promoted in order and told, concurrent
registrations never past capacity, live counters, invitations, attendance."""

import json
import threading

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import Notification, Role, User
from app.models.workshop import Registration, RegistrationStatus, Workshop, WorkshopStatus
from app.workshops import common, registrations, services
from tests import factories
from tests.factories.board import person
from tests.factories.workshops import create_workshop, register

pytestmark = pytest.mark.usefixtures("in_request")

REGISTERED, WAITLISTED = RegistrationStatus.REGISTERED, RegistrationStatus.WAITLISTED


def statuses(workshop) -> dict[int, str]:
    rows = db.session.execute(
        sa.select(Registration.user_id, Registration.status)
        .where(Registration.workshop_id == workshop.id)
        .order_by(Registration.id)  # in the order people registered (PostgreSQL has no default order)
    ).all()
    return {user_id: status.value for user_id, status in rows}


def notifications(user) -> list[str]:
    return list(db.session.scalars(sa.select(Notification.kind).where(Notification.user_id == user.id)))


def test_register_past_capacity_goes_to_the_waitlist(client, login, city):
    workshop = create_workshop(city=city, capacity=2)
    people = [person(city, f"Persona {i}") for i in range(4)]
    for someone in people:
        login(someone)
        assert client.post(f"/workshops/{workshop.id}/register").status_code == 302
    assert list(statuses(workshop).values()) == ["registered", "registered", "waitlisted", "waitlisted"]
    login(people[3])
    page = client.get(f"/workshops/{workshop.id}").text
    assert "number 2 on the waitlist" in page or "numero 2" in page
    db.session.refresh(workshop)
    assert (workshop.registered_count, workshop.waitlist_count) == (2, 2)


def test_registering_twice_keeps_the_place(city):
    workshop = create_workshop(city=city, capacity=1)
    someone = person(city, "Anna")
    first = registrations.register_for_workshop(someone, workshop)
    again = registrations.register_for_workshop(someone, workshop)
    assert first.id == again.id and again.status is REGISTERED
    assert workshop.registered_count == 1


def test_cancel_promotes_the_first_waitlisted_and_tells_them(client, login, city):
    workshop = create_workshop(city=city, capacity=2)
    a, b, c, d = (person(city, n) for n in ("Anna", "Bruno", "Carla", "Dario"))
    for someone in (a, b, c, d):
        registrations.register_for_workshop(someone, workshop)
    login(a)
    assert client.post(f"/workshops/{workshop.id}/unregister").status_code == 302
    assert statuses(workshop) == {a.id: "cancelled", b.id: "registered", c.id: "registered", d.id: "waitlisted"}
    assert notifications(c) == ["workshop.promoted"]
    assert notifications(d) == []
    note = db.session.scalar(sa.select(Notification).where(Notification.user_id == c.id))
    assert note.url == f"/workshops/{workshop.id}"
    # Coming back after cancelling: the end of the waitlist.
    login(a)
    client.post(f"/workshops/{workshop.id}/register")
    registration = db.session.scalar(
        sa.select(Registration).where(Registration.workshop_id == workshop.id, Registration.user_id == a.id)
    )
    assert registration.status is WAITLISTED and common.waitlist_position(registration) == 2


def test_more_places_promote_the_waitlist(city):
    workshop = create_workshop(city=city, capacity=1)
    facilitator = workshop.created_by
    first, second = person(city, "Uno"), person(city, "Due")
    registrations.register_for_workshop(first, workshop)
    registrations.register_for_workshop(second, workshop)
    services.update_workshop(
        facilitator,
        workshop,
        title=workshop.title,
        mode="in_person",
        place=workshop.place,
        starts_at=workshop.starts_at,
        ends_at=workshop.ends_at,
        capacity=2,
        agenda=[{"name": "Idee", "kind": "brainstorm", "minutes": 20}],
    )
    assert statuses(workshop)[second.id] == "registered"
    assert notifications(second) == ["workshop.promoted"]


def test_concurrent_registrations_never_exceed_capacity(app, city):
    """Twelve people press "register" at the same moment for four places."""
    workshop = create_workshop(city=city, capacity=4)
    ids = [person(city, f"Concorrente {i}").id for i in range(12)]
    workshop_id = workshop.id
    barrier = threading.Barrier(len(ids))
    errors: list[BaseException] = []

    def press(user_id: int) -> None:
        with app.test_request_context("/"):
            try:
                user, target = db.session.get(User, user_id), db.session.get(Workshop, workshop_id)
                barrier.wait(timeout=10)
                registrations.register_for_workshop(user, target)
            except BaseException as error:  # reported below
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=press, args=(i,)) for i in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    db.session.expire_all()
    values = list(statuses(workshop).values())
    assert values.count("registered") == 4
    assert values.count("waitlisted") == 8
    refreshed = db.session.get(Workshop, workshop_id)
    assert (refreshed.registered_count, refreshed.waitlist_count) == (4, 8)


def test_concurrent_cancellations_promote_each_waitlisted_once(app, city):
    workshop = create_workshop(city=city, capacity=3)
    people = [person(city, f"P{i}") for i in range(6)]
    for someone in people:
        registrations.register_for_workshop(someone, workshop)
    leaving = [p.id for p in people[:3]]
    barrier = threading.Barrier(len(leaving))
    errors: list[BaseException] = []

    def leave(user_id: int) -> None:
        with app.test_request_context("/"):
            try:
                user, target = db.session.get(User, user_id), db.session.get(Workshop, workshop.id)
                barrier.wait(timeout=10)
                registrations.cancel_registration(user, target)
            except BaseException as error:
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=leave, args=(i,)) for i in leaving]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    db.session.expire_all()
    assert [statuses(workshop)[p.id] for p in people[3:]] == ["registered"] * 3
    assert all(notifications(p) == ["workshop.promoted"] for p in people[3:])


def test_places_left_reach_open_pages_live(client, login, live, city):
    workshop = create_workshop(city=city, capacity=3)
    watcher = live()
    assert watcher.emit("subscribe", {"topic": f"workshop:{workshop.id}"})["ok"]
    login(person(city, "Gino"))
    client.post(f"/workshops/{workshop.id}/register")
    pushed = {e["name"]: e["value"] for e in watcher.wait_for("counter:changed", count=3)}
    assert pushed["registrations"] == 1 and pushed["places_left"] == 2
    page = client.get(f"/workshops/{workshop.id}").text
    assert f'data-live-counter="workshop:{workshop.id} places_left">2<' in page


def test_invite_only_workshops_have_no_public_topic(live, city):
    hidden = create_workshop(city=city, public=False)
    watcher = live()
    assert watcher.emit("subscribe", {"topic": f"workshop:{hidden.id}"})["error"]["code"] == "not_found"
    for key in ("0", "9" * 60, "abc"):
        assert watcher.emit("subscribe", {"topic": f"workshop:{key}"})["error"]["code"] == "not_found"


def test_invitation_accepted_registers_or_waitlists(client, login, city):
    workshop = create_workshop(city=city, capacity=1, public=False)
    facilitator = workshop.created_by
    first = factories.create_user(city=city, email="prima@example.org")
    second = factories.create_user(city=city, email="seconda@example.org")
    login(facilitator)
    response = client.post(
        f"/workshops/{workshop.id}/invitations", data={"emails": "prima@example.org\nSeconda@example.org, x@nowhere"}
    )
    assert response.status_code == 302
    page = client.get(f"/workshops/{workshop.id}/people").text
    assert "prima@example.org" in page
    assert statuses(workshop) == {first.id: "invited", second.id: "invited"}
    assert notifications(first) == ["workshop.invited"]
    for invitee, expected in ((first, "registered"), (second, "waitlisted")):
        login(invitee)
        detail = client.get(f"/workshops/{workshop.id}")
        assert (detail.status_code == 200 and "Accept the invitation" in detail.text) or "Accetta" in detail.text
        client.post(f"/workshops/{workshop.id}/register")
        assert statuses(workshop)[invitee.id] == expected


def test_declining_an_invitation(client, login, city):
    workshop = create_workshop(city=city, public=False)
    invitee = factories.create_user(city=city)
    register(workshop, invitee, status="invited")
    login(invitee)
    client.post(f"/workshops/{workshop.id}/unregister")
    assert statuses(workshop)[invitee.id] == "cancelled"


def test_only_managers_invite_and_check_attendance(client, login, city):
    workshop = create_workshop(city=city)
    resident = factories.create_user(city=city)
    register(workshop, resident)
    login(resident)
    assert client.get(f"/workshops/{workshop.id}/people").status_code == 403
    assert client.post(f"/workshops/{workshop.id}/invitations", data={"emails": "a@b.it"}).status_code == 403
    assert client.post(f"/workshops/{workshop.id}/attendance", data={"present": [resident.id]}).status_code == 403
    assert db.session.scalar(sa.select(Registration.attended).where(Registration.user_id == resident.id)) is None


def test_facilitator_checks_attendance(client, login, city):
    workshop = create_workshop(city=city, status=WorkshopStatus.LIVE)
    came, absent = person(city, "Venuta"), person(city, "Assente")
    register(workshop, came)
    register(workshop, absent)
    co = factories.create_user(role=Role.FACILITATOR, city=city)
    workshop.facilitators.append(co)
    db.session.commit()
    login(co)  # a co-facilitator may do it too
    page = client.get(f"/workshops/{workshop.id}/people")
    assert page.status_code == 200 and "Venuta" in page.text
    response = client.post(f"/workshops/{workshop.id}/attendance", data={"present": [str(came.id), "x", "999999"]})
    assert response.status_code == 302
    attended = dict(
        db.session.execute(
            sa.select(Registration.user_id, Registration.attended).where(Registration.workshop_id == workshop.id)
        ).all()
    )
    assert attended == {came.id: True, absent.id: False}


def test_closed_workshops_take_no_registrations(client, login, city):
    workshop = create_workshop(city=city, status="closed")
    login(person(city, "Tardi"))
    client.post(f"/workshops/{workshop.id}/register")
    assert statuses(workshop) == {}


def test_the_data_export_covers_workshops(client, login, city):
    workshop = create_workshop(city=city, title="Laboratorio esportato")
    someone = factories.create_user(city=city)
    register(workshop, someone, attended=True)
    login(someone)
    data = json.loads(client.get("/profile/export.json").data)
    assert data["workshops"]["registrations"] == [
        {
            "workshop_id": workshop.id,
            "workshop": "Laboratorio esportato",
            "status": "registered",
            "attended": True,
            "created_at": data["workshops"]["registrations"][0]["created_at"],
        }
    ]
