"""``/api/v1/workshops``: lists and details with agenda and counts, scheduling by
facilitators and staff of the city, registration and cancellation."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import Notification, Role, Workshop
from tests import factories
from tests.factories.board import person
from tests.factories.needs import create_need
from tests.factories.workshops import create_workshop, register

ROME = ZoneInfo("Europe/Rome")


def bearer(user) -> dict:
    return {"Authorization": f"Bearer {factories.create_token(user)}"}


def body(place_city, **overrides) -> dict:
    start = datetime.now(ROME).replace(microsecond=0, second=0) + timedelta(days=7)
    data = {
        "city": place_city.slug,
        "title": "Laboratorio: spazi per i giovani a Japigia",
        "goal": "Mettere in fila le idee per gli spazi dei ragazzi.",
        "mode": "hybrid",
        "place": "Biblioteca di Japigia",
        "link": "https://meet.example.org/japigia",
        "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(hours=2)).isoformat(),
        "capacity": 2,
        "public": True,
        "agenda": [
            {"name": "Idee", "kind": "brainstorm", "minutes": 20},
            {"name": "Voto", "kind": "vote", "minutes": 10},
        ],
        "vote_budget": 3,
    }
    data.update(overrides)
    return data


def test_facilitator_schedules_through_the_api(client, city):
    facilitator = person(city, "Chiara", Role.FACILITATOR)
    need = create_need(city, facilitator)
    response = client.post("/api/v1/workshops", json=body(city, need_ids=[need.id]), headers=bearer(facilitator))
    assert response.status_code == 201, response.json
    data = response.json
    assert data["title"] == "Laboratorio: spazi per i giovani a Japigia"
    assert [(p["name"], p["kind"], p["minutes"]) for p in data["agenda"]] == [
        ("Idee", "brainstorm", 20),
        ("Voto", "vote", 10),
    ]
    assert data["need_ids"] == [need.id] and data["status"] == "scheduled"
    assert data["places_left"] == 2 and data["registered"] == 0
    assert data["url"].endswith(f"/workshops/{data['id']}")
    assert data["link"] == "https://meet.example.org/japigia"  # the creator sees the room
    assert data["starts_at"].endswith("+00:00")
    workshop = db.session.get(Workshop, data["id"])
    assert workshop.starts_at == datetime.fromisoformat(body(city)["starts_at"])


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"mode": "online", "link": ""}, "link"),
        ({"ends_at": (datetime.now(ROME) + timedelta(days=1)).isoformat()}, "ends_at"),
        ({"agenda": [{"name": "Idee", "kind": "party", "minutes": 20}]}, "agenda.0.kind"),
        ({"agenda": [{"name": "", "kind": "vote", "minutes": 0}]}, "agenda.0.name"),
        ({"capacity": 0}, "capacity"),
        ({"city": "atlantide"}, "city"),
        ({"need_ids": [999999]}, "need_ids"),
        ({"co_facilitators": ["nessuno@example.org"]}, "co_facilitators"),
        ({"surprise": 1}, "surprise"),
    ],
)
def test_bad_bodies_get_field_errors(client, city, overrides, field):
    facilitator = person(city, "Chiara", Role.FACILITATOR)
    response = client.post("/api/v1/workshops", json=body(city, **overrides), headers=bearer(facilitator))
    assert response.status_code == 422
    assert response.json["error"]["code"] == "invalid"
    assert field in response.json["error"]["fields"], response.json
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Workshop)) == 0


def test_malformed_bodies_never_crash(client, city):
    facilitator = person(city, "Chiara", Role.FACILITATOR)
    for payload in (None, [], "x", {"agenda": "x"}, {**body(city), "starts_at": "ieri"}, {**body(city), "agenda": [1]}):
        response = client.post("/api/v1/workshops", json=payload, headers=bearer(facilitator))
        assert response.status_code in (400, 422), payload


def test_only_facilitators_and_staff_of_the_city_schedule(client, city, other_city):
    assert client.post("/api/v1/workshops", json=body(city)).status_code == 401
    for someone in (person(city, "Residente"), person(other_city, "Altrove", Role.FACILITATOR)):
        assert client.post("/api/v1/workshops", json=body(city), headers=bearer(someone)).status_code == 403
    staff = person(city, "Ufficio", Role.STAFF)
    assert client.post("/api/v1/workshops", json=body(city), headers=bearer(staff)).status_code == 201


def test_list_filters_and_detail(client, city, other_city):
    live = create_workshop(city=city, status="live", title="In corso")
    scheduled = create_workshop(city=city, title="Prossimo")
    create_workshop(city=other_city, title="Altrove")
    create_workshop(city=city, public=False, title="Riservato")
    page = client.get(f"/api/v1/workshops?city={city.slug}").json
    assert {w["title"] for w in page["items"]} == {"In corso", "Prossimo"}
    assert page["total"] == 2 and page["page"] == 1
    only_live = client.get(f"/api/v1/workshops?city={city.slug}&status=live").json
    assert [w["id"] for w in only_live["items"]] == [live.id]
    assert client.get("/api/v1/workshops?status=bogus").status_code == 422
    assert client.get("/api/v1/workshops?city=atlantide").status_code == 422
    register(scheduled, person(city, "Uno"))
    detail = client.get(f"/api/v1/workshops/{scheduled.id}").json
    assert detail["registered"] == 1 and detail["places_left"] == scheduled.capacity - 1
    assert [p["position"] for p in detail["agenda"]] == [0, 1, 2]
    assert detail["my_registration"] is None and detail["link"] is None
    assert client.get("/api/v1/workshops/999999").status_code == 404


def test_register_waitlist_cancel_and_promotion(client, city):
    workshop = create_workshop(city=city, capacity=1)
    first, second = person(city, "Prima"), person(city, "Secondo")
    url = f"/api/v1/workshops/{workshop.id}/registration"
    assert client.post(url).status_code == 401
    answer = client.post(url, headers=bearer(first))
    assert answer.status_code == 200
    assert answer.json["status"] == "registered" and answer.json["places_left"] == 0
    again = client.post(url, headers=bearer(first)).json
    assert again["status"] == "registered"
    waiting = client.post(url, headers=bearer(second)).json
    assert waiting["status"] == "waitlisted" and waiting["waitlist_position"] == 1
    cancelled = client.delete(url, headers=bearer(first)).json
    assert cancelled["status"] == "cancelled"
    assert (
        client.get(f"/api/v1/workshops/{workshop.id}", headers=bearer(second)).json["my_registration"] == "registered"
    )
    kinds = db.session.scalars(sa.select(Notification.kind).where(Notification.user_id == second.id)).all()
    assert kinds == ["workshop.promoted"]


def test_registration_of_hidden_or_closed_workshops(client, city):
    hidden = create_workshop(city=city, public=False)
    closed = create_workshop(city=city, status="closed")
    someone = person(city, "Curiosa")
    assert client.post(f"/api/v1/workshops/{hidden.id}/registration", headers=bearer(someone)).status_code == 404
    response = client.post(f"/api/v1/workshops/{closed.id}/registration", headers=bearer(someone))
    assert response.status_code == 409 and response.json["error"]["code"] == "conflict"
    register(hidden, someone, status="invited")
    accepted = client.post(f"/api/v1/workshops/{hidden.id}/registration", headers=bearer(someone))
    assert accepted.json["status"] == "registered"


def test_every_workshop_endpoint_is_documented(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/workshops"])
    assert "get" in paths["/api/v1/workshops/{workshop_id}"]
    assert {"post", "delete"} <= set(paths["/api/v1/workshops/{workshop_id}/registration"])


def test_need_lineage_lists_the_workshops_that_worked_on_it(client, city):
    need = create_need(city, person(city, "Autrice"))
    public = create_workshop(city=city, needs=[need], title="Aperto a tutti")
    create_workshop(city=city, needs=[need], public=False, title="Riservato")
    response = client.get(f"/api/v1/needs/{need.id}/lineage")
    assert response.status_code == 200
    workshops = response.json["workshops"]
    assert [(w["id"], w["title"], w["relation"]) for w in workshops] == [(public.id, "Aperto a tutti", "worked_on")]
    assert workshops[0]["url"].endswith(f"/workshops/{public.id}")


def test_ids_no_row_can_have_are_not_found(client, city):
    big = "99999999999999999999999"
    facilitator = person(city, "Chiara", Role.FACILITATOR)
    assert client.get(f"/api/v1/workshops/{big}").status_code == 404
    assert client.post(f"/api/v1/workshops/{big}/registration", headers=bearer(facilitator)).status_code == 404
    assert client.get(f"/workshops/{big}").status_code == 404
    assert client.get(f"/workshops/{big}/minutes.pdf").status_code == 404
    for extra in ({"need_ids": [int(big)]}, {"area": int(big)}, {"space": int(big)}):
        response = client.post("/api/v1/workshops", json=body(city, **extra), headers=bearer(facilitator))
        assert response.status_code == 422, extra
