"""``/api/v1/spaces``: the public, paginated registry with filters, one space with its
upcoming bookings, and ``spaces.geojson`` for the city map."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from app.models import Fund, SpaceKind
from tests import factories
from tests.factories import needs as fn
from tests.factories import organisations as fo
from tests.factories import spaces as fs


def test_list_is_public_paginated_and_filtered(client, city, other_city):
    area = fn.create_area(city, name="Japigia", slug="japigia")
    hub = fs.create_space(
        city,
        name="Ex Mercato coperto di Japigia",
        area_id=area.id,
        recovered_with=Fund.FESR,
        accessible=True,
        facilities=["wifi", "kitchen"],
        lat=41.10,
        lng=16.90,
    )
    fs.create_space(city, name="Sala Teams", kind=SpaceKind.VIRTUAL, address="", link="https://teams.example.org/x")
    fs.create_space(other_city, name="Biblioteca di Scampia")
    body = client.get("/api/v1/spaces?city=bari").json
    assert body["total"] == 2 and body["page"] == 1 and body["per_page"] == 20
    first = body["items"][0]
    assert first["name"] == "Ex Mercato coperto di Japigia"
    assert first["area"] == {"id": area.id, "slug": "japigia", "name": "Japigia"}
    assert first["recovered_with"] == "fesr" and first["city"] == "bari"
    assert first["owner"] == {"kind": "city", "id": city.id, "name": "Bari"}
    assert first["url"].endswith(f"/spaces/{hub.id}")

    def names(query):
        return [s["name"] for s in client.get(f"/api/v1/spaces?{query}").json["items"]]

    assert names("city=bari&area=japigia") == ["Ex Mercato coperto di Japigia"]
    assert names(f"area={area.id}") == ["Ex Mercato coperto di Japigia"]
    assert names("city=bari&area=nowhere") == []
    assert names("city=bari&kind=virtual") == ["Sala Teams"]
    assert names("city=bari&accessible=true") == ["Ex Mercato coperto di Japigia"]
    assert names("city=bari&facility=kitchen") == ["Ex Mercato coperto di Japigia"]
    assert names("fund=fesr") == ["Ex Mercato coperto di Japigia"]
    assert len(names("")) == 3
    page = client.get("/api/v1/spaces?per_page=1&page=2").json
    assert len(page["items"]) == 1 and page["total"] == 3


def test_bad_filters_are_clear_json_errors(client, city):
    for query, status in (
        ("city=nowhere", 422),
        ("kind=castle", 422),
        ("facility=<script>", 422),
        ("fund=pnrr", 422),
        ("per_page=1000", 422),
        ("page=0", 422),
        ("accessible=maybe", 422),
    ):
        response = client.get(f"/api/v1/spaces?{query}")
        assert response.status_code == status, query
        assert response.json["error"]["code"] in ("not_found", "invalid")


def test_one_space_with_upcoming_bookings(client, city):
    staff = factories.create_user(city=city)
    org = fo.create_organisation(city, name="Coop Sociale Aurora")
    space = fs.create_space(city, owner_org=org)
    soon = datetime.now(UTC).replace(microsecond=0) + timedelta(days=1)
    fs.create_booking(space, staff, starts_at=soon, purpose="riservato")
    fs.create_booking(space, staff, starts_at=soon - timedelta(days=3))  # over
    body = client.get(f"/api/v1/spaces/{space.id}").json
    assert body["owner"] == {"kind": "organisation", "id": org.id, "name": "Coop Sociale Aurora"}
    assert len(body["upcoming_bookings"]) == 1
    slot = body["upcoming_bookings"][0]
    assert datetime.fromisoformat(slot["starts_at"]) == soon and "booked_by" not in slot
    assert client.get("/api/v1/spaces/999999").status_code == 404


def test_geojson_has_the_spaces_with_a_point(client, city, other_city):
    fs.create_space(city, name="Con punto", lat=41.11, lng=16.87, recovered_with=Fund.FESR)
    fs.create_space(city, name="Senza punto")
    fs.create_space(other_city, name="Altrove", lat=40.85, lng=14.27)
    body = client.get("/api/v1/spaces.geojson?city=bari").json
    assert body["type"] == "FeatureCollection"
    assert [f["properties"]["name"] for f in body["features"]] == ["Con punto"]
    feature = body["features"][0]
    assert feature["geometry"] == {"type": "Point", "coordinates": [16.87, 41.11]}
    assert feature["properties"]["recovered_with"] == "fesr" and feature["properties"]["url"].startswith("http")
    assert len(client.get("/api/v1/spaces.geojson").json["features"]) == 2
    assert client.get("/api/v1/spaces.geojson?city=nowhere").status_code == 422


def test_the_spaces_endpoints_are_in_the_openapi_document(client, city):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    assert {"/api/v1/spaces", "/api/v1/spaces/{space_id}", "/api/v1/spaces.geojson"} <= set(paths)


def test_user_text_in_the_api_is_plain_json(client, city):
    fs.create_space(city, name="<script>alert(1)</script>", lat=41.1, lng=16.9)
    response = client.get("/api/v1/spaces.geojson?city=bari")
    assert response.mimetype == "application/json"
    assert response.json["features"][0]["properties"]["name"] == "<script>alert(1)</script>"


def test_an_area_id_beyond_the_databases_integers_matches_nothing(client, city):
    fs.create_space(city, name="Casa di quartiere")
    response = client.get(f"/api/v1/spaces?area={2**64}")
    assert response.status_code == 200 and response.json["items"] == []
