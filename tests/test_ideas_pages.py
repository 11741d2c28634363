"""The ideas pages as people use them: propose from a need, list and filter, read, edit with
a history, move the stage, volunteer."""

import html
import re

import pytest
import sqlalchemy as sa

from app.extensions import db as _db
from app.models import Follow, Idea, IdeaStage, IdeaStageChange, IdeaVersion, Notification, Role, Volunteer
from tests import factories
from tests.factories import ideas as fi
from tests.factories import needs as fn


def _page(response) -> str:
    """The page's text with entities decoded (apostrophes in Italian are escaped)."""
    return html.unescape(response.get_data(as_text=True))


def _form(ids, **extra):
    data = {
        "title": "Biblioteca degli attrezzi",
        "summary": "Prestiamo trapani e scale invece di comprarli ognuno.",
        "body": "Un locale al piano terra, aperto il sabato, gestito da volontari.",
        "need_ids": [str(i) for i in ids],
    }
    data.update(extra)
    return data


def test_propose_an_idea_from_a_need(client, login, city, resident):
    need = fn.create_need(city, title="Nessuno ripara più niente")
    login(resident)
    page = _page(client.get(f"/c/bari/ideas/new?need={need.id}"))
    assert "Nessuno ripara più niente" in page
    assert re.search(rf'value="{need.id}"[^>]*checked', page), "the need of the link is ticked"
    response = client.post("/c/bari/ideas/new", data=_form([need.id]))
    idea = _db.session.scalar(sa.select(Idea))
    assert response.status_code == 302 and response.headers["Location"] == f"/c/bari/ideas/{idea.id}"
    page = _page(client.get(response.headers["Location"]))
    assert "Biblioteca degli attrezzi" in page and "Nessuno ripara più niente" in page
    assert _db.session.scalar(sa.select(Notification.kind).where(Notification.user_id == need.author_id)) == (
        "idea.new_for_need"
    )


def test_other_needs_can_be_given_by_number(client, login, city, resident):
    first, second = fn.create_need(city), fn.create_need(city)
    login(resident)
    client.post("/c/bari/ideas/new", data=_form([first.id], other_needs=f"#{second.id}, {first.id}"))
    idea = _db.session.scalar(sa.select(Idea))
    assert sorted(n.id for n in idea.needs) == sorted([first.id, second.id])


@pytest.mark.parametrize(
    "change, message",
    [
        ({"need_ids": []}, "Collega l'idea ad almeno un bisogno"),
        ({"other_needs": "dodici"}, "Scrivi i numeri dei bisogni"),
        ({"title": ""}, "Questo campo è obbligatorio"),
    ],
)
def test_a_bad_proposal_shows_the_form_again_with_errors(client, login, city, resident, change, message):
    need = fn.create_need(city)
    login(resident)
    response = client.post("/c/bari/ideas/new", data=_form([need.id], **change))
    assert response.status_code == 422
    assert message in _page(response)
    assert _db.session.scalar(sa.select(sa.func.count()).select_from(Idea)) == 0


def test_visitors_are_sent_to_sign_in_to_propose(client, city):
    response = client.get("/c/bari/ideas/new")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_list_filters_sorts_paginates_and_leaves_hidden_ideas_out(client, city, other_city):
    area = fn.create_area(city, "San Paolo")
    need = fn.create_need(city)
    fi.create_idea(city, title="Ciclofficina popolare", area=area, support_count=1)
    fi.create_idea(city, title="Coro di quartiere", needs=[need], support_count=9, stage=IdeaStage.IN_CODESIGN)
    fi.create_idea(city, title="Idea nascosta", hidden=True)
    fi.create_idea(other_city, title="Idea di Napoli")
    page = _page(client.get("/c/bari/ideas"))
    assert "Ciclofficina popolare" in page and "Coro di quartiere" in page
    assert "Idea nascosta" not in page and "Idea di Napoli" not in page
    assert page.index("Coro di quartiere") < page.index("Ciclofficina popolare")  # newest first
    page = _page(client.get("/c/bari/ideas?sort=supported"))
    assert page.index("Coro di quartiere") < page.index("Ciclofficina popolare")
    only = _page(client.get(f"/c/bari/ideas?area={area.id}"))
    assert "Ciclofficina popolare" in only and "Coro di quartiere" not in only
    only = _page(client.get("/c/bari/ideas?stage=in_codesign"))
    assert "Coro di quartiere" in only and "Ciclofficina popolare" not in only
    only = _page(client.get(f"/c/bari/ideas?need={need.id}"))
    assert "Coro di quartiere" in only and "Ciclofficina popolare" not in only
    only = _page(client.get("/c/bari/ideas?q=CICLO"))
    assert "Ciclofficina popolare" in only and "Coro di quartiere" not in only
    assert client.get("/c/bari/ideas?page=abc&area=x&stage=zz&need=-1&sort=nope").status_code == 200
    assert client.get("/c/atlantide/ideas").status_code == 404


