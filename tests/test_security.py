"""Security headers, and user text that comes back as text (the XSS corpus)."""

import pytest

from tests import factories
from tests.xss import PAYLOADS, assert_no_xss, find_xss


def test_strict_security_headers(client, city):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_pages_have_no_inline_script(client, city):
    page = client.get("/").get_data(as_text=True)
    assert find_xss(page) == []  # every <script> has a /static src


def test_the_checker_catches_live_markup():
    assert find_xss('<p>ok</p><img src=x onerror="alert(1)">')
    assert find_xss('<a href="javascript:alert(1)">x</a>')
    assert find_xss("<script>alert(1)</script>")
    assert not find_xss("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>")


@pytest.mark.parametrize("payload", PAYLOADS)
def test_names_and_token_names_are_shown_as_text(client, login, city, db, payload):
    admin = factories.create_user(role=factories.Role.ADMIN, name="Admin")
    person = factories.create_user(city=city, name=payload[:120] if len(payload) >= 2 else payload + "xx")
    login(person)
    client.post("/profile/tokens", data={"name": payload[:80]})
    for url in ("/", "/profile"):
        assert_no_xss(client.get(url).get_data(as_text=True))
    login(admin)
    for url in ("/admin/users", f"/admin/users/{person.id}"):
        assert_no_xss(client.get(url).get_data(as_text=True))
