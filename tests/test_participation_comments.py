"""Comments: one level of replies, edit window, soft delete, counters, notifications, live."""

import pytest
import sqlalchemy as sa

from app.errors import InvalidInput, PermissionDenied
from app.models import Comment, Notification
from app.participation import services
from tests import factories
from tests.factories import ideas as fi
from tests.factories import needs as fn
from tests.factories import participation as fp
from tests.xss import PAYLOADS, assert_no_xss


@pytest.fixture(autouse=True)
def _as_in_a_request(app):
    with factories.request_context(app):
        yield


def _notifications(db, user, kind=None):
    query = sa.select(Notification).where(Notification.user_id == user.id)
    if kind:
        query = query.where(Notification.kind == kind)
    return db.session.scalars(query).all()


def test_a_comment_is_published_counted_and_shown(client, login, city, resident, db, app):
    need = fn.create_need(city=city)
    login(resident)
    response = client.post(f"/p/need/{need.id}/comments", data={"body": "Serve più **ombra** nel cortile."})
    assert response.status_code == 302 and "#comment-" in response.headers["Location"]
    db.session.refresh(need)
    assert need.comment_count == 1
    html = fp.render_panel(app, need, "need")
    assert "Serve più <strong>ombra</strong> nel cortile." in html and resident.name in html


def test_an_empty_comment_shows_the_form_again_with_an_error(client, login, city, resident, db):
    need = fn.create_need(city=city)
    login(resident)
    response = client.post(f"/p/need/{need.id}/comments", data={"body": "   "})
    assert response.status_code == 422
    assert 'aria-invalid="true"' in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Comment)) == 0


def test_a_reply_to_a_reply_attaches_to_the_top_comment(city, db):
    need = fn.create_need(city=city)
    anna, bruno, carla = (factories.create_user(city=city, name=n) for n in ("Anna", "Bruno", "Carla"))
    top = services.add_comment(anna, need, "Prima")
    reply = services.add_comment(bruno, need, "Seconda", parent_id=top.id)
    deeper = services.add_comment(carla, need, "Terza", parent_id=reply.id)
    assert reply.parent_id == top.id and deeper.parent_id == top.id
    # Anna (top) and Bruno (the reply answered) are told; the need's author too, once.
    assert len(_notifications(db, anna, "comment.reply")) == 2
    assert len(_notifications(db, bruno, "comment.reply")) == 1
    assert len(_notifications(db, need.author, "need.comment")) == 3
    assert _notifications(db, carla) == []


def test_the_author_of_the_target_is_not_told_twice_nor_about_themselves(city, db):
    idea = fi.create_idea(city=city)
    other = factories.create_user(city=city)
    top = services.add_comment(idea.author, idea, "Spiego meglio l'idea.")
    services.add_comment(other, idea, "Bella idea!", parent_id=top.id)
    kinds = [n.kind for n in _notifications(db, idea.author)]
    assert kinds == ["comment.reply"]


def test_replies_must_be_on_the_same_page(city, db):
    need, other_need = fn.create_need(city=city), fn.create_need(city=city)
    person = factories.create_user(city=city)
    elsewhere = services.add_comment(person, other_need, "Altrove")
    with pytest.raises(InvalidInput) as error:
        services.add_comment(person, need, "Risposta", parent_id=elsewhere.id)
    assert "parent_id" in error.value.fields


def test_edit_within_the_window_only_by_the_author(client, login, city, resident, db, app):
    need = fn.create_need(city=city)
    fresh = fp.create_comment(need, resident, "Primo testo")
    old = fp.create_comment(need, resident, "Testo vecchio", minutes_ago=app.config["COMMENT_EDIT_MINUTES"] + 1)
    login(resident)
    assert client.get(f"/p/comments/{fresh.id}/edit").status_code == 200
    client.post(f"/p/comments/{fresh.id}/edit", data={"body": "Testo corretto"})
    client.post(f"/p/comments/{old.id}/edit", data={"body": "Troppo tardi"})
    db.session.refresh(fresh)
    db.session.refresh(old)
    assert fresh.body == "Testo corretto" and fresh.edited_at is not None
    assert old.body == "Testo vecchio" and old.edited_at is None
    assert "edited" in fp.render_panel(app, need, "need")
    with pytest.raises(PermissionDenied):
        services.edit_comment(factories.create_user(city=city), fresh, "Non è mio")


