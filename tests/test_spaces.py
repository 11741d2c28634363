"""Spaces: the registry (who may create and edit, validation, area from the point, filters)
and bookings (no double booking, touching slots, who may book and cancel), through the
services and the pages."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from app.errors import InvalidInput, PermissionDenied
from app.models import AuditEntry, Booking, Fund, MemberRole, Role, Space, SpaceKind
from app.spaces import services
from tests import factories
from tests.factories import ideas as fi
from tests.factories import needs as fn
from tests.factories import organisations as fo
from tests.factories import spaces as fs
from tests.xss import PAYLOADS, assert_no_xss


def _week_of(moment: datetime) -> int:
    """The ``week`` offset of the space page that shows ``moment``."""
    tz = ZoneInfo("Europe/Rome")
    today = datetime.now(tz).date()
    monday = today - timedelta(days=today.weekday())
    return (moment.astimezone(tz).date() - monday).days // 7


def _future(days=3, hour=10) -> datetime:
    day = (datetime.now(UTC) + timedelta(days=days)).date()
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


@pytest.fixture(autouse=True)
def request_context(app):
    """Services translate their messages; outside a request the foundation's locale selector
    needs one (see the report), so service tests run inside a test request."""
    with app.test_request_context("/"):
        yield


@pytest.fixture
def staff(city):
    return factories.create_user(role=Role.STAFF, city=city, name="Anna Staff", locale="en")


@pytest.fixture
def facilitator(city):
    return factories.create_user(role=Role.FACILITATOR, city=city, name="Chiara Facilitatrice", locale="en")


def _data(**changes) -> dict:
    data = {
        "name": "Ex Mercato coperto di Japigia",
        "kind": "physical",
        "address": "Via Caldarola 1, Bari",
        "capacity": "80",
        "accessible": True,
        "accessibility_notes": "Rampa all'ingresso principale",
        "facilities": ["wifi", "kitchen"],
        "availability": "lun-ven 9-20",
        "recovered_with": "fesr",
        "owner": "city",
    }
    data.update(changes)
    return data


# --- registry ---------------------------------------------------------------------------------


def test_staff_registers_a_space_and_the_area_comes_from_the_point(city, staff, db):
    japigia = fn.create_area(city, name="Japigia", lat=41.10, lng=16.90)
    space = services.create_space(staff, city, _data(lat="41.101", lng="16.902", area_id=""))
    assert (space.area_id, space.owned_by_city, space.recovered_with) == (japigia.id, True, Fund.FESR)
    assert space.facilities == ["wifi", "kitchen"]
    assert db.session.scalar(sa.select(AuditEntry.action).where(AuditEntry.target_id == space.id)) == "space.create"


def test_a_need_and_a_space_at_the_same_point_land_in_the_same_area(city, staff):
    """Overlapping areas: the one read (``areas.geometry.locate``) picks the smallest for both."""
    from app.needs import services as needs

    fn.create_area(city, name="Municipio II", lat=41.10, lng=16.90, half=0.05)
    japigia = fn.create_area(city, name="Japigia", lat=41.10, lng=16.90, half=0.01)
    space = services.create_space(staff, city, _data(lat="41.101", lng="16.902"))
    need = needs.post_need(
        staff,
        city,
        title="Panchine rotte",
        body="Le panchine del parco sono rotte",
        category="other",
        lat=41.101,
        lng=16.902,
    )
    assert space.area_id == need.area_id == japigia.id


def test_without_a_point_the_chosen_area_is_kept(city, staff):
    area = fn.create_area(city, name="San Paolo")
    space = services.create_space(staff, city, _data(area_id=str(area.id)))
    assert space.area_id == area.id and space.lat is None


def test_a_point_outside_every_area_keeps_the_chosen_area(city, staff):
    area = fn.create_area(city, lat=41.10, lng=16.90)
    space = services.create_space(staff, city, _data(lat="45.0", lng="7.6", area_id=str(area.id)))
    assert space.area_id == area.id


def test_an_area_of_another_city_is_refused(city, other_city, staff):
    elsewhere = fn.create_area(other_city)
    with pytest.raises(InvalidInput) as error:
        services.create_space(staff, city, _data(area_id=str(elsewhere.id)))
    assert "area_id" in error.value.fields


def test_virtual_space_needs_a_web_link_and_has_no_address_or_point(city, staff):
    with pytest.raises(InvalidInput) as error:
        services.create_space(staff, city, _data(kind="virtual", link="javascript:alert(1)"))
    assert "link" in error.value.fields
    space = services.create_space(
        staff, city, _data(name="Sala Teams", kind="virtual", link="https://teams.example.org/sala", lat="41", lng="16")
    )
    assert (space.kind, space.address, space.lat) == (SpaceKind.VIRTUAL, "", None)


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"name": ""}, "name"),
        ({"address": ""}, "address"),
        ({"capacity": "-3"}, "capacity"),
        ({"lat": "91", "lng": "16"}, "lat"),
        ({"lat": "41.1", "lng": ""}, "lng"),
        ({"facilities": ["jacuzzi"]}, "facilities"),
        ({"recovered_with": "pnrr"}, "recovered_with"),
        ({"owner": "org:999999"}, "owner"),
        ({"name": "x" * 201}, "name"),
    ],
)
def test_bad_space_data_is_refused_field_by_field(city, staff, db, changes, field):
    with pytest.raises(InvalidInput) as error:
        services.create_space(staff, city, _data(**changes))
    assert field in error.value.fields
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Space)) == 0


@pytest.mark.parametrize(
    "changes, field",
    [({"area_id": 2**63}, "area_id"), ({"capacity": "9" * 30}, "capacity"), ({"lat": "1e400", "lng": "16"}, "lat")],
)
def test_numbers_beyond_the_databases_are_refused_not_overflowed(city, staff, changes, field):
    with pytest.raises(InvalidInput) as error:
        services.create_space(staff, city, _data(**changes))
    assert field in error.value.fields


def test_the_space_schema_refuses_unknown_fields(city, staff):
    with pytest.raises(InvalidInput) as error:
        services.create_space(staff, city, _data(owned_by_city=True))
    assert "owned_by_city" in error.value.fields


def test_organisation_owner_registers_a_space_of_their_organisation_only(city, resident):
    org = fo.create_organisation(city, owner=resident)
    other = fo.create_organisation(city)
    space = services.create_space(resident, city, _data(owner=f"org:{org.id}"))
    assert space.owner_organisation_id == org.id and not space.owned_by_city
    with pytest.raises(InvalidInput):
        services.create_space(resident, city, _data(owner="city"))
    with pytest.raises(InvalidInput):
        services.create_space(resident, city, _data(owner=f"org:{other.id}"))


def test_residents_and_plain_members_cannot_register_spaces(city, resident):
    member = factories.create_user(city=city)
    fo.create_organisation(city, members=[member])
    for person in (resident, member):
        with pytest.raises(PermissionDenied):
            services.create_space(person, city, _data())


def test_staff_of_another_city_cannot_edit(city, other_city, db):
    space = fs.create_space(city, name="Casa di quartiere")
    outsider = factories.create_user(role=Role.STAFF, city=other_city)
    with pytest.raises(PermissionDenied):
        services.update_space(outsider, space, _data(name="Rubato"))
    db.session.refresh(space)
    assert space.name == "Casa di quartiere"


def test_owner_of_the_organisation_edits_and_the_change_is_audited(city, resident, db):
    org = fo.create_organisation(city, owner=resident)
    space = fs.create_space(city, owner_org=org)
    services.update_space(resident, space, _data(name="Nuovo nome", owner=f"org:{org.id}"))
    assert space.name == "Nuovo nome"
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "space.update"))
    assert "name" in entry.data["fields"]


# --- bookings -----------------------------------------------------------------------------------


def test_double_booking_is_refused_with_a_clear_message_and_touching_slots_are_fine(city, staff, db):
    space = fs.create_space(city)
    start = _future()
    services.book_space(staff, space, start, start + timedelta(hours=2), purpose="Coro")
    with pytest.raises(InvalidInput) as error:
        services.book_space(staff, space, start + timedelta(hours=1), start + timedelta(hours=3))
    assert "space" in error.value.fields
    # Half-open intervals: [10, 12) and [12, 13) touch, [9, 10) too.
    services.book_space(staff, space, start + timedelta(hours=2), start + timedelta(hours=3))
    services.book_space(staff, space, start - timedelta(hours=1), start)
    # Containing and contained slots overlap.
    for a, b in ((-1, 4), (0, 1), (0, 2)):
        with pytest.raises(InvalidInput):
            services.book_space(staff, space, start + timedelta(hours=a), start + timedelta(hours=b))
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Booking)) == 3


def test_other_spaces_and_cancelled_bookings_do_not_block(city, staff):
    space, other = fs.create_space(city), fs.create_space(city)
    start = _future()
    first = services.book_space(staff, space, start, start + timedelta(hours=2))
    services.book_space(staff, other, start, start + timedelta(hours=2))
    services.cancel_booking(staff, first)
    again = services.book_space(staff, space, start, start + timedelta(hours=2))
    assert again.id != first.id


@pytest.mark.parametrize(
    "start_offset, hours, field",
    [(0, 0, "ends_at"), (0, -1, "ends_at"), (0, 25, "ends_at"), (-4 * 24, 2, "starts_at")],
)
def test_bad_slots_are_refused(city, staff, start_offset, hours, field):
    space = fs.create_space(city)
    start = _future() + timedelta(hours=start_offset)
    with pytest.raises(InvalidInput) as error:
        services.book_space(staff, space, start, start + timedelta(hours=hours))
    assert field in error.value.fields


def test_naive_times_are_refused(city, staff):
    space = fs.create_space(city)
    with pytest.raises(InvalidInput):
        services.book_space(staff, space, datetime(2031, 1, 1, 10), datetime(2031, 1, 1, 12))


def test_who_may_book(city, other_city, staff, facilitator, resident):
    owner, member = factories.create_user(city=city), factories.create_user(city=city)
    org = fo.create_organisation(city, owner=owner, members=[member])
    space = fs.create_space(city, owner_org=org)
    city_space = fs.create_space(city)
    invited = factories.create_user(city=city)
    from app.models import MemberStatus

    fo.add_member(org, invited, MemberRole.MEMBER, MemberStatus.INVITED)
    outsider_staff = factories.create_user(role=Role.STAFF, city=other_city)
    assert all(space.can_book(u) for u in (staff, facilitator, owner, member))
    assert not any(space.can_book(u) for u in (resident, invited, outsider_staff))
    assert not city_space.can_book(member)  # members book their organisation's spaces only
    start = _future()
    with pytest.raises(PermissionDenied):
        services.book_space(resident, space, start, start + timedelta(hours=1))


def test_cancel_own_booking_only(city, staff, facilitator, db):
    space = fs.create_space(city)
    start = _future()
    booking = services.book_space(facilitator, space, start, start + timedelta(hours=1))
    other_facilitator = factories.create_user(role=Role.FACILITATOR, city=city)
    with pytest.raises(PermissionDenied):
        services.cancel_booking(other_facilitator, booking)
    services.cancel_booking(facilitator, booking)
    assert booking.cancelled_at is not None


def test_staff_cancelling_someone_elses_booking_is_audited(city, staff, facilitator, db):
    space = fs.create_space(city)
    start = _future()
    booking = services.book_space(facilitator, space, start, start + timedelta(hours=1))
    services.cancel_booking(staff, booking)
    assert db.session.scalar(sa.select(AuditEntry.action).where(AuditEntry.action == "booking.cancel"))


def test_booking_inside_a_callers_transaction(city, staff, db):
    """The workshops feature books with commit=False and commits itself."""
    space = fs.create_space(city)
    start = _future()
    booking = services.book_space(staff, space, start, start + timedelta(hours=1), commit=False)
    db.session.rollback()
    assert db.session.get(Booking, booking.id) is None
    services.book_space(staff, space, start, start + timedelta(hours=1), commit=False)
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Booking)) == 1


# --- pages ------------------------------------------------------------------------------------


def test_public_list_filters_by_area_kind_accessibility_facility_and_fund(client, city):
    area = fn.create_area(city, name="Japigia", slug="japigia")
    fs.create_space(
        city,
        name="Ex Mercato",
        area_id=area.id,
        recovered_with=Fund.FESR,
        accessible=True,
        facilities=["wifi", "kitchen"],
    )
    fs.create_space(city, name="Sala Teams", kind=SpaceKind.VIRTUAL, address="", link="https://teams.example.org")
    fs.create_space(city, name="Biblioteca", facilities=["computers"])

    def names(query=""):
        html = client.get(f"/c/{city.slug}/spaces{query}").get_data(as_text=True)
        return {n for n in ("Ex Mercato", "Sala Teams", "Biblioteca") if n in html}

    assert names() == {"Ex Mercato", "Sala Teams", "Biblioteca"}
    assert names("?area=japigia") == {"Ex Mercato"}
    assert names("?kind=virtual") == {"Sala Teams"}
    assert names("?accessible=1") == {"Ex Mercato"}
    assert names("?facility=computers") == {"Biblioteca"}
    assert names("?fund=fesr") == {"Ex Mercato"}
    assert names("?facility=<script>&fund=nope&kind=x") == {"Ex Mercato", "Sala Teams", "Biblioteca"}
    assert client.get("/c/nowhere/spaces").status_code == 404
    assert client.get("/spaces").status_code == 200


def test_a_page_number_beyond_the_databases_integers_is_an_empty_page(client, login, city, staff):
    fs.create_space(city, name="Casa di quartiere")
    response = client.get(f"/c/{city.slug}/spaces?page={10**30}")
    assert response.status_code == 200 and "Casa di quartiere" not in response.get_data(as_text=True)
    login(staff)
    assert client.get(f"/c/{city.slug}/accompaniment?page={10**30}").status_code == 200
    assert client.get(f"/accompaniment/mine?page={10**30}").status_code == 200
    login(factories.create_user(role=Role.FACILITATOR, city=city))
    assert client.get(f"/c/{city.slug}/accompaniment/new?organisation={10**30}").status_code == 200


def test_space_page_shows_the_week_and_the_booking_form_to_who_may_book(client, login, city, staff, resident):
    space = fs.create_space(city, name="Casa di quartiere")
    start = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(hours=2)
    fs.create_booking(space, staff, starts_at=start, purpose="Prove del coro")
    html = client.get(f"/spaces/{space.id}?week={_week_of(start)}").get_data(as_text=True)
    assert "Prove del coro" in html and f'action="/spaces/{space.id}/bookings"' not in html
    login(resident)
    assert f'action="/spaces/{space.id}/bookings"' not in client.get(f"/spaces/{space.id}").get_data(as_text=True)
    login(staff)
    html = client.get(f"/spaces/{space.id}").get_data(as_text=True)
    assert f'action="/spaces/{space.id}/bookings"' in html and "Anna Staff" in html
    assert client.get(f"/spaces/{space.id}?week=5").status_code == 200
    assert client.get(f"/spaces/{space.id}?week=abc").status_code == 200


def _form_slot(days=4, start="10:00", end="12:00", purpose="Assemblea"):
    day = (datetime.now(UTC) + timedelta(days=days)).date().isoformat()
    return {"day": day, "start": start, "end": end, "purpose": purpose}


def test_booking_through_the_page_and_a_double_booking_gets_a_clear_message(client, login, city, staff, db):
    space = fs.create_space(city)
    login(staff)
    response = client.post(f"/spaces/{space.id}/bookings", data=_form_slot())
    assert response.status_code == 302
    booking = db.session.scalar(sa.select(Booking))
    local = booking.starts_at.astimezone(ZoneInfo("Europe/Rome"))
    assert (local.hour, local.minute, booking.ends_at - booking.starts_at) == (10, 0, timedelta(hours=2))
    assert "10:00" in client.get(f"/spaces/{space.id}?week={_week_of(booking.starts_at)}").get_data(as_text=True)
    response = client.post(f"/spaces/{space.id}/bookings", data=_form_slot(start="11:00", end="13:00"))
    assert response.status_code == 422
    assert "already booked" in response.get_data(as_text=True)
    assert client.post(f"/spaces/{space.id}/bookings", data=_form_slot(start="12:00", end="13:00")).status_code == 302
    assert client.post(f"/spaces/{space.id}/bookings", data=_form_slot(start="14:00", end="13:00")).status_code == 422
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Booking)) == 2


def test_the_refusal_is_in_italian_by_default(client, login, city, db):
    italian = factories.create_user(role=Role.STAFF, city=city)
    space = fs.create_space(city)
    fs.create_booking(space, italian, starts_at=_future(days=4, hour=8), hours=4)
    login(italian)
    response = client.post(f"/spaces/{space.id}/bookings", data=_form_slot())
    assert response.status_code == 422 and "già prenotato" in response.get_data(as_text=True)


def test_resident_cannot_book_or_cancel(client, login, city, staff, resident, db):
    space = fs.create_space(city)
    booking = fs.create_booking(space, staff)
    login(resident)
    assert client.post(f"/spaces/{space.id}/bookings", data=_form_slot()).status_code == 403
    assert client.post(f"/bookings/{booking.id}/cancel").status_code == 403
    db.session.refresh(booking)
    assert booking.cancelled_at is None
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Booking)) == 1


def test_cancel_from_the_page(client, login, city, facilitator, db):
    space = fs.create_space(city)
    booking = fs.create_booking(space, facilitator)
    login(facilitator)
    assert client.post(f"/bookings/{booking.id}/cancel").status_code == 302
    db.session.refresh(booking)
    assert booking.cancelled_at is not None


def test_non_owner_cannot_edit_a_space_and_nothing_changes(client, login, city, resident, db):
    org = fo.create_organisation(city, members=[resident])  # a member, not an owner
    space = fs.create_space(city, name="Casa di quartiere", owner_org=org)
    login(resident)
    assert client.get(f"/spaces/{space.id}/edit").status_code == 403
    assert client.post(f"/spaces/{space.id}/edit", data=_data(name="Rubato")).status_code == 403
    db.session.refresh(space)
    assert space.name == "Casa di quartiere"
    assert client.get(f"/c/{city.slug}/spaces/new").status_code == 403


def test_staff_creates_and_edits_through_the_pages(client, login, city, staff, db):
    login(staff)
    assert client.get(f"/c/{city.slug}/spaces/new").status_code == 200
    response = client.post(f"/c/{city.slug}/spaces/new", data=_data(capacity="40"))
    assert response.status_code == 302
    space = db.session.scalar(sa.select(Space))
    assert client.get(f"/spaces/{space.id}/edit").status_code == 200
    response = client.post(f"/spaces/{space.id}/edit", data=_data(name="Hub di comunità", capacity="50"))
    assert response.status_code == 302
    db.session.refresh(space)
    assert (space.name, space.capacity) == ("Hub di comunità", 50)
    response = client.post(f"/spaces/{space.id}/edit", data=_data(name="", capacity="abc"))
    assert response.status_code == 422
    db.session.refresh(space)
    assert space.name == "Hub di comunità"


def test_idea_author_says_which_space_the_idea_needs(client, login, city, resident, db):
    idea = fi.create_idea(city, resident)
    space = fs.create_space(city, name="Biblioteca di comunità")
    login(resident)
    response = client.post(
        f"/ideas/{idea.id}/space?next=/somewhere", data={"space_id": str(space.id), "space_needed": "Sala per 30"}
    )
    assert response.status_code == 302 and response.headers["Location"].endswith("/somewhere")
    db.session.refresh(idea)
    assert (idea.space_id, idea.space_needed) == (space.id, "Sala per 30")
    stranger = factories.create_user(city=city)
    login(stranger)
    assert client.post(f"/ideas/{idea.id}/space", data={"space_id": ""}).status_code == 403
    db.session.refresh(idea)
    assert idea.space_id == space.id


def test_idea_space_of_another_city_is_refused(city, other_city, resident):
    idea = fi.create_idea(city, resident)
    with pytest.raises(InvalidInput):
        services.set_idea_space(resident, idea, fs.create_space(other_city))


def test_the_idea_partial_renders_for_author_and_visitor(app, city, resident):
    from flask import render_template
    from flask_login import login_user

    idea = fi.create_idea(city, resident)
    space = fs.create_space(city, name="Ex scuola")
    idea.space_id, idea.space_needed = space.id, "Una cucina"
    with app.test_request_context("/ideas/x"):
        html = render_template("spaces/_space_for_idea.html", idea=idea)
        assert "Ex scuola" in html and "Una cucina" in html and "<form" not in html
        login_user(resident)
        assert "<form" in render_template("spaces/_space_for_idea.html", idea=idea)


# --- XSS ----------------------------------------------------------------------------------------


def test_xss_payloads_in_every_space_field_stay_text(client, login, city, staff, db):
    org = fo.create_organisation(city, owner=staff, name=PAYLOADS[0][:200])
    idea = fi.create_idea(city, staff, title="Idea")
    for n, payload in enumerate(PAYLOADS):
        space = services.create_space(
            staff,
            city,
            _data(
                name=f"{n} {payload}"[:200],
                address=payload[:300],
                accessibility_notes=payload[:500],
                availability=payload[:300],
                owner=f"org:{org.id}",
            ),
        )
        start = _future(days=5 + n)
        services.book_space(staff, space, start, start + timedelta(hours=1), purpose=payload[:300])
        services.set_idea_space(staff, idea, space, space_needed=payload[:300])
        login(staff)
        week_page = client.get(f"/spaces/{space.id}?week={_week_of(start)}").get_data(as_text=True)
        assert "data-booking=" in week_page  # the purpose is on the page
        assert_no_xss(week_page)
        for url in (f"/spaces/{space.id}", f"/spaces/{space.id}/edit", f"/c/{city.slug}/spaces"):
            assert_no_xss(client.get(url).get_data(as_text=True))
        from flask import render_template
        from flask_login import login_user

        with client.application.test_request_context("/"):
            login_user(staff)
            assert_no_xss(render_template("spaces/_space_for_idea.html", idea=idea))
