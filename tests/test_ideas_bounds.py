"""Numbers beyond 64 bits in the doors of ideas, organisations and the network answer
422 or 404, never 500 (issue 8, point 11): every integer is bounded where it is read."""

import pytest

from tests import factories
from tests.factories import needs as fn
from tests.factories import organisations as fo

HUGE = "9" * 25


def _auth(user) -> dict:
    return {"Authorization": f"Bearer {factories.create_token(user)}"}


@pytest.mark.parametrize(
    "url",
    [
        f"/api/v1/ideas?area={HUGE}",
        f"/api/v1/ideas?need={HUGE}",
        f"/api/v1/organizations?area={HUGE}",
        f"/api/v1/network?city=bari&area={HUGE}",
    ],
)
def test_huge_numbers_in_api_filters_are_422(client, city, url):
    assert client.get(url).status_code == 422


@pytest.mark.parametrize(
    "url",
    [
        f"/c/bari/ideas?area={HUGE}&need={HUGE}&page={HUGE}",
        f"/organisations?city=bari&area={HUGE}",
        f"/c/bari/network?area={HUGE}",
        f"/c/bari/ideas/{HUGE}",
        f"/organisations/{HUGE}",
    ],
)
def test_huge_numbers_in_pages_are_not_errors(client, city, url):
    assert client.get(url).status_code in (200, 404)


@pytest.mark.parametrize("change", [{"need_ids": [int(HUGE)]}, {"area": int(HUGE)}])
def test_huge_numbers_in_an_idea_proposal_are_422(client, city, resident, change):
    need = fn.create_need(city)
    body = {
        "city": "bari",
        "title": "Biblioteca degli attrezzi",
        "summary": "Prestiamo trapani e scale.",
        "body": "Un locale al piano terra.",
        "need_ids": [need.id],
        **change,
    }
    response = client.post("/api/v1/ideas", json=body, headers=_auth(resident))
    assert response.status_code == 422


def test_huge_numbers_in_the_proposal_and_profile_forms_are_422(client, login, city, resident):
    need = fn.create_need(city)
    login(resident)
    data = {
        "title": "Biblioteca degli attrezzi",
        "summary": "Prestiamo trapani e scale.",
        "body": "Un locale al piano terra.",
        "need_ids": [str(need.id), HUGE],
        "area": HUGE,
    }
    assert client.post("/c/bari/ideas/new", data=data).status_code == 422
    profile = {
        "city": "bari",
        "name": "APS Japigia Viva",
        "legal_form": "aps",
        "tax_code": fo.tax_code(),
        "area_ids": [HUGE],
    }
    assert client.post("/organisations/new", data=profile).status_code == 422
