"""Reports and moderation: once per person, three reports hide, staff hide or restore with
a reason (audited), authors are told why, hidden items are gone for the public."""

import pytest
import sqlalchemy as sa

from app.errors import Conflict, InvalidInput
from app.models import AuditEntry, Notification, Report, Role
from app.participation import moderation, services
from tests import factories
from tests.factories import ideas as fi
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


def _reporters(city, n):
    return [factories.create_user(city=city) for _ in range(n)]


def test_a_person_reports_an_item_once(client, login, city, resident, db):
    need = fn.create_need(city=city)
    login(resident)
    client.post(f"/p/need/{need.id}/report", data={"reason": "Contiene dati personali di un vicino."})
    client.post(f"/p/need/{need.id}/report", data={"reason": "Di nuovo"})
    db.session.refresh(need)
    assert need.report_count == 1 and not need.hidden
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Report)) == 1
    with pytest.raises(Conflict):
        moderation.report(resident, need, "Ancora una volta")


def test_a_report_needs_a_reason_and_not_ones_own_item(city, resident, db):
    idea = fi.create_idea(city=city, author=resident)
    with pytest.raises(InvalidInput):
        moderation.report(factories.create_user(city=city), idea, "  ")
    with pytest.raises(InvalidInput):
        moderation.report(resident, idea, "Mi segnalo da solo")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Report)) == 0


def test_three_reports_hide_a_need_from_the_public(client, login, live, city, db, app):
    need = fn.create_need(city=city, title="Bisogno contestato")
    for person in _reporters(city, 3):
        login(person)
        client.post(f"/p/need/{need.id}/report", data={"reason": "Linguaggio offensivo."})
    db.session.refresh(need)
    assert need.hidden and need.report_count == 3 and need.hidden_reason is None
    client.post("/logout")
    # Gone for the public: its participation doors and live topic answer "not found".
    assert client.get(f"/api/v1/needs/{need.id}/comments").status_code == 404
    assert live().emit("subscribe", {"topic": f"need:{need.id}"})["error"]["code"] == "not_found"
    # The author is told, and sees why on their own page.
    told = db.session.scalars(sa.select(Notification).where(Notification.user_id == need.author_id)).all()
    assert [n.kind for n in told] == ["moderation.need_held"]
    notice = fp.render_panel(app, need, "need", user=need.author)
    assert "data-hidden-notice" in notice and "waits for city staff" in notice
    assert "data-hidden-notice" not in fp.render_panel(app, need, "need", user=factories.create_user(city=city))
    audited = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "moderation.auto_hide"))
    assert audited.target_id == need.id and audited.city_id == city.id


def test_three_reports_hide_a_comment_and_the_count_follows(city, db, app):
    need = fn.create_need(city=city)
    comment = services.add_comment(factories.create_user(city=city), need, "Commento offensivo")
    for person in _reporters(city, 3):
        moderation.report(person, comment, "Insulti.")
    db.session.refresh(need)
    assert need.comment_count == 0
    html = fp.render_panel(app, need, "need")
    assert "Commento offensivo" not in html and "comment-" not in html.split("data-comment-list")[1].split("</ol>")[0]


def test_a_hidden_comment_with_replies_stays_as_a_stub(client, city, db, app, staff):
    idea = fi.create_idea(city=city)
    author = factories.create_user(city=city)
    top = services.add_comment(author, idea, "Testo da nascondere")
    services.add_comment(factories.create_user(city=city), idea, "Risposta legittima", parent_id=top.id)
    moderation.hide(staff, top, "Contiene il numero di telefono di una persona.")
    public = fp.render_panel(app, idea, "idea")
    assert "Testo da nascondere" not in public and "Comment hidden by moderation." in public
    assert "Risposta legittima" in public
    item = client.get(f"/api/v1/ideas/{idea.id}/comments").json["items"][0]
    assert item["hidden"] and item["body"] == "" and item["author"] is None
    mine = fp.render_panel(app, idea, "idea", user=author)
    assert "Testo da nascondere" in mine and "Contiene il numero di telefono di una persona." in mine
    assert "Testo da nascondere" in fp.render_panel(app, idea, "idea", user=staff)


