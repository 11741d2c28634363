"""After the workshop: groups and notes become ideas (lineage back to the workshop and its
needs, crediting the note authors), the minutes are approved and frozen, printable and
downloadable as PDF, and followers are told."""

import re

import pytest
import sqlalchemy as sa

from app import pdf as pdf_module
from app.errors import Conflict
from app.extensions import db
from app.models import Idea, Notification, Role
from app.models.board import BoardGroup, BoardNote
from app.models.workshop import Minutes, WorkshopStatus
from app.workshops import outcomes, registrations, services
from tests import factories
from tests.factories.board import add_group, add_note, add_vote, person
from tests.factories.ideas import follow
from tests.factories.needs import create_need
from tests.factories.workshops import create_workshop, register
from tests.pdfs import pdf_text

pytestmark = pytest.mark.usefixtures("in_request")


# --- a workshop that happened -----------------------------------------------------------------


@pytest.fixture
def held(city):
    """A live workshop about a need, with two registered people, a group of voted notes and a
    loose note; the need has a follower."""
    facilitator = person(city, "Chiara Esposito", Role.FACILITATOR)
    follower = person(city, "Franca Follower")
    need = create_need(city, follower, title="Mancano spazi per studiare a Japigia")
    follow(follower, need=need)
    workshop = create_workshop(
        city=city,
        facilitator=facilitator,
        status=WorkshopStatus.LIVE,
        title="Laboratorio: spazi per i giovani a Japigia",
        needs=[need],
        agenda=[("Accoglienza e perché siamo qui", "discuss", 10), ("Idee", "brainstorm", 20), ("Voto", "vote", 10)],
    )
    anna, bruno, carla = person(city, "Anna Rossi"), person(city, "Bruno Bianchi"), person(city, "Carla Verdi")
    for someone in (anna, bruno, carla):
        register(workshop, someone)
    group = add_group(workshop, facilitator, "Aule studio di quartiere")
    n1 = add_note(workshop, anna, "Aprire la scuola Melo il pomeriggio, perché è chiusa", group=group)
    n2 = add_note(workshop, bruno, "Wi-fi gratuito in biblioteca", group=group)
    loose = add_note(workshop, carla, "Un campetto più sicuro")
    add_vote(n1, anna, 2)
    add_vote(n1, bruno, 1)
    add_vote(n2, carla, 1)
    return {
        "workshop": workshop,
        "facilitator": facilitator,
        "need": need,
        "follower": follower,
        "people": (anna, bruno, carla),
        "group": group,
        "notes": (n1, n2),
        "loose": loose,
    }


def close(client, login, held):
    login(held["facilitator"])
    assert client.post(f"/workshops/{held['workshop'].id}/close").status_code == 302
    db.session.refresh(held["workshop"])
    assert held["workshop"].status is WorkshopStatus.CLOSED


def test_ideas_only_after_closing(client, login, held):
    workshop = held["workshop"]
    login(held["facilitator"])
    assert client.get(f"/workshops/{workshop.id}/outcomes").status_code == 302
    client.post(f"/workshops/{workshop.id}/groups/{held['group'].id}/idea", data={"title": "Troppo presto"})
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Idea)) == 0
    with pytest.raises(Conflict):
        outcomes.turn_group_into_idea(held["facilitator"], workshop, held["group"])


