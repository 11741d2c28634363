"""The OpenAPI document of the foundation endpoints says exactly what the server accepts (a
client generated from it sends valid requests), and every number they read is bounded: a
number beyond 64 bits answers 422 or 404, never 500."""

import pytest
from openapi_schema_validator import OAS30Validator
from openapi_spec_validator import validate

from app.models import Role
from tests import factories
from tests.factories.ideas import create_notification

BIG = 2**70


@pytest.fixture
def spec(client):
    document = client.get("/api/v1/openapi.json").json
    validate(document)
    return document


def _schema(spec, name):
    return spec["components"]["schemas"][name]


def _query(spec, path, name):
    parameters = spec["paths"][path]["get"]["parameters"]
    return next(p for p in parameters if p["name"] == name)["schema"]


def test_the_sign_up_document_states_every_limit(spec):
    signup = _schema(spec, "Signup")
    props = signup["properties"]
    assert sorted(signup["required"]) == ["accept_privacy", "email", "name", "password"]
    assert signup["additionalProperties"] is False
    assert props["accept_privacy"]["type"] == "boolean" and props["accept_privacy"]["enum"] == [True]
    assert props["email"]["format"] == "email" and props["email"]["maxLength"] == 254
    assert (props["password"]["minLength"], props["password"]["maxLength"]) == (10, 200)
    assert (props["name"]["minLength"], props["name"]["maxLength"]) == (2, 120) and props["name"]["pattern"]
    assert props["city"]["pattern"] == "^[a-z0-9-]{0,60}$"


@pytest.mark.parametrize("path", ["/api/v1/cities", "/api/v1/notifications"])
def test_every_list_documents_bounded_pages(spec, path):
    assert {k: _query(spec, path, "page")[k] for k in ("minimum", "maximum")} == {"minimum": 1, "maximum": 100000}
    assert {k: _query(spec, path, "per_page")[k] for k in ("minimum", "maximum")} == {"minimum": 1, "maximum": 100}


def test_notification_ids_are_documented_as_row_ids(spec):
    items = _schema(spec, "ReadRequest")["properties"]["ids"]["items"]
    assert (items["type"], items["minimum"], items["maximum"]) == ("integer", 1, 2**31 - 1)


GOOD = {"email": "ada@example.org", "password": "una-password-lunga", "name": "Ada", "accept_privacy": True}
SIGN_UPS = [
    {},
    {"city": "bari"},
    {"city": ""},
    {"city": None},
    {"accept_privacy": False},
    {"accept_privacy": 1},
    {"accept_privacy": "true"},
    {"accept_privacy": None},
    {"email": "not-an-email"},
    {"email": "a" * 250 + "@b.it"},
    {"password": "x" * 9},
    {"password": "x" * 201},
    {"name": "A"},
    {"name": "  A  "},
    {"name": "x" * 121},
    {"name": "  Ada Lovelace  "},
    {"city": "Bari!"},
    {"city": "x" * 61},
    {"admin": True},
]


@pytest.mark.parametrize("change", SIGN_UPS, ids=[repr(c)[:40] for c in SIGN_UPS])
def test_the_server_accepts_a_sign_up_exactly_when_the_document_does(client, city, spec, change):
    body = {**GOOD, **change}
    validator = OAS30Validator(_schema(spec, "Signup"), format_checker=OAS30Validator.FORMAT_CHECKER)
    document_accepts = validator.is_valid(body)
    response = client.post("/api/v1/users", json=body)
    assert response.status_code in (201, 422), response.json
    assert (response.status_code == 201) == document_accepts, response.json


@pytest.mark.parametrize(
    "query", [f"page={BIG}", f"per_page={BIG}", "page=0", "per_page=101", "page=1e400", f"page=-{BIG}"]
)
@pytest.mark.parametrize("path", ["/api/v1/cities", "/api/v1/notifications"])
def test_pages_beyond_the_bounds_are_422(client, resident, path, query):
    headers = {"Authorization": f"Bearer {factories.create_token(resident)}"}
    response = client.get(f"{path}?{query}", headers=headers)
    assert response.status_code == 422 and response.json["error"]["fields"]


@pytest.mark.parametrize("ids", [[BIG], [-BIG], [0], [True], [1.5]])
def test_notification_ids_beyond_the_bounds_are_422(client, resident, ids):
    create_notification(resident)
    headers = {"Authorization": f"Bearer {factories.create_token(resident)}"}
    response = client.post("/api/v1/notifications/read", json={"ids": ids}, headers=headers)
    assert response.status_code == 422 and any(k.startswith("ids") for k in response.json["error"]["fields"])


def test_html_lists_and_admin_forms_read_big_numbers_without_a_500(client, login, city, resident):
    admin = login(factories.create_user(email="admin@example.org", role=Role.ADMIN))
    for url in [f"/admin/users?page={BIG}", f"/admin/audit?page={BIG}", f"/notifications?page={BIG}"]:
        assert client.get(url).status_code == 200, url
    assert client.get(f"/admin/users/{BIG}").status_code == 404
    assert client.post(f"/admin/roles/{BIG}/revoke").status_code == 404
    assert client.post(f"/profile/tokens/{BIG}/revoke").status_code == 404
    assert client.post(f"/notifications/{BIG}/open").status_code == 404
    response = client.post(f"/admin/users/{admin.id}", data={"role": "staff", "city": str(BIG)})
    assert response.status_code == 422