def test_the_list_is_paginated(client, city):
    for n in range(23):
        fi.create_idea(city, title=f"Idea numerata {n:02d}")
    first, second = _page(client.get("/c/bari/ideas")), _page(client.get("/c/bari/ideas?page=2"))
    assert "Idea numerata 22" in first and "Idea numerata 02" not in first
    assert "Idea numerata 02" in second and "Idea numerata 22" not in second
    assert 'href="/c/bari/ideas?page=2"' in first


def test_city_staff_see_hidden_ideas_in_the_list(client, login, city):
    fi.create_idea(city, title="Idea nascosta", hidden=True)
    login(factories.create_user(role=Role.STAFF, city=city))
    assert "Idea nascosta" in _page(client.get("/c/bari/ideas"))


def test_a_hidden_idea_is_not_found_for_the_public_but_shown_to_its_author(client, login, city, resident):
    idea = fi.create_idea(city, resident, hidden=True)
    assert client.get(f"/c/bari/ideas/{idea.id}").status_code == 404
    assert client.get(f"/c/napoli/ideas/{idea.id}").status_code == 404
    login(resident)
    assert client.get(f"/c/bari/ideas/{idea.id}").status_code == 200


def test_the_idea_page_shows_its_needs_stage_and_history(client, city):
    staff = factories.create_user(role=Role.STAFF, city=city, name="Anna Lorusso")
    need = fn.create_need(city, title="Il cortile è chiuso")
    idea = fi.create_idea(city, needs=[need], stage=IdeaStage.IN_CODESIGN)
    _db.session.add(
        IdeaStageChange(
            idea_id=idea.id,
            actor_id=staff.id,
            from_stage=IdeaStage.PROPOSED,
            to_stage=IdeaStage.IN_CODESIGN,
            note="Ne discutiamo al laboratorio.",
        )
    )
    _db.session.commit()
    page = _page(client.get(f"/c/bari/ideas/{idea.id}"))
    assert "Il cortile è chiuso" in page and "In co-progettazione" in page
    assert "Ne discutiamo al laboratorio." in page and "Anna Lorusso" in page


def test_the_author_edits_and_everyone_reads_the_diff(client, login, city, resident):
    idea = fi.create_idea(city, resident, body="Apriamo il cortile il sabato.")
    login(resident)
    page = _page(client.get(f"/c/bari/ideas/{idea.id}/edit"))
    assert "Apriamo il cortile il sabato." in page
    response = client.post(
        f"/c/bari/ideas/{idea.id}/edit",
        data={"title": idea.title, "summary": idea.summary, "body": "Apriamo il cortile la domenica.", "version": "1"},
    )
    assert response.status_code == 302
    assert _db.session.scalar(sa.select(IdeaVersion.body)) == "Apriamo il cortile il sabato."
    client.post("/logout")
    history = _page(client.get(f"/c/bari/ideas/{idea.id}/history"))
    assert re.search(r"<del[^>]*>.*sabato\.</del>", history) and re.search(r"<ins[^>]*>.*domenica\.</ins>", history)
    assert "Apriamo il cortile il sabato." in history  # the first version in full


def test_a_stale_edit_is_refused_and_keeps_the_newer_text(client, login, city, resident):
    idea = fi.create_idea(city, resident, body="Testo corrente", version=2)
    login(resident)
    response = client.post(
        f"/c/bari/ideas/{idea.id}/edit",
        data={"title": idea.title, "summary": idea.summary, "body": "Testo vecchio modificato", "version": "1"},
    )
    assert response.status_code == 409 and "Qualcuno ha modificato" in _page(response)
    _db.session.refresh(idea)
    assert idea.body == "Testo corrente"


