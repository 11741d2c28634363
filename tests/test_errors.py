"""Errors answer in HTML or JSON by what the client accepts; never a bare 500."""

import pytest


def test_404_is_a_page_for_browsers(client, city):
    response = client.get("/nowhere")
    assert response.status_code == 404
    assert "text/html" in response.content_type
    assert "Pagina non trovata" in response.get_data(as_text=True)


def test_404_is_json_for_json_clients(client, city):
    response = client.get("/nowhere", headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert response.json["error"]["code"] == "not_found"


def test_api_errors_are_always_json(client, city):
    response = client.get("/api/v1/nowhere")
    assert response.json == {"error": {"code": "not_found", "message": response.json["error"]["message"]}}


def test_method_not_allowed_is_json_under_api(client, city):
    response = client.delete("/api/v1/cities")
    assert response.status_code == 405
    assert response.json["error"]["code"] == "method_not_allowed"


def test_unexpected_errors_become_a_500_page_without_details(app, client, city, monkeypatch):
    import app.main.routes as routes

    def boom(*args, **kwargs):
        raise RuntimeError("secret detail")

    monkeypatch.setitem(app.view_functions, "main.privacy", boom)
    response = client.get("/privacy")
    assert response.status_code == 500
    assert "secret detail" not in response.get_data(as_text=True)
    response = client.get("/privacy", headers={"Accept": "application/json"})
    assert response.json["error"]["code"] == "server_error"
    del routes


@pytest.mark.parametrize("path", ["/c/%00", "/c/" + "x" * 5000, "/admin/users/999999999999999999999"])
def test_odd_urls_never_500(client, city, path):
    assert client.get(path).status_code < 500


def test_forms_without_csrf_token_are_refused(app, client, resident):
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = client.post("/login", data={"email": resident.email, "password": "password-123"})
        assert response.status_code == 400
        assert resident.name not in client.get("/").get_data(as_text=True)
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
