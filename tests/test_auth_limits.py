"""The limits of the account's writes live in app/auth/schemas.py, which the services load:
the forms only have boxes and CSRF, yet every box over its limit gets its message and
changes nothing, through the form and through the API alike."""

from __future__ import annotations

import re

import sqlalchemy as sa

from app.auth import services
from app.models import ApiToken
from tests import factories

EN = {"Accept-Language": "en"}
LONG_EMAIL = "a" * 245 + "@example.org"  # 257 characters
LONG_PASSWORD = "p" * 201


def _page(response) -> str:
    return response.get_data(as_text=True)


def _tokens(db) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(ApiToken))


def test_signing_in_with_an_overlong_address_or_password_is_refused_on_the_form(client, resident):
    for data in (
        {"email": LONG_EMAIL, "password": factories.PASSWORD},
        {"email": resident.email, "password": LONG_PASSWORD},
    ):
        response = client.post("/login", data=data, headers=EN)
        assert response.status_code == 422 and "Wrong email or password." in _page(response)
    assert resident.name not in _page(client.get("/"))


def test_asking_a_reset_for_an_overlong_address_queues_nothing(client, city, mailbox):
    response = client.post("/password/reset", data={"email": LONG_EMAIL}, headers=EN)
    assert response.status_code == 422 and "Enter a valid email address." in _page(response)
    assert mailbox == []


def _reset_link(client, resident, mailbox) -> str:
    client.post("/password/reset", data={"email": resident.email})
    return re.search(r"http://localhost(/password/reset/\S+)", mailbox[0].body).group(1)


def test_a_new_password_from_the_mailed_link_keeps_its_limits(client, resident, mailbox):
    link = _reset_link(client, resident, mailbox)
    for password, message in (
        ("corta-123", "Use at least 10 characters."),
        (LONG_PASSWORD, "Use at most 200 characters."),
    ):
        response = client.post(link, data={"password": password, "confirm": password}, headers=EN)
        assert response.status_code == 422 and message in _page(response)
    assert client.post("/login", data={"email": resident.email, "password": factories.PASSWORD}).status_code == 302


def test_the_profile_name_keeps_its_limits(client, login, resident, db):
    login(resident)
    data = {"name": "R" * 121, "city": "", "locale": "", "email_frequency": "daily"}
    response = client.post("/profile", data=data, headers=EN)
    assert response.status_code == 422 and "Enter a name of 2 to 120 characters." in _page(response)
    db.session.refresh(resident)
    assert (resident.name, resident.email_frequency.value) == ("Rosa Resident", "immediately")


def test_a_new_password_on_the_profile_keeps_its_limits(client, login, resident):
    login(resident)
    for new, message in (("corta-123", "Use at least 10 characters."), (LONG_PASSWORD, "Use at most 200 characters.")):
        data = {"current_password": factories.PASSWORD, "new_password": new}
        response = client.post("/profile/password", data=data, headers=EN, follow_redirects=True)
        assert message in _page(response)
    assert services.authenticate(resident.email, factories.PASSWORD) == resident


def test_an_overlong_token_name_is_refused_with_its_message(client, login, resident, db):
    login(resident)
    response = client.post("/profile/tokens", data={"name": "n" * 81}, headers=EN, follow_redirects=True)
    assert "Use at most 80 characters." in _page(response) and "data-new-token" not in _page(response)
    assert _tokens(db) == 0


def test_deleting_the_account_with_an_overlong_password_keeps_it(client, login, resident, db):
    login(resident)
    response = client.post(
        "/profile/delete", data={"password": LONG_PASSWORD, "confirm": "y"}, headers=EN, follow_redirects=True
    )
    assert "This is not your current password." in _page(response)
    db.session.refresh(resident)
    assert resident.deleted_at is None


def test_the_token_api_reads_the_same_limits(app, resident, db):
    api = app.test_client()
    good = {"email": resident.email, "password": factories.PASSWORD}
    for data in ({**good, "email": LONG_EMAIL}, {**good, "name": "n" * 81}, {**good, "password": LONG_PASSWORD}):
        response = api.post("/api/v1/auth/token", json=data, headers=EN)
        assert response.status_code == 422, response.json
    assert _tokens(db) == 0
    created = api.post("/api/v1/auth/token", json=good)
    assert created.status_code == 201 and created.json["name"] == "API"