def test_staff_see_the_queue_and_restore_with_a_reason(client, login, city, staff, db):
    need = fn.create_need(city=city, title="Segnalato per errore")
    for person in _reporters(city, 3):
        moderation.report(person, need, "Sembra pubblicità.")
    login(staff)
    page = client.get("/c/bari/moderation").get_data(as_text=True)
    assert "Segnalato per errore" in page and "Sembra pubblicità." in page
    response = client.post(
        f"/p/moderation/need/{need.id}", data={"action": "restore", "reason": "Non è pubblicità: è un'associazione."}
    )
    assert response.status_code == 302
    db.session.refresh(need)
    assert not need.hidden and need.report_count == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Report).where(Report.resolved_at.is_(None))) == 0
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "moderation.restore"))
    assert entry.actor_id == staff.id and entry.data["reason"] == "Non è pubblicità: è un'associazione."
    kinds = db.session.scalars(
        sa.select(Notification.kind).where(Notification.user_id == need.author_id).order_by(Notification.id)
    ).all()
    assert kinds == ["moderation.need_held", "moderation.need_restored"]
    assert "Segnalato per errore" not in client.get("/c/bari/moderation").get_data(as_text=True)


def test_staff_hide_with_a_reason_and_the_author_reads_it(client, login, city, staff, db, app):
    idea = fi.create_idea(city=city)
    login(staff)
    client.post(f"/p/moderation/idea/{idea.id}", data={"action": "hide", "reason": "Duplica l'idea n. 12."})
    db.session.refresh(idea)
    assert idea.hidden and idea.hidden_reason == "Duplica l'idea n. 12."
    told = db.session.scalar(sa.select(Notification).where(Notification.user_id == idea.author_id))
    assert told.kind == "moderation.idea_hidden" and told.params["reason"] == "Duplica l'idea n. 12."
    assert "Duplica l&#39;idea n. 12." in fp.render_panel(app, idea, "idea", user=idea.author)
    assert db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "moderation.hide")).actor_id == staff.id


def test_hiding_needs_a_reason(client, login, city, staff, db):
    need = fn.create_need(city=city)
    login(staff)
    client.post(f"/p/moderation/need/{need.id}", data={"action": "hide", "reason": ""})
    db.session.refresh(need)
    assert not need.hidden


@pytest.mark.parametrize("who", ["resident", "other_city_staff", "evaluator"])
def test_only_staff_of_the_city_moderate(client, login, city, other_city, db, who):
    need = fn.create_need(city=city)
    comment = fp.create_comment(need, need.author, "Un commento")
    person = {
        "resident": lambda: factories.create_user(city=city),
        "other_city_staff": lambda: factories.create_user(role=Role.STAFF, city=other_city),
        "evaluator": lambda: factories.create_user(role=Role.EVALUATOR, city=city),
    }[who]()
    login(person)
    data = {"action": "hide", "reason": "Non mi piace."}
    assert client.post(f"/p/moderation/need/{need.id}", data=data).status_code == 403
    assert client.post(f"/p/moderation/comment/{comment.id}", data=data).status_code == 403
    assert client.get("/c/bari/moderation").status_code == 403
    db.session.refresh(need)
    db.session.refresh(comment)
    assert not need.hidden and not comment.hidden


def test_the_city_page_links_the_queue_for_its_staff_only(client, login, city, staff):
    assert "/c/bari/moderation" not in client.get("/c/bari").get_data(as_text=True)
    login(staff)
    assert "/c/bari/moderation" in client.get("/c/bari").get_data(as_text=True)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_report_reasons_and_moderation_pages_never_become_markup(client, login, city, staff, app, payload):
    need = fn.create_need(city=city, title=payload[:140])
    comment = services.add_comment(factories.create_user(city=city), need, payload)
    for person in _reporters(city, 2):
        moderation.report(person, comment, payload[:500] if len(payload) >= 3 else payload + "!!!")
        moderation.report(person, need, payload[:500] if len(payload) >= 3 else payload + "!!!")
    moderation.hide(staff, comment, (payload + " motivo")[:500])
    login(staff)
    assert_no_xss(client.get("/c/bari/moderation").get_data(as_text=True))
    assert_no_xss(fp.render_panel(app, need, "need", user=comment.author))
    assert_no_xss(fp.render_panel(app, need, "need", user=staff))
