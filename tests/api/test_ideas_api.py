"""The ideas, lineage and notifications API as a client that is not a browser uses it."""

import pytest
import sqlalchemy as sa

from app.extensions import db as _db
from app.models import Idea, IdeaStage, Notification
from tests import factories
from tests.factories import ideas as fi
from tests.factories import needs as fn


def _auth(user):
    return {"Authorization": f"Bearer {factories.create_token(user)}"}


def _body(ids, **extra):
    body = {
        "city": "bari",
        "title": "Sportello digitale per anziani",
        "summary": "Ragazzi del quartiere aiutano gli anziani con SPID e prenotazioni.",
        "body": "Due pomeriggi a settimana in biblioteca.",
        "need_ids": ids,
    }
    body.update(extra)
    return body


def test_propose_an_idea_through_the_api(client, city, resident):
    need = fn.create_need(city, title="Gli anziani non riescono a usare lo SPID")
    response = client.post("/api/v1/ideas", json=_body([need.id]), headers=_auth(resident))
    assert response.status_code == 201, response.json
    idea = response.json
    assert idea["stage"] == "proposed" and idea["city"] == "bari" and idea["version"] == 1
    assert idea["author"] == {"id": resident.id, "name": resident.name}
    assert idea["needs"][0]["id"] == need.id and idea["needs"][0]["title"].startswith("Gli anziani")
    assert idea["url"] == f"http://localhost/c/bari/ideas/{idea['id']}"
    assert [c["to_stage"] for c in idea["stage_history"]] == ["proposed"]
    assert _db.session.scalar(sa.select(Notification.user_id)) == need.author_id


def test_proposing_needs_a_signed_in_person(client, city):
    need = fn.create_need(city)
    response = client.post("/api/v1/ideas", json=_body([need.id]))
    assert response.status_code == 401 and response.json["error"]["code"] == "unauthenticated"
    assert _db.session.scalar(sa.select(sa.func.count()).select_from(Idea)) == 0


@pytest.mark.parametrize(
    "change, field",
    [
        ({"need_ids": []}, "need_ids"),
        ({"need_ids": ["1"]}, "need_ids.0"),
        ({"city": "atlantide"}, "city"),
        ({"title": "no"}, "title"),
        ({"extra": True}, "extra"),
        ({"need_ids": None}, "need_ids"),
    ],
)
def test_bad_proposals_get_422_with_the_field(client, city, resident, change, field):
    need = fn.create_need(city)
    response = client.post("/api/v1/ideas", json=_body([need.id], **change), headers=_auth(resident))
    assert response.status_code == 422
    assert field in response.json["error"]["fields"]
    assert _db.session.scalar(sa.select(sa.func.count()).select_from(Idea)) == 0


@pytest.mark.parametrize("body", [None, "not json", "[]", "null", '{"city": 5}', "\x00", '{"need_ids": "1,2"}'])
def test_malformed_bodies_get_a_json_error(client, city, resident, body):
    response = client.post("/api/v1/ideas", data=body, content_type="application/json", headers=_auth(resident))
    assert 400 <= response.status_code < 500
    assert response.json["error"]["code"] in {"bad_request", "invalid"}


def test_list_filters_and_paginates(client, city, other_city):
    area = fn.create_area(city)
    need = fn.create_need(city)
    fi.create_idea(city, title="Ciclofficina", area=area)
    fi.create_idea(city, title="Coro", needs=[need], stage=IdeaStage.FUNDED, support_count=4)
    fi.create_idea(city, title="Nascosta", hidden=True)
    fi.create_idea(other_city, title="A Napoli")
    titles = lambda q: [i["title"] for i in client.get(f"/api/v1/ideas?{q}").json["items"]]  # noqa: E731
    assert titles("city=bari") == ["Coro", "Ciclofficina"]
    assert set(titles("")) == {"Coro", "Ciclofficina", "A Napoli"}
    assert titles(f"city=bari&area={area.id}") == ["Ciclofficina"]
    assert titles("city=bari&stage=funded") == ["Coro"]
    assert titles(f"need={need.id}") == ["Coro"]
    assert titles("q=ciclo") == ["Ciclofficina"]
    assert titles("city=bari&sort=supported")[0] == "Coro"
    page = client.get("/api/v1/ideas?city=bari&per_page=1&page=2").json
    assert (page["total"], page["page"], page["per_page"], len(page["items"])) == (2, 2, 1, 1)