def test_a_group_becomes_an_idea_linked_to_the_workshop_and_its_needs(client, login, held):
    close(client, login, held)
    workshop, group = held["workshop"], held["group"]
    page = client.get(f"/workshops/{workshop.id}/outcomes")
    assert page.status_code == 200 and "Aule studio di quartiere" in page.text
    response = client.post(
        f"/workshops/{workshop.id}/groups/{group.id}/idea", data={"title": "Aule studio aperte la sera", "summary": ""}
    )
    assert response.status_code == 302
    idea = db.session.scalar(sa.select(Idea))
    assert idea.title == "Aule studio aperte la sera"
    assert idea.workshop_id == workshop.id
    assert [n.id for n in idea.needs] == [held["need"].id]
    assert idea.author_id == held["facilitator"].id
    for text in ("Aprire la scuola Melo il pomeriggio", "Wi-fi gratuito in biblioteca", "Anna Rossi", "Bruno Bianchi"):
        assert text in idea.body
    assert "Carla Verdi" not in idea.body  # her note is not in the group
    assert "Aprire la scuola Melo" in idea.summary
    db.session.expire_all()
    assert db.session.get(BoardGroup, group.id).idea_id == idea.id
    assert {db.session.get(BoardNote, n.id).idea_id for n in held["notes"]} == {idea.id}
    # Once only.
    client.post(f"/workshops/{workshop.id}/groups/{group.id}/idea", data={"title": "Di nuovo"})
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Idea)) == 1
    # Lineage both ways.
    assert services.workshops_for_idea(idea) == [
        {**services.workshops_for_idea(idea)[0], "id": workshop.id, "relation": "produced"}
    ]
    assert [w["id"] for w in services.workshops_for_need(held["need"])] == [workshop.id]
    detail = client.get(f"/workshops/{workshop.id}").text
    assert "Aule studio aperte la sera" in detail


def test_a_single_note_becomes_an_idea(client, login, held):
    close(client, login, held)
    workshop, loose = held["workshop"], held["loose"]
    client.post(f"/workshops/{workshop.id}/notes/{loose.id}/idea", data={"title": "", "summary": ""})
    idea = db.session.scalar(sa.select(Idea))
    assert idea.title == "Un campetto più sicuro" and "Carla Verdi" in idea.body
    db.session.expire_all()
    assert db.session.get(BoardNote, loose.id).idea_id == idea.id


def test_only_managers_turn_the_board_into_ideas(client, login, held, city):
    close(client, login, held)
    workshop = held["workshop"]
    anna = held["people"][0]
    login(anna)
    assert client.get(f"/workshops/{workshop.id}/outcomes").status_code == 403
    assert client.post(f"/workshops/{workshop.id}/groups/{held['group'].id}/idea").status_code == 403
    other = factories.create_user(role=Role.FACILITATOR, city=city)
    login(other)
    assert client.post(f"/workshops/{workshop.id}/notes/{held['loose'].id}/idea").status_code == 403
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Idea)) == 0


def test_lineage_partial_on_need_and_idea_pages(app, client, login, held):
    close(client, login, held)
    idea = outcomes.turn_group_into_idea(held["facilitator"], held["workshop"], held["group"])
    from flask import render_template

    html = render_template("workshops/_for_target.html", target=held["need"], kind="need")
    assert "Laboratorio: spazi per i giovani a Japigia" in html and f"/workshops/{held['workshop'].id}" in html
    html = render_template("workshops/_for_target.html", target=idea, kind="idea")
    assert "Laboratorio: spazi per i giovani a Japigia" in html


def _check_the_minutes_pdf(client, workshop):
    """The approved minutes' PDF shows everything frozen at approval."""
    pdf = client.get(f"/workshops/{workshop.id}/minutes.pdf")
    assert pdf.status_code == 200
    assert pdf.headers["Content-Type"] == "application/pdf"
    assert pdf.data.startswith(b"%PDF")
    text = pdf_text(pdf.data)
    for expected in (
        "Laboratorio: spazi per i giovani a Japigia",
        "Anna Rossi, Bruno Bianchi",  # attendees
        "Accoglienza e perché siamo qui",  # agenda, with its accent
        "Aule studio di quartiere",  # group
        "Wi-fi gratuito in biblioteca",  # notes
        "Aprire la scuola Melo il pomeriggio, perché è chiusa",
        "Rivedersi a marzo",  # decisions
        "Aule studio aperte la sera",  # ideas produced
        "Mancano spazi per studiare a Japigia",  # need
    ):
        assert expected in text, expected
    assert re.search(r"1\. Aprire la scuola Melo.*3 vot", text)  # vote results, ranked
    assert "Testo cambiato dopo" not in text


