"""Scheduling workshops: who may, what is checked, times in Italian time, editing while
scheduled, invite-only workshops hidden from the public, the city calendar."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from app.errors import InvalidInput, PermissionDenied
from app.extensions import db
from app.models import Booking, Role, Workshop
from app.models.base import utcnow
from app.models.workshop import WorkshopStatus
from app.workshops import services
from tests import factories
from tests.factories.ideas import create_idea
from tests.factories.needs import create_need
from tests.factories.spaces import create_space
from tests.factories.workshops import create_workshop, register

pytestmark = pytest.mark.usefixtures("in_request")

ROME = ZoneInfo("Europe/Rome")


def _future(days=10, hour=17):
    day = (datetime.now(ROME) + timedelta(days=days)).date()
    return datetime(day.year, day.month, day.day, hour, 30)  # naive: Italian wall clock


def form_data(**overrides):
    start = _future()
    data = {
        "title": "Laboratorio: spazi per i giovani a Japigia",
        "goal": "Capire insieme quali spazi servono ai ragazzi del quartiere.",
        "mode": "in_person",
        "place": "Biblioteca di Japigia, via Caldarola 2",
        "link": "",
        "space": "0",
        "area": "0",
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "capacity": "20",
        "visibility": "public",
        "vote_budget": "5",
        "co_facilitators": "",
        "agenda-0-name": "Rompighiaccio",
        "agenda-0-kind": "discuss",
        "agenda-0-minutes": "10",
        "agenda-1-name": "Idee libere",
        "agenda-1-kind": "brainstorm",
        "agenda-1-minutes": "25",
        "agenda-2-name": "",
        "agenda-2-kind": "brainstorm",
        "agenda-2-minutes": "",
        "agenda-5-name": "Votiamo",
        "agenda-5-kind": "vote",
        "agenda-5-minutes": "15",
    }
    data.update(overrides)
    return data


@pytest.fixture
def facilitator(city):
    return factories.create_user(role=Role.FACILITATOR, city=city, name="Chiara Facilitatrice")


def test_facilitator_schedules_a_workshop_with_agenda_in_italian_time(client, login, city, facilitator):
    need = create_need(city)
    idea = create_idea(city, needs=[need])
    co = factories.create_user(role=Role.FACILITATOR, city=city, email="co@example.org")
    login(facilitator)
    assert client.get(f"/c/{city.slug}/workshops/new").status_code == 200
    response = client.post(
        f"/c/{city.slug}/workshops/new",
        data={**form_data(co_facilitators="CO@example.org"), "need_ids": [str(need.id)], "idea_ids": [str(idea.id)]},
    )
    assert response.status_code == 302, response.text
    workshop = db.session.scalar(sa.select(Workshop))
    assert response.headers["Location"].endswith(f"/workshops/{workshop.id}")
    assert [(p.name, p.kind.value, p.minutes) for p in workshop.agenda] == [
        ("Rompighiaccio", "discuss", 10),
        ("Idee libere", "brainstorm", 25),
        ("Votiamo", "vote", 15),
    ]
    local = _future()
    assert workshop.starts_at == local.replace(tzinfo=ROME).astimezone(UTC)
    assert workshop.status is WorkshopStatus.SCHEDULED
    assert [n.id for n in workshop.needs] == [need.id] and [i.id for i in workshop.ideas] == [idea.id]
    assert [u.id for u in workshop.facilitators] == [co.id]
    page = client.get(f"/workshops/{workshop.id}").text
    assert "Laboratorio: spazi per i giovani a Japigia" in page
    assert "17:30" in page  # shown in Italian time, as typed
    assert "Idee libere" in page and need.title in page


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"title": ""}, "title"),
        ({"mode": "in_person", "place": ""}, "place"),
        ({"mode": "online", "link": ""}, "link"),
        ({"mode": "hybrid", "link": "javascript:alert(1)"}, "link"),
        ({"ends_at": _future(hour=9).strftime("%Y-%m-%dT%H:%M")}, "ends_at"),
        ({"capacity": "0"}, "capacity"),
        ({"agenda-0-minutes": "0"}, "agenda"),
        ({"agenda-1-name": "", "agenda-1-minutes": "20"}, "agenda"),
        ({"co_facilitators": "nobody@example.org"}, "co_facilitators"),
    ],
)
def test_bad_input_is_refused_on_its_field(client, login, city, facilitator, overrides, field):
    login(facilitator)
    response = client.post(f"/c/{city.slug}/workshops/new", data=form_data(**overrides))
    assert response.status_code == 422
    error = "agenda-errors" if field == "agenda" else f"{field}-error"
    assert f'id="{error}"' in response.text  # the message sits by its field
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Workshop)) == 0


def test_past_times_are_refused(city, facilitator):
    with pytest.raises(InvalidInput) as error:
        services.create_workshop(
            facilitator,
            city=city,
            title="Laboratorio passato",
            mode="online",
            link="https://meet.example.org/x",
            starts_at=utcnow() - timedelta(days=2),
            ends_at=utcnow() - timedelta(days=2, hours=-1),
            capacity=10,
        )
    assert "starts_at" in error.value.fields


def test_only_facilitators_and_staff_of_the_city_schedule(client, login, city, other_city):
    resident = factories.create_user(city=city)
    elsewhere = factories.create_user(role=Role.FACILITATOR, city=other_city)
    staff = factories.create_user(role=Role.STAFF, city=city)
    for person, status in ((resident, 403), (elsewhere, 403), (staff, 302)):
        login(person)
        assert client.post(f"/c/{city.slug}/workshops/new", data=form_data()).status_code == status
    with pytest.raises(PermissionDenied):
        services.create_workshop(resident, city=city, title="x")


def test_choosing_a_space_books_it_and_a_double_booking_is_refused(client, login, city, facilitator):
    space = create_space(city, name="Casa di quartiere")
    login(facilitator)
    response = client.post(f"/c/{city.slug}/workshops/new", data=form_data(space=str(space.id), place=""))
    assert response.status_code == 302
    workshop = db.session.scalar(sa.select(Workshop))
    assert workshop.space_id == space.id and "Casa di quartiere" in workshop.place
    booking = db.session.scalar(sa.select(Booking).where(Booking.workshop_id == workshop.id))
    assert booking.space_id == space.id and booking.starts_at == workshop.starts_at
    again = client.post(f"/c/{city.slug}/workshops/new", data=form_data(space=str(space.id), title="Altro laboratorio"))
    assert again.status_code == 422
    assert 'id="space-error"' in again.text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Workshop)) == 1


def test_edit_while_scheduled_only(client, login, city, facilitator):
    workshop = create_workshop(city=city, facilitator=facilitator, capacity=5)
    login(facilitator)
    page = client.get(f"/workshops/{workshop.id}/edit")
    assert page.status_code == 200 and workshop.title in page.text
    response = client.post(f"/workshops/{workshop.id}/edit", data=form_data(title="Titolo nuovo", capacity="8"))
    assert response.status_code == 302
    db.session.refresh(workshop)
    assert workshop.title == "Titolo nuovo" and workshop.capacity == 8 and len(workshop.agenda) == 3
    workshop.status = WorkshopStatus.LIVE
    db.session.commit()
    response = client.post(f"/workshops/{workshop.id}/edit", data=form_data(title="Troppo tardi"))
    assert response.status_code == 302
    db.session.refresh(workshop)
    assert workshop.title == "Titolo nuovo"


def test_other_people_cannot_edit(client, login, city, facilitator):
    workshop = create_workshop(city=city, facilitator=facilitator)
    other = factories.create_user(role=Role.FACILITATOR, city=city)
    login(other)
    assert client.get(f"/workshops/{workshop.id}/edit").status_code == 403
    assert client.post(f"/workshops/{workshop.id}/edit", data=form_data(title="Mio")).status_code == 403
    staff = factories.create_user(role=Role.STAFF, city=city)
    login(staff)
    assert client.get(f"/workshops/{workshop.id}/edit").status_code == 200


def test_fewer_places_than_people_registered_is_refused(city, facilitator):
    workshop = create_workshop(city=city, facilitator=facilitator, capacity=3)
    for _ in range(3):
        register(workshop, factories.create_user(city=city))
    values = {
        "title": workshop.title,
        "mode": "in_person",
        "place": "Via Roma 1",
        "starts_at": workshop.starts_at,
        "ends_at": workshop.ends_at,
        "capacity": 2,
    }
    with pytest.raises(InvalidInput) as error:
        services.update_workshop(facilitator, workshop, **values)
    assert "capacity" in error.value.fields


def test_invite_only_workshop_is_hidden_from_the_public(client, login, city, facilitator):
    hidden = create_workshop(city=city, facilitator=facilitator, public=False, title="Tavolo riservato")
    shown = create_workshop(city=city, facilitator=facilitator, title="Laboratorio aperto")
    stranger = factories.create_user(city=city)
    invited = factories.create_user(city=city)
    register(hidden, invited, status="invited")
    for who in (None, stranger):
        if who:
            login(who)
        assert client.get(f"/workshops/{hidden.id}").status_code == 404
        assert client.get(f"/workshops/{hidden.id}/minutes").status_code == 404
        assert client.post(f"/workshops/{hidden.id}/register").status_code in (302, 404)
        calendar = client.get(f"/c/{city.slug}/workshops").text
        assert "Laboratorio aperto" in calendar and "Tavolo riservato" not in calendar
        listed = client.get(f"/api/v1/workshops?city={city.slug}").json
        assert [w["id"] for w in listed["items"]] == [shown.id]
        assert client.get(f"/api/v1/workshops/{hidden.id}").status_code == 404
    from app.models.workshop import Registration

    assert db.session.scalar(sa.select(Registration).where(Registration.user_id == stranger.id)) is None
    for who in (invited, facilitator, factories.create_user(role=Role.STAFF, city=city)):
        login(who)
        assert client.get(f"/workshops/{hidden.id}").status_code == 200
        assert "Tavolo riservato" in client.get(f"/c/{city.slug}/workshops").text


def test_calendar_lists_upcoming_and_past_by_month(client, city, facilitator):
    now = utcnow()
    soon = create_workshop(city=city, facilitator=facilitator, title="Prossimo", starts_at=now + timedelta(days=3))
    later = create_workshop(
        city=city, facilitator=facilitator, title="Fra due mesi", starts_at=now + timedelta(days=62)
    )
    past = create_workshop(
        city=city, facilitator=facilitator, title="Già fatto", status="closed", starts_at=now - timedelta(days=20)
    )
    upcoming = client.get(f"/c/{city.slug}/workshops").text
    assert upcoming.index("Prossimo") < upcoming.index("Fra due mesi")
    assert "Già fatto" not in upcoming
    assert upcoming.count('<h2 class="h4" id="month-') >= 2  # one heading per month
    previous = client.get(f"/c/{city.slug}/workshops?when=past").text
    assert "Già fatto" in previous and "Prossimo" not in previous
    assert client.get("/workshops").status_code == 200
    assert soon.id and later.id and past.id


def test_cancelled_workshop_tells_the_registered(client, login, city, facilitator):
    from app.models import Notification

    workshop = create_workshop(city=city, facilitator=facilitator)
    person = factories.create_user(city=city)
    register(workshop, person)
    login(facilitator)
    assert client.post(f"/workshops/{workshop.id}/call-off").status_code == 302
    db.session.refresh(workshop)
    assert workshop.status is WorkshopStatus.CANCELLED
    kinds = db.session.scalars(sa.select(Notification.kind).where(Notification.user_id == person.id)).all()
    assert kinds == ["workshop.cancelled"]