def test_someone_else_cannot_edit_or_remove_a_comment(client, login, city, resident, db):
    need = fn.create_need(city=city)
    comment = fp.create_comment(need, resident, "Il mio commento")
    login(factories.create_user(city=city))
    assert client.post(f"/p/comments/{comment.id}/edit", data={"body": "Cambiato"}).status_code == 403
    assert client.post(f"/p/comments/{comment.id}/delete").status_code == 403
    db.session.refresh(comment)
    assert comment.body == "Il mio commento" and comment.deleted_at is None


def test_a_removed_comment_shows_as_removed_and_keeps_its_replies(client, login, city, resident, db, app):
    need = fn.create_need(city=city)
    top = fp.create_comment(need, resident, "Da cancellare")
    fp.create_comment(need, factories.create_user(city=city), "Una risposta che resta", parent=top)
    login(resident)
    client.post(f"/p/comments/{top.id}/delete")
    client.post(f"/p/comments/{top.id}/delete")  # twice changes nothing
    db.session.refresh(need)
    assert need.comment_count == 1
    html = fp.render_panel(app, need, "need")
    assert "Da cancellare" not in html and "Comment removed by its author." in html
    assert "Una risposta che resta" in html
    api = client.get(f"/api/v1/needs/{need.id}/comments").json["items"][0]
    assert api["deleted"] and api["body"] == "" and api["author"] is None and len(api["replies"]) == 1


def test_new_comments_reach_open_pages_live(client, login, live, city, resident):
    need = fn.create_need(city=city)
    watcher = live()
    watcher.emit("subscribe", {"topic": f"need:{need.id}"})
    login(resident)
    client.post(f"/api/v1/needs/{need.id}/comments", json={"body": "Arriva subito"})
    created = watcher.wait_for("comment:created")
    assert created and created[0]["topic"] == f"need:{need.id}"
    assert created[0]["comment"]["body"] == "Arriva subito"
    assert created[0]["comment"]["author"]["name"] == resident.name
    counters = watcher.wait_for("counter:changed")
    assert {"topic": f"need:{need.id}", "name": "comments", "value": 1} in counters


def test_comments_are_paginated_by_top_comment(client, city, db):
    idea = fi.create_idea(city=city)
    person = factories.create_user(city=city)
    for n in range(5):
        top = fp.create_comment(idea, person, f"Commento {n}")
    fp.create_comment(idea, person, "Risposta", parent=top)
    page = client.get(f"/api/v1/ideas/{idea.id}/comments?per_page=2&page=3").json
    assert (page["total"], page["page"], page["per_page"]) == (5, 3, 2)
    assert [c["body"] for c in page["items"]] == ["Commento 4"]
    assert page["items"][0]["replies"][0]["body"] == "Risposta"


@pytest.mark.parametrize("payload", PAYLOADS)
def test_comment_bodies_never_become_markup(client, login, city, resident, app, payload):
    need = fn.create_need(city=city)
    login(resident)
    client.post(f"/p/need/{need.id}/comments", data={"body": payload})
    comment = services.add_comment(resident, need, payload + " (2)")
    services.add_comment(resident, need, payload, parent_id=comment.id)
    for viewer in (None, resident):
        assert_no_xss(fp.render_panel(app, need, "need", user=viewer))
    assert client.get(f"/api/v1/needs/{need.id}/comments").status_code == 200
    response = client.get(f"/p/comments/{comment.id}/edit")
    assert_no_xss(response.get_data(as_text=True))
