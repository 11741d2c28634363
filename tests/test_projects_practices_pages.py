"""The good practices' pages: the project page's partial offers the proposal form on a closed
project only; the form answers with its errors, then leads to the practice's page; the
authority publishes or declines with the buttons and works the queue; titles, lessons and
reasons from the XSS corpus stay text on every page that shows them."""

from __future__ import annotations

import sqlalchemy as sa
from flask import render_template
from flask_login import login_user

from app.extensions import db
from app.models import GoodPractice, PracticeStatus, Role
from app.projects import practices
from tests import factories
from tests.factories.practices import LESSONS, authority, beneficiary, closed_project, proposed_practice
from tests.factories.projects import funded_project
from tests.xss import PAYLOADS, assert_no_xss


def _sign_out(client) -> None:
    with client.session_transaction() as session:
        session.clear()


def _partial(app, project, user) -> str:
    with app.test_request_context(headers={"Accept-Language": "it"}):
        login_user(user)
        return render_template("projects/_practice.html", project=project)


def test_the_project_page_offers_the_form_on_a_closed_project_only(app, city):
    running = funded_project(city, "Cortili aperti")
    assert "Proponi come buona pratica" not in _partial(app, running, beneficiary(running))
    closed = closed_project(city, "Doposcuola")
    owner = beneficiary(closed)
    html = _partial(app, closed, owner)
    assert f'action="/projects/{closed.id}/good-practice"' in html
    assert '<label for="lessons" class="active">Lezioni apprese' in html
    resident = factories.create_user(city=city, name="Residente")
    assert _partial(app, closed, resident).strip() == ""
    practice = proposed_practice(closed, title="Doposcuola in rete")
    html = _partial(app, closed, owner)
    assert f'href="/good-practices/{practice.id}"' in html and "In attesa di valutazione" in html
    assert "Proponi" not in html
    assert _partial(app, closed, resident).strip() == ""  # not published: not theirs to read


def test_the_form_shows_its_errors_then_leads_to_the_practice(client, login, city):
    project = closed_project(city)
    login(beneficiary(project))
    url = f"/projects/{project.id}/good-practice"
    assert "Lezioni apprese" in client.get(url).text
    wrong = client.post(url, data={"title": "Ciao", "lessons": ""})
    assert wrong.status_code == 422 and "Scrivi almeno 5 caratteri." in wrong.text
    assert "Questo campo è obbligatorio." in wrong.text
    done = client.post(url, data={"title": "Doposcuola condiviso", "lessons": LESSONS})
    practice = db.session.scalar(sa.select(GoodPractice))
    assert done.status_code == 302 and done.headers["Location"] == f"/good-practices/{practice.id}"
    page = client.get(done.headers["Location"]).text
    assert "la buona pratica è proposta" in page and "In attesa di valutazione" in page
    assert client.get(url).status_code == 302  # proposed already: its page
    running = funded_project(city, "Ancora in corso")
    login(beneficiary(running))
    assert client.get(f"/projects/{running.id}/good-practice").status_code == 403


def test_the_authority_publishes_and_declines_with_the_buttons(client, login, city):
    first = proposed_practice(closed_project(city, "Cortili aperti"), title="Cortili aperti tutto l'anno")
    second = proposed_practice(closed_project(city, "Doposcuola"), title="Doposcuola in rete")
    staff = factories.create_user(role=Role.STAFF, city=city, name="Staff")
    login(staff)
    assert "Pubblica" not in client.get(f"/good-practices/{first.id}").text
    assert client.get("/good-practices/pending").status_code == 403
    assert client.post(f"/good-practices/{first.id}/curation", data={"publish": "Pubblica"}).status_code == 403

    login(authority())
    queue = client.get("/good-practices/pending").text
    assert "2 proposte in attesa" in queue and queue.index("Cortili aperti tutto") < queue.index("Doposcuola in rete")
    assert "Proposte in attesa di valutazione" in client.get("/good-practices").text
    page = client.get(f"/good-practices/{first.id}").text
    assert 'value="Pubblica"' in page and 'value="Non pubblicare"' in page
    done = client.post(f"/good-practices/{first.id}/curation", data={"publish": "Pubblica", "reason": ""})
    assert done.status_code == 302 and done.headers["Location"] == "/good-practices/pending"
    bare = client.post(f"/good-practices/{second.id}/curation", data={"decline": "Non pubblicare", "reason": ""})
    assert bare.status_code == 422 and "Spiega perché la buona pratica non è pubblicata" in bare.text
    reason = "Mancano i dati sugli esiti."
    client.post(f"/good-practices/{second.id}/curation", data={"decline": "Non pubblicare", "reason": reason})
    db.session.expire_all()
    assert (first.status, second.status) == (PracticeStatus.PUBLISHED, PracticeStatus.DECLINED)
    assert "Nessuna proposta è in attesa di valutazione." in client.get("/good-practices/pending").text
    again = client.post(f"/good-practices/{second.id}/curation", data={"publish": "Pubblica"})
    assert again.status_code == 302 and second.status is PracticeStatus.DECLINED

    _sign_out(client)
    listing = client.get("/good-practices").text
    assert "Cortili aperti tutto l&#39;anno" in listing and "Doposcuola in rete" not in listing
    assert client.get(f"/good-practices/{second.id}").status_code == 401  # not published: sign in first
    login(second.proposed_by)
    assert f"Non pubblicata: {reason}" in client.get(f"/good-practices/{second.id}").text


def test_titles_lessons_and_reasons_from_the_xss_corpus_stay_text(app, client, login, city):
    adg = authority()
    shown = []
    for n, payload in enumerate(PAYLOADS):
        project = closed_project(city, f"Progetto {n}")
        title = (payload + " buona pratica")[:200]
        lessons = f"{payload}\n\n{payload} — lezioni apprese dal progetto concluso, da condividere."
        practice = practices.propose_practice(beneficiary(project), project, {"title": title, "lessons": lessons})
        decision = {"publish": n % 2 == 0, "reason": f"{payload} motivazione della scelta"[:4000]}
        shown.append((practices.curate_practice(adg, practice, decision), project))
    pages = ["/good-practices", "/good-practices?q=buona"] + [f"/good-practices/{p.id}" for p, _ in shown]
    login(adg)
    for url in pages:
        assert_no_xss(client.get(url).text)
    for practice, project in shown:
        login(beneficiary(project))
        assert_no_xss(client.get(f"/good-practices/{practice.id}").text)
        assert_no_xss(_partial(app, project, beneficiary(project)))
    _sign_out(client)
    for url in pages[:2]:
        assert_no_xss(client.get(url).text)
    api = client.get("/api/v1/good-practices?per_page=100").json
    assert {i["title"] for i in api["items"]} == {p.title for p, _ in shown if p.status is PracticeStatus.PUBLISHED}
