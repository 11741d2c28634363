"""Numbers beyond the database's integers, sent to the needs, participation and areas doors
in a query string, a JSON body, a form field or a path, answer 422 or 404, never 500."""

import pytest
import sqlalchemy as sa

from app.models import Comment, Need
from tests import factories
from tests.factories import needs as fn
from tests.factories.needs import english

pytestmark = pytest.mark.usefixtures("in_english_request", "english")
assert english

HUGE = 2**70
NEGATIVE = -(2**70)


def _count(db, model):
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


@pytest.mark.parametrize("number", [HUGE, NEGATIVE, 2**63])
@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/needs?area={n}",
        "/api/v1/needs.geojson?city=bari&area={n}",
        "/c/bari/needs?area={n}&page={n}",
        "/c/bari/needs/map?area={n}",
        "/api/v1/needs?city=bari&page={n}",
        "/api/v1/needs/{need}/comments?page={n}",
        "/needs/{need}?comments={n}",
        "/api/v1/areas?city=bari&page={n}",
    ],
)
def test_query_numbers_are_bounded(client, city, resident, url, number):
    need = fn.create_need(city, resident)
    response = client.get(url.format(n=number, need=need.id))
    assert response.status_code in (200, 404, 422), response.data[:300]


@pytest.mark.parametrize(
    "url", ["/needs/{n}", "/api/v1/needs/{n}", "/api/v1/areas/{n}", "/api/v1/needs/{n}/lineage", "/needs/{n}/photo"]
)
def test_path_ids_beyond_the_database_are_not_found(client, city, url):
    assert client.get(url.format(n=HUGE)).status_code == 404


def test_json_area_beyond_the_database_is_422(client, city, resident, db):
    token = factories.create_token(resident)
    body = {
        "city": "bari",
        "title": "Fermata senza pensilina",
        "body": "Alla fermata si aspetta sotto la pioggia, serve una pensilina.",
        "category": "mobility",
        "area": HUGE,
    }
    response = client.post("/api/v1/needs", json=body, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 422
    assert "area" in response.json["error"]["fields"]
    assert _count(db, Need) == 0


def test_json_parent_comment_beyond_the_database_is_422(client, city, resident, login, db):
    need = fn.create_need(city=city, author=resident)
    token = factories.create_token(resident)
    response = client.post(
        f"/api/v1/needs/{need.id}/comments",
        json={"body": "Sono d'accordo.", "parent_id": HUGE},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 422
    assert "parent_id" in response.json["error"]["fields"]
    assert _count(db, Comment) == 0


def test_form_area_beyond_the_database_is_422(client, city, resident, login, db):
    login(resident)
    response = client.post(
        "/c/bari/needs/new",
        data={
            "title": "Fermata senza pensilina",
            "body": "Alla fermata si aspetta sotto la pioggia, serve una pensilina.",
            "category": "mobility",
            "area": str(HUGE),
        },
    )
    assert response.status_code == 422
    assert _count(db, Need) == 0


def test_form_parent_comment_beyond_the_database_is_refused(client, city, resident, login, db):
    need = fn.create_need(city=city, author=resident)
    login(resident)
    response = client.post(f"/p/need/{need.id}/comments", data={"body": "Sono d'accordo.", "parent_id": str(HUGE)})
    assert response.status_code == 422
    assert _count(db, Comment) == 0
