"""/api/v1 supports and comments on needs and ideas, as a non-browser client uses them."""

import pytest
import sqlalchemy as sa

from app.models import Comment
from tests import factories
from tests.factories import ideas as fi
from tests.factories import needs as fn


@pytest.fixture
def bearer(resident):
    return {"Authorization": f"Bearer {factories.create_token(resident)}"}


@pytest.mark.parametrize("kind", ["needs", "ideas"])
def test_support_is_idempotent_and_answers_the_count(client, city, bearer, kind):
    target = fn.create_need(city=city) if kind == "needs" else fi.create_idea(city=city)
    url = f"/api/v1/{kind}/{target.id}/support"
    for _ in range(2):
        response = client.post(url, headers=bearer)
        assert response.status_code == 200
        assert response.json["supported"] is True and response.json["support_count"] == 1
        assert response.json["following"] is True and response.json["url"].startswith("http")
    for _ in range(2):
        response = client.delete(url, headers=bearer)
        assert response.status_code == 200
        assert response.json == {**response.json, "supported": False, "support_count": 0, "following": True}


@pytest.mark.parametrize("kind", ["needs", "ideas"])
def test_comment_and_reply(client, city, bearer, resident, kind):
    target = fn.create_need(city=city) if kind == "needs" else fi.create_idea(city=city)
    url = f"/api/v1/{kind}/{target.id}/comments"
    top = client.post(url, json={"body": "Ottima proposta, la sostengo."}, headers=bearer)
    assert top.status_code == 201
    assert top.json["author"] == {"id": resident.id, "name": resident.name}
    assert top.json["body_html"] == "<p>Ottima proposta, la sostengo.</p>\n"
    assert top.json["url"].endswith(f"#comment-{top.json['id']}")
    reply = client.post(url, json={"body": "Grazie!", "parent_id": top.json["id"]}, headers=bearer)
    again = client.post(url, json={"body": "Anche io.", "parent_id": reply.json["id"]}, headers=bearer)
    assert reply.json["parent_id"] == again.json["parent_id"] == top.json["id"]
    listing = client.get(url).json
    assert listing["total"] == 1 and listing["page"] == 1 and listing["per_page"] == 20
    assert [r["body"] for r in listing["items"][0]["replies"]] == ["Grazie!", "Anche io."]


def test_writes_need_a_signed_in_person(client, city, db):
    need = fn.create_need(city=city)
    for method, url in [
        ("POST", f"/api/v1/needs/{need.id}/support"),
        ("DELETE", f"/api/v1/needs/{need.id}/support"),
        ("POST", f"/api/v1/needs/{need.id}/comments"),
    ]:
        response = client.open(url, method=method, json={"body": "Ciao"})
        assert response.status_code == 401 and response.json["error"]["code"] == "unauthenticated"
    db.session.refresh(need)
    assert need.support_count == 0 and need.comment_count == 0


def test_unknown_or_hidden_targets_are_404(client, city, bearer):
    hidden = fi.create_idea(city=city, hidden=True)
    for url in ["/api/v1/needs/424242/comments", f"/api/v1/ideas/{hidden.id}/comments"]:
        assert client.get(url).status_code == 404
        assert client.post(url, json={"body": "x"}, headers=bearer).json["error"]["code"] == "not_found"
    assert client.post(f"/api/v1/ideas/{hidden.id}/support", headers=bearer).status_code == 404


@pytest.mark.parametrize(
    "body",
    [
        None,
        "not json",
        "[]",
        "null",
        "{}",
        '{"body": ""}',
        '{"body": "   "}',
        '{"body": 5}',
        '{"body": ["x"]}',
        '{"body": "ok", "parent_id": "uno"}',
        '{"body": "ok", "parent_id": 999999}',
        '{"body": "ok", "extra": true}',
        '{"body": "' + "a" * 5001 + '"}',
        "\x00\x01",
    ],
)
def test_malformed_comments_get_a_json_error_and_change_nothing(client, city, bearer, db, body):
    need = fn.create_need(city=city)
    response = client.post(
        f"/api/v1/needs/{need.id}/comments", data=body, content_type="application/json", headers=bearer
    )
    assert 400 <= response.status_code < 500
    assert response.json["error"]["code"] in {"bad_request", "invalid"} and response.json["error"]["message"]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Comment)) == 0


@pytest.mark.parametrize("query", ["per_page=101", "per_page=0", "page=0", "page=x"])
def test_bad_pagination_is_422(client, city, query):
    need = fn.create_need(city=city)
    assert client.get(f"/api/v1/needs/{need.id}/comments?{query}").status_code == 422


def test_session_writes_need_the_csrf_header(app, client, login, city, resident, db):
    need = fn.create_need(city=city)
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        login(resident)
        assert client.post(f"/api/v1/needs/{need.id}/support").status_code == 403
        db.session.refresh(need)
        assert need.support_count == 0
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def test_every_participation_endpoint_is_in_the_openapi_document(client, city):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    for kind, arg in (("needs", "need_id"), ("ideas", "idea_id")):
        assert set(paths[f"/api/v1/{kind}/{{{arg}}}/support"]) >= {"post", "delete"}
        assert set(paths[f"/api/v1/{kind}/{{{arg}}}/comments"]) >= {"get", "post"}