@pytest.mark.parametrize("query", ["stage=flying", "area=x", "per_page=500", "city=atlantide", "q=" + "x" * 101])
def test_bad_filters_are_422(client, city, query):
    response = client.get(f"/api/v1/ideas?{query}")
    assert response.status_code == 422 and response.json["error"]["fields"]


def test_one_idea_and_hidden_ones_are_not_found(client, city, resident):
    visible = fi.create_idea(city)
    hidden = fi.create_idea(city, resident, hidden=True)
    assert client.get(f"/api/v1/ideas/{visible.id}").json["id"] == visible.id
    assert client.get(f"/api/v1/ideas/{hidden.id}").status_code == 404
    assert client.get(f"/api/v1/ideas/{hidden.id}", headers=_auth(resident)).status_code == 200  # the author
    assert client.get("/api/v1/ideas/999999").json["error"]["code"] == "not_found"


def test_lineage_of_a_need_lists_its_ideas(client, city):
    need = fn.create_need(city, title="Piazza senza ombra")
    fi.create_idea(city, title="Alberi in piazza", needs=[need])
    fi.create_idea(city, title="Pergolato nascosto", needs=[need], hidden=True)
    fi.create_idea(city, title="Altro")
    lineage = client.get(f"/api/v1/needs/{need.id}/lineage").json
    assert lineage["need"]["id"] == need.id and lineage["need"]["title"] == "Piazza senza ombra"
    assert [i["title"] for i in lineage["ideas"]] == ["Alberi in piazza"]
    assert lineage["workshops"] == [] and lineage["applications"] == [] and lineage["projects"] == []
    assert client.get("/api/v1/needs/999999/lineage").status_code == 404
    hidden = fn.create_need(city, hidden=True)
    assert client.get(f"/api/v1/needs/{hidden.id}/lineage").status_code == 404


def test_my_notifications_unread_first_and_mark_read(client, city, resident):
    from datetime import timedelta

    from app.models.base import utcnow

    old_unread = fi.create_notification(resident, idea="Vecchia", stage="funded")
    old_unread.created_at = utcnow() - timedelta(days=2)
    read = fi.create_notification(resident, idea="Letta", stage="funded")
    read.read_at = utcnow()
    _db.session.commit()
    fi.create_notification(factories.create_user(), idea="Altrui", stage="funded")
    headers = _auth(resident)
    page = client.get("/api/v1/notifications", headers=headers).json
    assert page["total"] == 2
    assert [n["read"] for n in page["items"]] == [False, True]
    assert page["items"][0]["text"] == "L'idea «Vecchia» ora è: Finanziata"
    assert page["items"][0]["url"].startswith("http://localhost/")
    only = client.get("/api/v1/notifications?unread=true", headers=headers).json
    assert [n["id"] for n in only["items"]] == [old_unread.id]
    answer = client.post("/api/v1/notifications/read", json={"ids": [old_unread.id, 999999]}, headers=headers)
    assert answer.status_code == 200 and answer.json == {"updated": 1, "unread": 0}
    fi.create_notification(resident)
    assert client.post("/api/v1/notifications/read", json={"all": True}, headers=headers).json == {
        "updated": 1,
        "unread": 0,
    }
    assert (
        _db.session.scalar(sa.select(sa.func.count()).select_from(Notification).where(Notification.read_at.is_(None)))
        == 1
    )  # the other person's stays unread


@pytest.mark.parametrize("body", [{}, {"ids": []}, {"ids": "1"}, {"ids": [True]}, {"nope": 1}])
def test_marking_read_needs_ids_or_all(client, city, resident, body):
    response = client.post("/api/v1/notifications/read", json=body, headers=_auth(resident))
    assert response.status_code == 422


def test_notifications_need_a_signed_in_person(client, city):
    assert client.get("/api/v1/notifications").status_code == 401
    assert client.post("/api/v1/notifications/read", json={"all": True}).status_code == 401
