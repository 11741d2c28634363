"""/api/v1/needs and /api/v1/needs.geojson as a client that is not a browser uses them."""

import pytest
import sqlalchemy as sa

from app.models import Need, NeedStatus, NeedStatusChange, Role
from tests import factories
from tests.factories import needs as fn
from tests.factories.needs import english
from tests.xss import PAYLOADS, assert_no_xss

pytestmark = pytest.mark.usefixtures("in_english_request", "english")
assert english

BODY = {
    "city": "bari",
    "title": "Fermata senza pensilina in viale Europa",
    "body": "Alla fermata del 2 si aspetta sotto la pioggia: serve una pensilina con una panchina.",
    "category": "mobility",
}


@pytest.fixture
def token(resident):
    return factories.create_token(resident)


def _auth(token):
    return {"Authorization": f"Bearer {token}"}


def _count(db):
    return db.session.scalar(sa.select(sa.func.count()).select_from(Need))


def test_post_a_need_with_a_token_gets_201_and_the_need(client, token, city, db):
    area = fn.create_area(city, "San Paolo")
    response = client.post("/api/v1/needs", json={**BODY, "lat": 41.123456, "lng": 16.871234}, headers=_auth(token))
    assert response.status_code == 201, response.json
    need = response.json
    assert need["title"] == BODY["title"] and need["category"] == "mobility" and need["status"] == "open"
    assert need["city"] == "bari" and need["area"]["id"] == area.id and need["area"]["name"] == "San Paolo"
    assert (need["lat_public"], need["lng_public"]) == (41.123, 16.871)
    assert "lat" not in need and "lng" not in need
    assert need["url"].endswith(f"/needs/{need['id']}")
    assert need["history"] == [] and need["support_count"] == 0 and need["comment_count"] == 0
    assert need["body_html"].startswith("<p>")
    assert client.get(f"/api/v1/needs/{need['id']}").json["title"] == BODY["title"]


def test_post_without_credentials_is_401_and_stores_nothing(client, city, db):
    response = client.post("/api/v1/needs", json=BODY)
    assert response.status_code == 401 and response.json["error"]["code"] == "unauthenticated"
    assert _count(db) == 0


@pytest.mark.parametrize(
    "change, field",
    [
        ({"title": "No"}, "title"),
        ({"body": ""}, "body"),
        ({"category": "aliens"}, "category"),
        ({"city": "atlantide"}, "city"),
        ({"lat": 41.12}, "lng"),
        ({"lat": 45.07, "lng": 7.68}, "lat"),
        ({"lat": "nord", "lng": 16.87}, "lat"),
        ({"lat": float("nan"), "lng": 16.87}, "lat"),
        ({"area": 999}, "area"),
        ({"admin": True}, "admin"),
    ],
)
def test_invalid_needs_are_422_with_the_field(client, token, city, db, change, field):
    body = {**BODY, **change}
    if field == "lat" and change.get("lat") != change.get("lat"):  # NaN is not JSON: send it raw
        response = client.post(
            "/api/v1/needs",
            data='{"city": "bari", "title": "Titolo valido", "body": "Un testo valido davvero", '
            '"category": "other", "lat": NaN, "lng": 16.87}',
            content_type="application/json",
            headers=_auth(token),
        )
    else:
        response = client.post("/api/v1/needs", json=body, headers=_auth(token))
    assert response.status_code == 422, response.json
    assert field in response.json["error"]["fields"]
    assert _count(db) == 0


@pytest.mark.parametrize(
    "raw",
    [None, "not json", "[]", "null", '{"city": 5}', '{"title": ["x"], "body": {}}', "\x00\x01", '"just a string"'],
)
def test_malformed_bodies_get_a_json_error_not_a_500(client, token, city, raw):
    response = client.post("/api/v1/needs", data=raw, content_type="application/json", headers=_auth(token))
    assert 400 <= response.status_code < 500
    assert response.json["error"]["code"] in {"bad_request", "invalid"}


def test_list_is_paginated_filtered_and_searchable(client, city, other_city):
    area = fn.create_area(city, "Japigia")
    for n in range(25):
        fn.create_need(city, title=f"Bisogno qualunque {n}", days_ago=n)
    fn.create_need(city, title="Orto sociale nel quartiere", area=area, status=NeedStatus.UNDER_REVIEW)
    fn.create_need(other_city, title="Orto sociale a Napoli")
    page = client.get("/api/v1/needs?city=bari&per_page=10&page=2").json
    assert page["total"] == 26 and page["page"] == 2 and page["per_page"] == 10 and len(page["items"]) == 10
    assert client.get("/api/v1/needs?per_page=500").status_code == 422
    assert client.get(f"/api/v1/needs?area={area.id}").json["total"] == 1
    assert client.get("/api/v1/needs?status=under_review").json["total"] == 1
    assert client.get("/api/v1/needs?category=public_space&city=napoli").json["total"] == 1
    found = client.get("/api/v1/needs?q=orto sociale").json
    assert {i["title"] for i in found["items"]} == {"Orto sociale nel quartiere", "Orto sociale a Napoli"}
    assert client.get("/api/v1/needs?city=atlantide").status_code == 422
    assert client.get("/api/v1/needs?status=forgotten").status_code == 422