def test_minutes_approved_are_frozen_and_followers_told(client, login, held):
    close(client, login, held)
    workshop, facilitator = held["workshop"], held["facilitator"]
    anna, bruno, carla = held["people"]
    outcomes.turn_group_into_idea(facilitator, workshop, held["group"], title="Aule studio aperte la sera")
    registrations.record_attendance(facilitator, workshop, [anna.id, bruno.id])
    # Not public before approval; facilitators see the draft.
    assert client.get(f"/workshops/{workshop.id}/minutes").status_code == 200
    login(anna)
    assert client.get(f"/workshops/{workshop.id}/minutes").status_code == 404
    assert client.get(f"/workshops/{workshop.id}/minutes.pdf").status_code == 404
    login(facilitator)
    edit = client.get(f"/workshops/{workshop.id}/minutes/edit")
    assert edit.status_code == 200 and "Anna Rossi" in edit.text
    decisions = "Chiedere al Comune l'apertura serale della scuola Melo.\nRivedersi a marzo."
    assert (
        client.post(
            f"/workshops/{workshop.id}/minutes/edit", data={"decisions": decisions, "action": "save"}
        ).status_code
        == 302
    )
    assert outcomes.minutes_of(workshop).approved_at is None
    response = client.post(
        f"/workshops/{workshop.id}/minutes/edit", data={"decisions": decisions, "notes": "", "action": "approve"}
    )
    assert response.status_code == 302
    minutes = db.session.scalar(sa.select(Minutes))
    assert minutes.approved_at is not None and minutes.approved_by_id == facilitator.id
    assert minutes.snapshot["attendees"] == ["Anna Rossi", "Bruno Bianchi"]
    followers_told = db.session.scalars(sa.select(Notification.user_id).where(Notification.kind == "workshop.minutes"))
    assert set(followers_told) == {held["follower"].id, anna.id, bruno.id, carla.id}

    # Later changes of the board or of the ideas change nothing in the approved minutes.
    note = db.session.get(BoardNote, held["notes"][0].id)
    note.text = "Testo cambiato dopo"
    add_note(workshop, carla, "Nota aggiunta dopo l'approvazione")
    db.session.get(BoardGroup, held["group"].id).title = "Gruppo rinominato"
    db.session.scalar(sa.select(Idea)).title = "Titolo cambiato"
    db.session.commit()
    login(carla)
    page = client.get(f"/workshops/{workshop.id}/minutes")
    assert page.status_code == 200
    for expected in ("Aprire la scuola Melo il pomeriggio", "Aule studio di quartiere", "Aule studio aperte la sera"):
        assert expected in page.text.replace("&#39;", "'")
    for changed in ("Testo cambiato dopo", "Nota aggiunta dopo", "Gruppo rinominato", "Titolo cambiato"):
        assert changed not in page.text
    assert "Rivedersi a marzo" in page.text

    _check_the_minutes_pdf(client, workshop)

    # Approved minutes no longer change.
    with pytest.raises(Conflict):
        outcomes.save_minutes(facilitator, workshop, decisions="Altro")
    login(facilitator)
    assert client.get(f"/workshops/{workshop.id}/minutes/edit").status_code == 302


def test_minutes_pdf_without_the_unicode_font_keeps_italian_accents(client, login, held, tmp_path, monkeypatch):
    close(client, login, held)
    outcomes.approve_minutes(held["facilitator"], held["workshop"], decisions="Sì, città più vivibile — subito…")
    monkeypatch.setattr(pdf_module, "FONT_REGULAR", str(tmp_path / "missing.ttf"))
    response = client.get(f"/workshops/{held['workshop'].id}/minutes.pdf")
    assert response.status_code == 200 and response.headers["Content-Type"] == "application/pdf"
    assert b"/Helvetica" in response.data
    text = pdf_text(response.data)
    assert "Sì, città più vivibile - subito..." in text
    assert "Accoglienza e perché siamo qui" in text


def test_minutes_only_by_managers_and_after_closing(client, login, held):
    workshop = held["workshop"]
    login(held["facilitator"])
    assert client.get(f"/workshops/{workshop.id}/minutes/edit").status_code == 302  # not closed yet
    close(client, login, held)
    login(held["people"][0])
    assert client.get(f"/workshops/{workshop.id}/minutes/edit").status_code == 403
    assert client.post(f"/workshops/{workshop.id}/minutes/edit", data={"action": "approve"}).status_code == 403
    assert outcomes.minutes_of(workshop) is None
