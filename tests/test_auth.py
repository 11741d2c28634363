"""Accounts as a person uses them: sign up, sign in, sign out, reset, profile, privacy."""

import re

import pytest
import sqlalchemy as sa

from app.models import ApiToken, User
from tests import factories


def signup(client, **overrides):
    data = {
        "name": "Maria Rossi",
        "email": "maria@example.org",
        "password": "una-password-lunga",
        "city": "bari",
        "accept_privacy": "y",
    }
    data.update(overrides)
    return client.post("/signup", data=data)


def test_sign_up_stores_consent_and_signs_in(client, city, db, app):
    response = signup(client)
    assert response.status_code == 302
    user = db.session.scalar(sa.select(User).where(User.email == "maria@example.org"))
    assert user.privacy_version == app.config["PRIVACY_TERMS_VERSION"]
    assert user.privacy_accepted_at is not None
    assert user.city == city
    assert "Maria Rossi" in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize(
    ("overrides", "field_message"),
    [
        ({"accept_privacy": ""}, "privacy"),
        ({"email": "not-an-email"}, "email"),
        ({"password": "short"}, "10"),
        ({"name": "A"}, "2"),
    ],
)
def test_sign_up_refuses_bad_input_with_a_message_and_no_account(client, city, db, overrides, field_message):
    response = signup(client, **overrides)
    assert response.status_code == 422
    assert "is-invalid" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0


def test_sign_up_twice_with_the_same_email_is_refused(client, city, db):
    factories.create_user(email="maria@example.org")
    response = signup(client, email="MARIA@example.org")
    assert response.status_code == 422
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 1


def test_sign_in_and_out(client, resident):
    response = client.post("/login", data={"email": resident.email, "password": factories.PASSWORD})
    assert response.status_code == 302
    assert resident.name in client.get("/").get_data(as_text=True)
    client.post("/logout")
    assert resident.name not in client.get("/").get_data(as_text=True)


def test_wrong_password_is_refused_with_a_message(client, resident):
    response = client.post("/login", data={"email": resident.email, "password": "wrong-password"})
    assert response.status_code == 422
    assert resident.name not in client.get("/").get_data(as_text=True)


def test_five_failures_a_minute_lock_the_account_then_429(client, resident):
    for _ in range(5):
        assert client.post("/login", data={"email": resident.email, "password": "nope-nope"}).status_code == 422
    # Even the right password is refused now.
    response = client.post("/login", data={"email": resident.email, "password": factories.PASSWORD})
    assert response.status_code == 429
    # Another account from the same address still signs in.
    other = factories.create_user()
    assert client.post("/login", data={"email": other.email, "password": factories.PASSWORD}).status_code == 302


def test_twenty_failures_a_minute_from_one_address_then_429(client, city):
    for n in range(20):
        client.post("/login", data={"email": f"ghost{n}@example.org", "password": "nope-nope"})
    fresh = factories.create_user()
    response = client.post("/login", data={"email": fresh.email, "password": factories.PASSWORD})
    assert response.status_code == 429


