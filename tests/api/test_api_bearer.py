"""A Bearer header decides who an API request is: its token's user, never the session's.
So a browser's session cannot skip the CSRF check by adding any ``Authorization`` header."""

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import Notification
from tests import factories
from tests.factories.ideas import create_notification


@pytest.fixture
def csrf_on(app):
    app.config["WTF_CSRF_ENABLED"] = True
    yield
    app.config["WTF_CSRF_ENABLED"] = False


def _unread(user):
    query = sa.select(sa.func.count()).where(Notification.user_id == user.id, Notification.read_at.is_(None))
    return db.session.scalar(query)


@pytest.mark.parametrize("header", ["Bearer nope", "Bearer ", "bearer x" * 40, "Bearer " + "a" * 300])
def test_an_invalid_bearer_is_401_and_never_falls_back_to_the_session(client, login, resident, csrf_on, header):
    create_notification(resident)
    login(resident)
    response = client.post("/api/v1/notifications/read", json={"all": True}, headers={"Authorization": header})
    assert response.status_code == 401 and response.json["error"]["code"] == "unauthenticated"
    assert _unread(resident) == 1
    assert client.get("/api/v1/me", headers={"Authorization": header}).status_code == 401


def test_a_valid_bearer_is_its_owner_even_with_someone_else_s_session(client, login, city, resident, csrf_on):
    other = factories.create_user(email="other@example.org", city=city)
    create_notification(resident)
    create_notification(other)
    login(resident)
    headers = {"Authorization": f"Bearer {factories.create_token(other)}"}
    assert client.get("/api/v1/me", headers=headers).json["email"] == "other@example.org"
    response = client.post("/api/v1/notifications/read", json={"all": True}, headers=headers)
    assert response.status_code == 200 and response.json == {"updated": 1, "unread": 0}
    assert (_unread(resident), _unread(other)) == (1, 0)
    # Without the header the session is the resident again, and still needs its CSRF token.
    assert client.get("/api/v1/me").json["email"] == resident.email
    assert client.post("/api/v1/notifications/read", json={"all": True}).status_code == 403


def test_a_bearer_header_outside_the_api_is_ignored(client, login, resident):
    login(resident)
    assert client.get("/notifications", headers={"Authorization": "Bearer nope"}).status_code == 200
