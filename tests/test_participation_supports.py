"""Supports and follows: one support per person, idempotent, withdrawable, live counters."""

import pytest
import sqlalchemy as sa

from app.models import Follow, Support
from app.participation import services
from tests import factories
from tests.factories import ideas as fi
from tests.factories import needs as fn
from tests.factories import participation as fp


@pytest.fixture(autouse=True)
def _as_in_a_request(app):
    with factories.request_context(app):
        yield


def _supports(db, need):
    return db.session.scalar(sa.select(sa.func.count()).select_from(Support).where(Support.need_id == need.id))


def test_support_counts_once_and_also_follows(client, login, city, resident, db):
    need = fn.create_need(city=city)
    login(resident)
    for _ in range(3):
        response = client.post(f"/p/need/{need.id}/support", data={"next": "/c/bari"})
        assert response.status_code == 302 and response.headers["Location"] == "/c/bari#participation"
    db.session.refresh(need)
    assert need.support_count == 1 and _supports(db, need) == 1
    assert db.session.scalar(sa.select(Follow).where(Follow.user_id == resident.id, Follow.need_id == need.id))


def test_withdraw_support_keeps_following_and_is_idempotent(client, login, city, resident, db):
    idea = fi.create_idea(city=city)
    login(resident)
    client.post(f"/p/idea/{idea.id}/support")
    client.post(f"/p/idea/{idea.id}/unsupport")
    client.post(f"/p/idea/{idea.id}/unsupport")
    db.session.refresh(idea)
    assert idea.support_count == 0
    assert db.session.scalar(sa.select(Follow).where(Follow.user_id == resident.id, Follow.idea_id == idea.id))


def test_follow_and_unfollow(client, login, city, resident, db):
    need = fn.create_need(city=city)
    login(resident)
    client.post(f"/p/need/{need.id}/follow")
    client.post(f"/p/need/{need.id}/follow")
    count = sa.select(sa.func.count()).select_from(Follow).where(Follow.need_id == need.id)
    assert db.session.scalar(count) == 1
    client.post(f"/p/need/{need.id}/unfollow")
    assert db.session.scalar(count) == 0


def test_several_people_add_up(city, db):
    need = fn.create_need(city=city)
    people = [factories.create_user(city=city) for _ in range(4)]
    for person in people:
        services.support(person, need)
    services.withdraw_support(people[0], need)
    db.session.refresh(need)
    assert need.support_count == 3 == _supports(db, need)


def test_a_visitor_is_sent_to_sign_in_and_nothing_changes(client, city, db):
    need = fn.create_need(city=city)
    response = client.post(f"/p/need/{need.id}/support")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    db.session.refresh(need)
    assert need.support_count == 0


def test_an_unsafe_next_is_ignored(client, login, city, resident):
    need = fn.create_need(city=city)
    login(resident)
    response = client.post(f"/p/need/{need.id}/support", data={"next": "https://evil.example/"})
    assert "evil.example" not in response.headers["Location"]


def test_hidden_or_missing_targets_cannot_be_supported(client, login, city, resident, db):
    hidden = fn.create_need(city=city, hidden=True)
    login(resident)
    assert client.post(f"/p/need/{hidden.id}/support").status_code == 404
    assert client.post("/p/need/999999/support").status_code == 404
    db.session.refresh(hidden)
    assert hidden.support_count == 0


def test_support_from_another_account_updates_the_counter_live(app, client, login, live, city, resident):
    need = fn.create_need(city=city)
    watcher = live()  # a visitor with the need's page open
    assert watcher.emit("subscribe", {"topic": f"need:{need.id}"})["ok"]
    login(resident)
    response = client.post(f"/api/v1/needs/{need.id}/support")
    assert response.status_code == 200 and response.json["support_count"] == 1
    got = watcher.wait_for("counter:changed")
    assert {"topic": f"need:{need.id}", "name": "supports", "value": 1} in got


def test_a_repeated_support_pushes_nothing(app, client, login, live, city, resident):
    idea = fi.create_idea(city=city)
    login(resident)
    client.post(f"/api/v1/ideas/{idea.id}/support")
    watcher = live()
    watcher.emit("subscribe", {"topic": f"idea:{idea.id}"})
    client.post(f"/api/v1/ideas/{idea.id}/support")
    watcher.settle()
    assert watcher.events("counter:changed") == []
    client.delete(f"/api/v1/ideas/{idea.id}/support")
    assert {"topic": f"idea:{idea.id}", "name": "supports", "value": 0} in watcher.wait_for("counter:changed")


def test_topics_exist_only_for_visible_needs_and_ideas(live, city):
    need = fn.create_need(city=city)
    hidden = fi.create_idea(city=city, hidden=True)
    client = live()
    assert client.emit("subscribe", {"topic": f"need:{need.id}"})["ok"]
    assert client.emit("subscribe", {"topic": f"idea:{hidden.id}"})["error"]["code"] == "not_found"
    assert client.emit("subscribe", {"topic": "need:999999"})["error"]["code"] == "not_found"
    assert client.emit("subscribe", {"topic": "need:abc"})["error"]["code"] == "not_found"


def test_the_panel_shows_the_count_and_the_state_of_the_button(app, city, resident):
    need = fn.create_need(city=city)
    services.support(resident, need)
    mine = fp.render_panel(app, need, "need", user=resident)
    assert f'data-live-counter="need:{need.id} supports" aria-live="polite">1<' in mine
    assert 'data-support-form="on" hidden' in mine  # "support" is replaced by "withdraw"
    visitor = fp.render_panel(app, need, "need")
    assert "/login?next=" in visitor and 'data-support-form="on"' not in visitor
