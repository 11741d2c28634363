"""Staff answers: public, dated status changes of a need, notified and audited; residents
and staff of other cities cannot change a status."""

import pytest
import sqlalchemy as sa

from app.models import AuditEntry, NeedStatus, NeedStatusChange, Notification, Role
from app.participation import services
from tests import factories
from tests.factories import needs as fn
from tests.factories import participation as fp
from tests.xss import PAYLOADS, assert_no_xss


@pytest.fixture(autouse=True)
def _as_in_a_request(app):
    with factories.request_context(app):
        yield


@pytest.fixture
def staff(city):
    return factories.create_user(role=Role.STAFF, city=city, name="Anna Lorusso")


def _changes(db, need):
    return db.session.scalars(
        sa.select(NeedStatusChange).where(NeedStatusChange.need_id == need.id).order_by(NeedStatusChange.id)
    ).all()


def test_staff_move_a_need_through_its_statuses_in_public(client, login, city, staff, db, app):
    need = fn.create_need(city=city)
    login(staff)
    steps = [
        ("under_review", "Abbiamo girato la segnalazione all'ufficio verde pubblico."),
        ("being_addressed", ""),
        ("addressed", "Il cortile ora ha tre alberi e due pergolati."),
    ]
    for status, text in steps:
        response = client.post(f"/p/need/{need.id}/status", data={"status": status, "text": text, "next": "/c/bari"})
        assert response.status_code == 302
    db.session.refresh(need)
    assert need.status is NeedStatus.ADDRESSED
    assert [(c.from_status, c.to_status) for c in _changes(db, need)] == [
        (NeedStatus.OPEN, NeedStatus.UNDER_REVIEW),
        (NeedStatus.UNDER_REVIEW, NeedStatus.BEING_ADDRESSED),
        (NeedStatus.BEING_ADDRESSED, NeedStatus.ADDRESSED),
    ]
    html = fp.render_panel(app, need, "need")
    assert "Il cortile ora ha tre alberi e due pergolati." in html and 'data-need-status="addressed"' in html
    assert "Answer or change the status" not in html  # the form is for staff only
    audited = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "need.status")).all()
    assert len(audited) == 3 and audited[0].actor_id == staff.id and audited[0].city_id == city.id


def test_declining_needs_a_reason(client, login, city, staff, db, app):
    need = fn.create_need(city=city)
    login(staff)
    client.post(f"/p/need/{need.id}/status", data={"status": "declined", "text": "  "})
    db.session.refresh(need)
    assert need.status is NeedStatus.OPEN and _changes(db, need) == []
    reason = "L'area è privata: il Comune non può intervenire."
    client.post(f"/p/need/{need.id}/status", data={"status": "declined", "text": reason})
    db.session.refresh(need)
    assert need.status is NeedStatus.DECLINED
    assert reason.replace("'", "&#39;") in fp.render_panel(app, need, "need")


def test_an_answer_without_a_status_change_needs_text(client, login, city, staff, db):
    need = fn.create_need(city=city)
    login(staff)
    client.post(f"/p/need/{need.id}/status", data={"status": "open", "text": ""})
    assert _changes(db, need) == []
    client.post(f"/p/need/{need.id}/status", data={"status": "open", "text": "Ne parliamo al prossimo laboratorio."})
    assert len(_changes(db, need)) == 1


@pytest.mark.parametrize("who", ["resident", "author", "other_city_staff", "facilitator"])
def test_others_cannot_change_a_status(client, login, city, other_city, db, who):
    need = fn.create_need(city=city)
    person = {
        "resident": lambda: factories.create_user(city=city),
        "author": lambda: need.author,
        "other_city_staff": lambda: factories.create_user(role=Role.STAFF, city=other_city),
        "facilitator": lambda: factories.create_user(role=Role.FACILITATOR, city=city),
    }[who]()
    login(person)
    response = client.post(f"/p/need/{need.id}/status", data={"status": "addressed", "text": "Fatto!"})
    assert response.status_code == 403
    db.session.refresh(need)
    assert need.status is NeedStatus.OPEN and _changes(db, need) == []


def test_a_bad_status_changes_nothing(client, login, city, staff, db):
    need = fn.create_need(city=city)
    login(staff)
    client.post(f"/p/need/{need.id}/status", data={"status": "vanished", "text": "x"})
    db.session.refresh(need)
    assert need.status is NeedStatus.OPEN and _changes(db, need) == []


def test_author_supporters_and_followers_are_told_once_each(client, login, city, staff, db):
    need = fn.create_need(city=city)
    supporter, follower = factories.create_user(city=city), factories.create_user(city=city)
    services.support(supporter, need)
    services.follow(follower, need)
    services.support(need.author, need)
    login(staff)
    client.post(f"/p/need/{need.id}/status", data={"status": "under_review", "text": ""})
    told = db.session.scalars(sa.select(Notification).where(Notification.kind == "need.status")).all()
    assert sorted(n.user_id for n in told) == sorted([need.author_id, supporter.id, follower.id])
    assert all(n.url.endswith("#history") for n in told)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_answer_texts_never_become_markup(client, login, city, staff, app, payload):
    need = fn.create_need(city=city)
    login(staff)
    client.post(f"/p/need/{need.id}/status", data={"status": "declined", "text": payload})
    assert_no_xss(fp.render_panel(app, need, "need"))
    assert_no_xss(fp.render_panel(app, need, "need", user=staff))
