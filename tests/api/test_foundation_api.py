"""The API as a client that is not a browser uses it: sign up, token, /me, cities."""

import pytest
import sqlalchemy as sa

from app.models import User
from tests import factories


def test_sign_up_get_a_token_and_call_me(client, city):
    response = client.post(
        "/api/v1/users",
        json={
            "email": "ada@example.org",
            "password": "una-password-lunga",
            "name": "Ada",
            "city": "bari",
            "accept_privacy": True,
        },
    )
    assert response.status_code == 201
    assert response.json["email"] == "ada@example.org" and "password" not in response.json
    response = client.post("/api/v1/auth/token", json={"email": "ada@example.org", "password": "una-password-lunga"})
    assert response.status_code == 201
    token = response.json["token"]
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200
    assert me.json["name"] == "Ada" and me.json["city"] == "bari" and me.json["roles"] == []


def test_me_lists_roles_per_city(client, city):
    user = factories.create_user(role=factories.Role.STAFF, city=city)
    token = factories.create_token(user)
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).json
    assert me["roles"] == [{"role": "staff", "city": "bari"}]


def test_sign_up_without_consent_is_422_with_fields(client, city, db):
    response = client.post(
        "/api/v1/users",
        json={"email": "ada@example.org", "password": "una-password-lunga", "name": "Ada", "accept_privacy": False},
    )
    assert response.status_code == 422
    assert "accept_privacy" in response.json["error"]["fields"]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0


@pytest.mark.parametrize(
    "body",
    [
        None,
        "not json",
        "[]",
        "null",
        '{"email": 5}',
        '{"email": "a@b.it", "password": ["x"], "name": {}}',
        '{"email": "a@b.it", "password": "una-password-lunga", "name": "Ada", "accept_privacy": true, "admin": true}',
        '{"email": "' + "a" * 5000 + '@b.it", "password": "x", "name": "n", "accept_privacy": true}',
        "\x00\x01\x02",
        '{"email": "a@b.it", "password": "una-password-lunga", "name": "\\u0000", "accept_privacy": 1}',
    ],
)
def test_malformed_bodies_get_a_json_error_not_a_500(client, city, body):
    response = client.post("/api/v1/users", data=body, content_type="application/json")
    assert 400 <= response.status_code < 500
    assert response.json["error"]["code"] in {"bad_request", "invalid"}
    assert response.json["error"]["message"]


def test_wrong_credentials_get_401_and_then_429(client, resident):
    for _ in range(5):
        response = client.post("/api/v1/auth/token", json={"email": resident.email, "password": "wrong-one"})
        assert response.status_code == 401
    response = client.post("/api/v1/auth/token", json={"email": resident.email, "password": factories.PASSWORD})
    assert response.status_code == 429
    assert response.json["error"]["code"] == "rate_limited"


def test_me_without_credentials_is_401(client, city):
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.json["error"]["code"] == "unauthenticated"


def test_bad_bearer_token_is_401(client, city):
    assert client.get("/api/v1/me", headers={"Authorization": "Bearer nope"}).status_code == 401


def test_cities_are_paginated(client, db):
    for n in range(5):
        factories.create_city(name=f"Città {n}", slug=f"citta-{n}")
    page = client.get("/api/v1/cities?per_page=2&page=2").json
    assert (page["total"], page["page"], page["per_page"], len(page["items"])) == (5, 2, 2, 2)
    assert page["items"][0]["url"].endswith(f"/c/{page['items'][0]['slug']}")


@pytest.mark.parametrize("query", ["per_page=101", "per_page=0", "page=0", "page=abc"])
def test_bad_pagination_is_422(client, city, query):
    response = client.get(f"/api/v1/cities?{query}")
    assert response.status_code == 422
    assert response.json["error"]["fields"]


def test_session_writes_need_the_csrf_header_but_bearer_writes_do_not(app, client, login, resident):
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        login(resident)
        # A signed-in browser posting without the header is refused.
        response = client.post("/api/v1/auth/token", json={"email": resident.email, "password": factories.PASSWORD})
        assert response.status_code == 403
        # With the token from the page's meta tag it goes through.
        page = client.get("/").get_data(as_text=True)
        csrf = page.split('name="csrf-token" content="')[1].split('"')[0]
        response = client.post(
            "/api/v1/auth/token",
            json={"email": resident.email, "password": factories.PASSWORD},
            headers={"X-CSRFToken": csrf},
        )
        assert response.status_code == 201
        # A bearer client needs no CSRF token.
        other = app.test_client()
        response = other.post(
            "/api/v1/auth/token",
            json={"email": resident.email, "password": factories.PASSWORD},
            headers={"Authorization": f"Bearer {factories.create_token(resident)}"},
        )
        assert response.status_code == 201
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def test_openapi_document_lists_every_api_route(app, client, city):
    spec = client.get("/api/v1/openapi.json").json
    assert spec["openapi"].startswith("3.")
    documented = {(path, method.upper()) for path, ops in spec["paths"].items() for method in ops}
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/") or rule.endpoint.startswith(("api-docs.", "api_docs.")):
            continue
        path = "/api/v1" + rule.rule[len("/api/v1") :].replace("<int:", "{").replace("<", "{").replace(">", "}")
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            assert (path, method) in documented, f"{method} {path} is not in the OpenAPI document"


def test_openapi_document_is_valid(client, city):
    from openapi_spec_validator import validate

    validate(client.get("/api/v1/openapi.json").json)


def test_docs_page_loads_vendored_swagger_only(client, city):
    page = client.get("/api/v1/docs").get_data(as_text=True)
    assert "/static/vendor/swagger-ui-dist/swagger-ui-bundle.js" in page
    assert "https://" not in page.split("<body")[1].split("</footer>")[0].replace("https://tile", "")
