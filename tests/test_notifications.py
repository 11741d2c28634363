"""The notification centre, the header's count, mail (immediately, after the commit only)
and the daily digest command."""

import html
from datetime import timedelta

import pytest
import sqlalchemy as sa
from huey.storage import MemoryStorage

from app import jobs
from app.extensions import db as _db
from app.ideas import services as ideas
from app.models import EmailFrequency, Notification, Role
from app.models.base import utcnow
from app.notifications import services
from tests import factories
from tests.factories import ideas as fi
from tests.factories import needs as fn


@pytest.fixture
def request_context(app):
    with app.test_request_context():
        yield


def _page(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def _person(city, frequency=EmailFrequency.IMMEDIATELY, locale=None, **kw):
    user = factories.create_user(city=city, locale=locale, **kw)
    user.email_frequency = frequency
    _db.session.commit()
    return user


def _propose(actor, city, need, title="Un orto condiviso"):
    return ideas.propose_idea(
        actor,
        city=city,
        title=title,
        summary="Cassoni rialzati nel cortile della scuola.",
        body="Lo curano gli anziani con i ragazzi del doposcuola.",
        need_ids=[need.id],
    )


# --- the centre ---------------------------------------------------------------------------


def test_the_centre_lists_newest_first_in_the_readers_language(client, login, city):
    reader = _person(city, locale="en")
    older = fi.create_notification(reader, idea="Orto", stage="funded")
    older.created_at = utcnow() - timedelta(hours=2)
    _db.session.commit()
    fi.create_notification(reader, "idea.new_for_need", idea="Ciclofficina", need="Bici rubate")
    login(reader)
    page = _page(client.get("/notifications"))
    assert "The idea “Orto” is now: Funded" in page
    assert "A new idea answers the need “Bici rubate”: “Ciclofficina”" in page
    assert page.index("Ciclofficina") < page.index("Orto")


def test_the_centre_is_paginated(client, login, city, resident):
    for n in range(23):
        fi.create_notification(resident, "idea.stage", idea=f"Idea {n:02d}", stage="funded")
    login(resident)
    first, second = _page(client.get("/notifications")), _page(client.get("/notifications?page=2"))
    assert "Idea 22" in first and "Idea 02" not in first and "Idea 02" in second


def test_mark_one_then_all_read_and_the_header_count_follows(client, login, city, resident):
    first, _second, _third = (fi.create_notification(resident, idea=f"Idea {n}", stage="funded") for n in range(3))
    fi.create_notification(factories.create_user(), idea="Altrui", stage="funded")
    login(resident)
    page = client.get("/").get_data(as_text=True)
    assert 'data-notification-count aria-live="polite">3<' in page
    client.post(f"/notifications/{first.id}/read")
    assert 'data-notification-count aria-live="polite">2<' in client.get("/").get_data(as_text=True)
    only_unread = _page(client.get("/notifications?unread=1"))
    assert "Idea 0" not in only_unread and "Idea 1" in only_unread
    client.post("/notifications/read-all")
    page = client.get("/").get_data(as_text=True)
    assert 'd-none" data-notification-count aria-live="polite"><' in page
    assert (
        _db.session.scalar(sa.select(sa.func.count()).select_from(Notification).where(Notification.read_at.is_(None)))
        == 1
    )  # the other person's


def test_opening_a_notification_marks_it_read_and_goes_to_its_page(client, login, city, resident):
    note = fi.create_notification(resident, url="/c/bari/ideas/7", idea="Orto", stage="funded")
    evil = fi.create_notification(resident, url="https://evil.example/", idea="Orto", stage="funded")
    login(resident)
    # Opening is a POST (a GET never writes): the centre shows a button in a form.
    page = client.get("/notifications").get_data(as_text=True)
    assert f'<form method="post" action="/notifications/{note.id}/open"' in page
    assert client.get(f"/notifications/{note.id}/open").status_code == 405
    _db.session.refresh(note)
    assert note.read_at is None
    response = client.post(f"/notifications/{note.id}/open")
    assert response.headers["Location"] == "/c/bari/ideas/7"
    _db.session.refresh(note)
    assert note.read_at is not None
    assert client.post(f"/notifications/{evil.id}/open").headers["Location"] == "/notifications"


def test_another_persons_notification_is_not_found(client, login, city, resident):
    theirs = fi.create_notification(factories.create_user())
    login(resident)
    assert client.post(f"/notifications/{theirs.id}/open").status_code == 404
    assert client.post(f"/notifications/{theirs.id}/read").status_code == 404
    _db.session.refresh(theirs)
    assert theirs.read_at is None


# --- mail, immediately ----------------------------------------------------------------------


def test_a_new_idea_mails_the_need_author_after_the_commit(city, resident, mailbox, request_context):
    author = _person(city, name="Maria", email="maria@example.org")
    need = fn.create_need(city, author, title="Il cortile è chiuso")
    idea = _propose(resident, city, need)
    assert len(mailbox) == 1
    mail = mailbox[0]
    assert mail.to == ["maria@example.org"]
    assert "Il cortile è chiuso" in mail.subject and mail.subject.startswith("Cantiere:")
    assert "Ciao Maria," in mail.body and f"http://localhost/c/bari/ideas/{idea.id}" in mail.body
    assert _db.session.scalar(sa.select(Notification.emailed_at).where(Notification.user_id == author.id))


def test_the_mail_is_one_job_queued_after_the_commit_with_the_requests_address(
    app, city, resident, mailbox, monkeypatch
):
    monkeypatch.setattr(jobs.huey, "_immediate", False)  # a queue with no consumer
    monkeypatch.setattr(jobs.huey, "storage", MemoryStorage(jobs.huey.name))
    author = _person(city, email="maria@example.org")
    need = fn.create_need(city, author, title="Il cortile è chiuso")
    with app.test_request_context(base_url="https://cantiere.comune.bari.it"):
        idea = _propose(resident, city, need)
    assert mailbox == [] and jobs.huey.pending_count() == 1
    task = jobs.huey.dequeue()
    assert task.name == "mail_notifications"
    jobs.huey.execute(task)  # as the consumer does, outside any request
    assert len(mailbox) == 1 and mailbox[0].to == ["maria@example.org"]
    assert f"https://cantiere.comune.bari.it/c/bari/ideas/{idea.id}" in mailbox[0].body
    assert _db.session.scalar(sa.select(Notification.emailed_at).where(Notification.user_id == author.id))


def test_mail_is_in_the_readers_language(city, resident, mailbox, request_context):
    author = _person(city, locale="en")
    _propose(resident, city, fn.create_need(city, author, title="Dark street"))
    assert mailbox[0].subject.startswith("Cantiere: A new idea answers the need “Dark street”")
    assert "Hello " in mailbox[0].body


def test_daily_and_never_people_get_no_immediate_mail(city, resident, mailbox, request_context):
    daily, never = _person(city, EmailFrequency.DAILY), _person(city, EmailFrequency.NEVER)
    _propose(resident, city, fn.create_need(city, daily))
    _propose(resident, city, fn.create_need(city, never), title="Seconda idea")
    assert mailbox == []
    assert _db.session.scalar(sa.select(sa.func.count()).select_from(Notification)) == 2


def test_a_rolled_back_change_sends_no_mail_and_stores_nothing(city, mailbox, request_context):
    person = _person(city)
    services.notify(person, "idea.stage", "/c/bari/ideas/1", idea="Orto", stage="funded")
    _db.session.rollback()
    _db.session.commit()
    assert mailbox == []
    assert _db.session.scalar(sa.select(sa.func.count()).select_from(Notification)) == 0


def test_a_mail_failure_keeps_the_notification_and_the_digest_sends_it_later(
    app, city, resident, mailbox, monkeypatch, request_context
):
    from flask_mailman import EmailMessage

    author = _person(city)
    need = fn.create_need(city, author)

    def broken(self, *args, **kwargs):
        raise OSError("mail server down")

    with monkeypatch.context() as patch:
        patch.setattr(EmailMessage, "send", broken)
        idea = _propose(resident, city, need)
    assert idea.id and mailbox == []
    stored = _db.session.scalar(sa.select(Notification).where(Notification.user_id == author.id))
    assert stored is not None and stored.emailed_at is None
    from app.notifications.mail import send_digests

    assert send_digests(grace_minutes=30)["mails"] == 0  # too recent: it may still be on its way
    assert send_digests(now=utcnow() + timedelta(minutes=31))["mails"] == 1
    assert len(mailbox) == 1 and "Un orto condiviso" in mailbox[0].body
    _db.session.refresh(stored)
    assert stored.emailed_at is not None


# --- the daily digest -----------------------------------------------------------------------


def test_the_digest_command_mails_daily_people_once(runner, city, mailbox):
    daily = _person(city, EmailFrequency.DAILY, email="daily@example.org")
    fi.create_notification(daily, "idea.stage", idea="Ciclofficina", stage="in_codesign")
    fi.create_notification(daily, "idea.new_for_need", idea="Coro", need="Solitudine")
    seen = fi.create_notification(daily, "idea.stage", idea="Già letta", stage="funded")
    seen.read_at = utcnow()
    never = _person(city, EmailFrequency.NEVER)
    fi.create_notification(never, idea="Mai", stage="funded")
    fresh = _person(city, EmailFrequency.IMMEDIATELY)
    fi.create_notification(fresh, idea="Appena arrivata", stage="funded")  # its own mail is on its way
    _db.session.commit()

    result = runner.invoke(args=["notifications", "digest"])
    assert result.exit_code == 0, result.output
    assert "1 mails" in result.output
    assert len(mailbox) == 1
    mail = mailbox[0]
    assert mail.to == ["daily@example.org"] and mail.subject == "Cantiere: 2 nuove notifiche"
    assert "L'idea «Ciclofficina» ora è: In co-progettazione" in mail.body
    assert "Una nuova idea risponde al bisogno «Solitudine»: «Coro»" in mail.body
    assert "Già letta" not in mail.body
    assert "http://localhost:5000/notifications" in mail.body
    unmailed = _db.session.scalars(sa.select(Notification.user_id).where(Notification.emailed_at.is_(None))).all()
    assert sorted(unmailed) == sorted([never.id, fresh.id])

    again = runner.invoke(args=["notifications", "digest"])
    assert again.exit_code == 0 and len(mailbox) == 1


def test_a_digest_of_only_read_notifications_sends_nothing_but_marks_them(runner, city, mailbox):
    daily = _person(city, EmailFrequency.DAILY)
    note = fi.create_notification(daily)
    note.read_at = utcnow()
    _db.session.commit()
    assert runner.invoke(args=["notifications", "digest"]).exit_code == 0
    assert mailbox == []
    _db.session.refresh(note)
    assert note.emailed_at is not None


# --- live ----------------------------------------------------------------------------------


def test_the_need_author_gets_a_live_notification(client, login, live, city, resident, app):
    author = _person(city, locale="en")
    need = fn.create_need(city, author, title="No shade in the square")
    author_client = app.test_client()
    login(author, author_client)
    author_socket = live(author_client)
    bystander = live(token=factories.create_token(factories.create_user(city=city)))
    login(resident)
    response = client.post(
        "/c/bari/ideas/new",
        data={
            "title": "Alberi in piazza",
            "summary": "Piantiamo dieci alberi con la scuola.",
            "body": "Ogni classe adotta un albero.",
            "need_ids": [str(need.id)],
        },
    )
    assert response.status_code == 302
    pushes = author_socket.wait_for("notification")
    assert len(pushes) == 1
    push = pushes[0]
    assert push["kind"] == "idea.new_for_need" and push["url"] == response.headers["Location"]
    assert push["text"] == "A new idea answers the need “No shade in the square”: “Alberi in piazza”"
    assert set(push) == {"id", "kind", "text", "url", "created_at"}
    bystander.settle()
    assert bystander.events("notification") == []


def test_followers_get_a_live_push_when_staff_changes_the_stage(client, login, live, city, app):
    idea = fi.create_idea(city, title="Orto condiviso")
    follower = _person(city)
    fi.follow(follower, idea=idea)
    socket = live(token=factories.create_token(follower))
    login(factories.create_user(role=Role.STAFF, city=city))
    client.post(f"/c/bari/ideas/{idea.id}/stage", data={"stage": "funded", "note": "Finanziata dal Comune."})
    push = socket.wait_for("notification")[0]
    assert push["kind"] == "idea.stage" and push["text"] == "L'idea «Orto condiviso» ora è: Finanziata"


def test_new_ideas_arrive_live_on_the_city_topic(client, login, live, city, resident):
    need = fn.create_need(city)
    watcher = live()
    assert watcher.emit("subscribe", {"topic": "city:bari"})["ok"]
    login(resident)
    client.post(
        "/c/bari/ideas/new",
        data={
            "title": "Ludoteca",
            "summary": "Giochi in prestito per tutti.",
            "body": "Sabato.",
            "need_ids": [need.id],
        },
    )
    item = watcher.wait_for("item:created")[0]
    assert item["topic"] == "city:bari" and item["kind"] == "idea"
    assert item["item"]["title"] == "Ludoteca" and [n["id"] for n in item["item"]["needs"]] == [need.id]
    assert item["item"]["url"].startswith("http://localhost/c/bari/ideas/")  # the API's idea (test_live_items)


def test_notifying_many_people_stores_everyone_in_one_batch(request_context, live, city):
    """Telling every supporter of a need must not cost a round trip per person."""
    people = [_person(city, frequency=EmailFrequency.NEVER) for _ in range(30)]
    listener = live(token=factories.create_token(people[0]))
    inserts = []

    def count(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("INSERT INTO NOTIFICATION"):
            inserts.append(statement)

    sa.event.listen(_db.engine, "before_cursor_execute", count)
    try:
        sent = services.notify_many(
            [*people, people[0]],
            "need.status",
            "/needs/1",
            exclude=[people[1].id],
            title="Panchine rotte",
            status="addressed",
        )
        _db.session.commit()
    finally:
        sa.event.remove(_db.engine, "before_cursor_execute", count)
    assert sent == 29  # everyone once, the excluded actor not at all
    assert _db.session.scalar(sa.select(sa.func.count()).select_from(Notification)) == 29
    if _db.engine.dialect.name == "postgresql":
        # Over the network the rows go in one batch (SQLite inserts in-process, row by row:
        # without a sentinel column SQLAlchemy cannot batch it with RETURNING).
        assert len(inserts) <= 2
    assert len(listener.wait_for("notification")) == 1