def test_bbox_keeps_needs_whose_public_point_is_inside(client, city):
    fn.create_need(city, title="Dentro", lat=41.1204, lng=16.8704)
    fn.create_need(city, title="Fuori", lat=41.2, lng=16.95)
    fn.create_need(city, title="Senza punto")
    titles = [i["title"] for i in client.get("/api/v1/needs?bbox=16.86,41.11,16.88,41.13").json["items"]]
    assert titles == ["Dentro"]
    for bad in ("1,2,3", "a,b,c,d", "16.88,41.11,16.86,41.13", "0,0,0,200", "nan,1,2,3"):
        response = client.get(f"/api/v1/needs?bbox={bad}")
        assert response.status_code == 422 and "bbox" in response.json["error"]["fields"], bad


def test_one_need_has_counts_and_status_history(client, city, db):
    staff = factories.create_user(role=Role.STAFF, city=city, name="Anna dello staff")
    need = fn.create_need(city, support_count=7, comment_count=2)
    need.history.add(
        NeedStatusChange(
            actor=staff, from_status=NeedStatus.OPEN, to_status=NeedStatus.UNDER_REVIEW, text="Lo stiamo verificando."
        )
    )
    need.status = NeedStatus.UNDER_REVIEW
    db.session.commit()
    data = client.get(f"/api/v1/needs/{need.id}").json
    assert data["support_count"] == 7 and data["comment_count"] == 2 and data["status"] == "under_review"
    assert data["history"] == [
        {
            "from_status": "open",
            "to_status": "under_review",
            "text": "Lo stiamo verificando.",
            "actor": "Anna dello staff",
            "created_at": data["history"][0]["created_at"],
        }
    ]
    assert client.get("/api/v1/needs/999999").status_code == 404


def test_geojson_is_a_feature_collection_of_coarsened_points(client, login, city):
    fn.create_need(city, title="Con punto", lat=41.123456, lng=16.871234)
    fn.create_need(city, title="Senza punto")
    for who in (None, factories.create_user(role=Role.STAFF, city=city)):
        if who:
            login(who)
        data = client.get("/api/v1/needs.geojson?city=bari").json
        assert data["type"] == "FeatureCollection" and data["truncated"] is False
        assert len(data["features"]) == 1
        feature = data["features"][0]
        assert feature["type"] == "Feature"
        assert feature["geometry"] == {"type": "Point", "coordinates": [16.871, 41.123]}
        assert feature["properties"]["title"] == "Con punto" and feature["properties"]["url"].startswith("/needs/")


def test_geojson_limits_and_filters(client, city):
    for n in range(4):
        fn.create_need(city, title=f"Punto {n}", lat=41.12 + n / 1000, lng=16.87)
    data = client.get("/api/v1/needs.geojson?city=bari&limit=3").json
    assert len(data["features"]) == 3 and data["truncated"] is True
    assert client.get("/api/v1/needs.geojson?bbox=16.86,41.119,16.88,41.1205").json["features"][0]["properties"][
        "title"
    ] == ("Punto 0")
    assert client.get("/api/v1/needs.geojson?limit=0").status_code == 422
    assert client.get("/api/v1/needs.geojson?bbox=x").status_code == 422


def test_a_session_browser_must_send_the_csrf_token(app, client, login, resident, city, db):
    login(resident)
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = client.post("/api/v1/needs", json=BODY)
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert response.status_code == 403 and _count(db) == 0


def test_posting_through_the_api_is_rate_limited(client, token, city, db):
    statuses = [
        client.post("/api/v1/needs", json={**BODY, "title": f"Bisogno numero {n}"}, headers=_auth(token)).status_code
        for n in range(16)
    ]
    assert statuses[:15] == [201] * 15 and statuses[15] == 429
    assert _count(db) == 15


@pytest.mark.parametrize("payload", PAYLOADS[:8])
def test_api_returns_user_text_as_data_and_html_sanitised(client, token, city, payload):
    body = payload + " testo del bisogno"
    response = client.post(
        "/api/v1/needs", json={**BODY, "title": ("T " + payload)[:140], "body": body}, headers=_auth(token)
    )
    assert response.status_code == 201, response.json
    assert response.json["body"] == body
    assert_no_xss(response.json["body_html"])


def test_every_needs_endpoint_is_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/needs"])
    assert "get" in paths["/api/v1/needs/{need_id}"]
    assert "get" in paths["/api/v1/needs.geojson"]