def test_others_cannot_edit(client, login, city, resident):
    idea = fi.create_idea(city)
    login(resident)
    assert client.get(f"/c/bari/ideas/{idea.id}/edit").status_code == 403
    response = client.post(
        f"/c/bari/ideas/{idea.id}/edit", data={"title": "Presa", "summary": "x" * 20, "body": "y", "version": "1"}
    )
    assert response.status_code == 403
    _db.session.refresh(idea)
    assert idea.title != "Presa"


def test_staff_changes_the_stage_and_a_resident_cannot(client, login, city, resident):
    idea = fi.create_idea(city)
    follower = factories.create_user(city=city)
    fi.follow(follower, idea=idea)
    login(resident)
    response = client.post(f"/c/bari/ideas/{idea.id}/stage", data={"stage": "funded", "note": "Finanziata"})
    assert response.status_code == 403
    _db.session.refresh(idea)
    assert idea.stage is IdeaStage.PROPOSED
    login(factories.create_user(role=Role.STAFF, city=city))
    page = _page(client.get(f"/c/bari/ideas/{idea.id}"))
    assert "Sposta l'idea a un'altra fase" in page
    response = client.post(
        f"/c/bari/ideas/{idea.id}/stage", data={"stage": "ready_for_call", "note": "Pronta per l'avviso"}
    )
    assert response.status_code == 302
    _db.session.refresh(idea)
    assert idea.stage is IdeaStage.READY_FOR_CALL
    kinds = _db.session.scalars(sa.select(Notification.kind).where(Notification.user_id == follower.id)).all()
    assert kinds == ["idea.stage"]


def test_staff_of_another_city_cannot_change_the_stage(client, login, city, other_city):
    idea = fi.create_idea(city)
    login(factories.create_user(role=Role.STAFF, city=other_city))
    assert client.post(f"/c/bari/ideas/{idea.id}/stage", data={"stage": "funded", "note": "x"}).status_code == 403
    _db.session.refresh(idea)
    assert idea.stage is IdeaStage.PROPOSED


def test_volunteer_then_withdraw_from_the_page(client, login, city, resident):
    author = factories.create_user(city=city)
    idea = fi.create_idea(city, author)
    login(resident)
    response = client.post(
        f"/c/bari/ideas/{idea.id}/volunteer", data={"skills": "Grafica", "availability": "Il martedì sera"}
    )
    assert response.status_code == 302
    page = _page(client.get(f"/c/bari/ideas/{idea.id}"))
    assert "Ritira la mia disponibilità" in page and 'volunteers">1<' in page
    assert "Il martedì sera" in page  # your own offer, in the form
    # The author sees who offered what; another resident does not.
    login(author)
    assert "Grafica" in _page(client.get(f"/c/bari/ideas/{idea.id}"))
    login(factories.create_user(city=city))
    assert "Grafica" not in _page(client.get(f"/c/bari/ideas/{idea.id}"))
    login(resident)
    client.post(f"/c/bari/ideas/{idea.id}/volunteer/withdraw")
    _db.session.refresh(idea)
    assert idea.volunteer_count == 0
    assert _db.session.scalar(sa.select(Volunteer.withdrawn_at)) is not None


def test_follow_and_unfollow_from_the_page(client, login, city, resident):
    idea = fi.create_idea(city)
    login(resident)
    client.post(f"/c/bari/ideas/{idea.id}/follow")
    assert _db.session.scalar(sa.select(sa.func.count()).select_from(Follow)) == 1
    client.post(f"/c/bari/ideas/{idea.id}/unfollow")
    assert _db.session.scalar(sa.select(sa.func.count()).select_from(Follow)) == 0


def test_the_need_partial_lists_the_ideas_that_answer_it(app, city):
    from flask import render_template_string

    need = fn.create_need(city)
    fi.create_idea(city, title="Risposta uno", needs=[need], support_count=3)
    fi.create_idea(city, title="Risposta nascosta", needs=[need], hidden=True)
    fi.create_idea(city, title="Altra idea")
    with app.test_request_context("/"):
        html = render_template_string('{% include "ideas/_for_need.html" %}', need=need)
    assert "Risposta uno" in html and "Risposta nascosta" not in html and "Altra idea" not in html
    assert f"/c/bari/ideas/new?need={need.id}" in html


def test_the_ideas_menu_leads_to_ones_city(client, login, city, resident):
    assert client.get("/ideas").status_code == 200
    login(resident)
    assert client.get("/ideas").headers["Location"] == "/c/bari/ideas"