@pytest.mark.parametrize(
    ("next_url", "expected"),
    [
        ("/profile", "/profile"),
        ("https://evil.example/", "/"),
        ("//evil.example/", "/"),
        ("/\\evil.example", "/"),
        ("javascript:alert(1)", "/"),
    ],
)
def test_next_redirects_stay_on_the_site(client, resident, next_url, expected):
    response = client.post(f"/login?next={next_url}", data={"email": resident.email, "password": factories.PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == expected


def test_password_reset_by_mailed_link(client, resident, mailbox):
    client.post("/password/reset", data={"email": resident.email})
    assert len(mailbox) == 1
    link = re.search(r"http://localhost(/password/reset/\S+)", mailbox[0].body).group(1)
    assert client.get(link).status_code == 200
    response = client.post(link, data={"password": "nuova-password-1", "confirm": "nuova-password-1"})
    assert response.status_code == 302
    assert client.post("/login", data={"email": resident.email, "password": "nuova-password-1"}).status_code == 302
    # The link works once.
    client.post("/logout")
    assert client.get(link).status_code == 302


def test_password_reset_for_unknown_email_says_the_same_and_sends_nothing(client, city, mailbox):
    response = client.post("/password/reset", data={"email": "nobody@example.org"}, follow_redirects=True)
    assert response.status_code == 200
    assert mailbox == []


def test_tampered_reset_link_is_refused(client, resident):
    response = client.get("/password/reset/not-a-real-token")
    assert response.status_code == 302


def test_profile_saves_language_and_notification_preferences(client, login, resident, db):
    login(resident)
    response = client.post("/profile", data={"name": "Rosa R.", "city": "", "locale": "en", "email_frequency": "daily"})
    assert response.status_code == 302
    db.session.refresh(resident)
    assert (resident.name, resident.locale, resident.email_frequency.value) == ("Rosa R.", "en", "daily")
    assert 'lang="en"' in client.get("/").get_data(as_text=True)


def test_profile_refuses_unknown_choices(client, login, resident, db):
    login(resident)
    response = client.post("/profile", data={"name": "Rosa", "locale": "xx", "email_frequency": "hourly"})
    assert response.status_code == 422
    db.session.refresh(resident)
    assert resident.name == "Rosa Resident"


def test_changing_password_signs_out_other_sessions(app, client, login, resident):
    other_device = app.test_client()
    login(resident)
    login(resident, other_device)
    response = client.post(
        "/profile/password", data={"current_password": factories.PASSWORD, "new_password": "another-password-9"}
    )
    assert response.status_code == 302
    assert client.get("/profile").status_code == 200
    assert other_device.get("/profile").status_code == 302  # sent to sign-in


def test_tokens_are_shown_once_stored_hashed_and_revocable(app, client, login, resident, db):
    login(resident)
    client.post("/profile/tokens", data={"name": "la mia app"})
    page = client.get("/profile").get_data(as_text=True)
    secret = re.search(r"data-new-token>(cnt_[\w-]+)<", page).group(1)
    assert "data-new-token" not in client.get("/profile").get_data(as_text=True)  # shown once
    token = db.session.scalar(sa.select(ApiToken))
    assert secret not in (token.token_hash, token.prefix)
    api_client = app.test_client()  # no session: the token alone
    bearer = {"Authorization": f"Bearer {secret}"}
    assert api_client.get("/api/v1/me", headers=bearer).json["email"] == resident.email
    client.post(f"/profile/tokens/{token.id}/revoke")
    assert api_client.get("/api/v1/me", headers=bearer).status_code == 401


def test_cannot_revoke_someone_elses_token(client, login, resident, db):
    other = factories.create_user()
    factories.create_token(other)
    token = db.session.scalar(sa.select(ApiToken))
    login(resident)
    assert client.post(f"/profile/tokens/{token.id}/revoke").status_code == 404
    db.session.refresh(token)
    assert token.revoked_at is None


def test_export_contains_my_data(client, login, resident):
    login(resident)
    response = client.get("/profile/export.json")
    assert response.status_code == 200
    assert response.json["account"]["email"] == resident.email
    assert "attachment" in response.headers["Content-Disposition"]


def test_delete_account_anonymises_and_signs_out(client, login, resident, db):
    login(resident)
    email = resident.email
    response = client.post("/profile/delete", data={"password": factories.PASSWORD, "confirm": "y"})
    assert response.status_code == 302
    db.session.refresh(resident)
    assert resident.email != email and resident.deleted_at is not None
    assert client.get("/profile").status_code == 302
    assert client.post("/login", data={"email": email, "password": factories.PASSWORD}).status_code == 422


def test_delete_account_needs_the_password(client, login, resident, db):
    login(resident)
    client.post("/profile/delete", data={"password": "wrong-password", "confirm": "y"})
    db.session.refresh(resident)
    assert resident.deleted_at is None


def test_session_cookie_is_httponly_and_lax(client, resident):
    response = client.post("/login", data={"email": resident.email, "password": factories.PASSWORD})
    cookie = next(h for h in response.headers.getlist("Set-Cookie") if h.startswith("cantiere_session="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Expires=" in cookie  # permanent session: the idle timeout applies


def test_production_cookies_are_secure_and_need_a_secret():
    from app import config, create_app

    # Refused before any extension is bound, so the test app is untouched.
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app("production", DATABASE_URL="sqlite://")
    assert config.ProductionConfig.SESSION_COOKIE_SECURE is True
    assert config.ProductionConfig.REMEMBER_COOKIE_SECURE is True
