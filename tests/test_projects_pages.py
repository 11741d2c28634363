"""The pages of funded projects, as a resident and as staff would use them: the list with
its filters, a project's page with its grant per fund, dates, status, milestones, budget and
results, the staff's manage page (CUP, dates, milestones editor, a milestone reached,
suspend / resume / close with a reason); the links from the navigation, the funded
application and the ranking; user text from the XSS corpus stays text; Italian and English."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.extensions import db
from app.projects import queries, services
from app.rankings import services as ranking_services
from tests.factories.projects import funded_project, funded_projects, indicator_report
from tests.xss import PAYLOADS, assert_no_xss

EN = {"Accept-Language": "en"}


def _form(project, **boxes) -> dict:
    """The manage form as the page sends it: every box, milestones as they are."""
    data = {
        "cup": project.cup or "",
        "starts_on": project.starts_on.isoformat(),
        "ends_on": project.ends_on.isoformat(),
    }
    for n, m in enumerate(project.milestones):
        data.update(
            {
                f"milestones-{n}-id": str(m.id),
                f"milestones-{n}-name": m.name,
                f"milestones-{n}-due_on": m.due_on.isoformat(),
                f"milestones-{n}-reached_on": m.reached_on.isoformat() if m.reached_on else "",
            }
        )
    return {**data, **boxes}


@pytest.mark.parametrize(
    ("headers", "words"),
    [
        ({}, ("Progetti finanziati", "In linea", "Contributo totale", "Ultimo valore", "Traguardi")),
        (EN, ("Funded projects", "On track", "Total grant", "Latest value", "Milestones")),
    ],
)
def test_a_resident_reads_the_list_and_the_project_in_both_languages(client, city, headers, words):
    project = funded_project(city, indicators=[("EECO01", "10", "110")])
    indicator_report(project, "EECO01", 35)
    project.cup = "J81B21000010006"
    db.session.commit()
    listing = client.get("/projects", headers=headers)
    assert listing.status_code == 200 and "Cortili aperti" in listing.text and words[0] in listing.text
    page = client.get(f"/projects/{project.id}", headers=headers)
    assert page.status_code == 200
    for word in (*words, "J81B21000010006", "FSE+", "EECO01", "35", "CANTIERE-BARI-"):
        assert word in page.text, word
    assert "100.000,00" in page.text if not headers else "100,000.00" in page.text
    assert 'href="/projects"' in listing.text  # the main navigation links the list
    assert client.get("/projects/999999").status_code == 404


def test_the_list_filters_by_status_and_ignores_what_it_does_not_know(client, city):
    late, _on_time = funded_projects(city, "In ritardo", "Puntuale")
    late.milestones[0].due_on = queries.today() - timedelta(days=2)
    db.session.commit()
    page = client.get("/projects?status=late")
    assert "In ritardo" in page.text and "Puntuale" not in page.text and "In ritardo</a>" in page.text
    assert "In ritardo" in client.get(f"/projects/{late.id}").text
    unknown = client.get("/projects?status=lento&fund=EUR&city=atlantide&action=9.9.9&page=999999999999")
    assert unknown.status_code == 200 and "sono ignorati" in unknown.text  # said so, never an error
    everything = client.get("/projects?status=lento")
    assert "In ritardo</a>" in everything.text and "Puntuale</a>" in everything.text


def test_staff_change_the_cup_dates_and_milestones_with_the_form(client, login, city):
    project = funded_project(city)
    staff = login(project.call.created_by)
    page = client.get(f"/projects/{project.id}/manage")
    assert page.status_code == 200 and "Codice Unico di Progetto" in page.text
    wrong = client.post(f"/projects/{project.id}/manage", data=_form(project, cup="12345"))
    assert wrong.status_code == 422 and "15 lettere e cifre" in wrong.text
    late = client.post(
        f"/projects/{project.id}/manage",
        data=_form(project, **{"milestones-1-due_on": (project.starts_on - timedelta(days=3)).isoformat()}),
    )
    assert late.status_code == 422 and "prima dell&#39;avvio del progetto" in late.text
    removed = project.milestones[1].name
    done = client.post(
        f"/projects/{project.id}/manage",
        data=_form(
            project,
            cup="j81b21000010006",
            **{"milestones-1-name": "", "milestones-1-due_on": "", "milestones-3-name": "Festa di quartiere"},
            **{"milestones-3-due_on": (project.starts_on + timedelta(days=60)).isoformat()},
        ),
    )
    assert done.status_code == 302
    db.session.expire_all()
    assert project.cup == "J81B21000010006"
    names = [m.name for m in project.milestones]
    assert removed not in names and "Festa di quartiere" in names and len(names) == 3
    assert staff.is_staff_of(city)


def test_staff_mark_a_milestone_reached_and_suspend_resume_close(client, login, city):
    project = funded_project(city)
    login(project.call.created_by)
    milestone = project.milestones[0]
    assert client.post(f"/projects/{project.id}/milestones/{milestone.id}/reached", data={}).status_code == 302
    db.session.expire_all()
    assert milestone.reached_on == queries.today()
    other = funded_projects(city, "Altro")[0]
    assert client.post(f"/projects/{project.id}/milestones/{other.milestones[0].id}/reached").status_code == 404
    short = client.post(f"/projects/{project.id}/state", data={"state": "suspended", "reason": "No"})
    assert short.status_code == 422 and "almeno 10" in short.text
    client.post(f"/projects/{project.id}/state", data={"state": "suspended", "reason": "Verifica antimafia in corso"})
    page = client.get(f"/projects/{project.id}")
    assert "Sospeso" in page.text and "Verifica antimafia in corso" in page.text
    client.post(
        f"/projects/{project.id}/state", data={"state": "active", "reason": "Verifica conclusa con esito positivo"}
    )
    client.post(f"/projects/{project.id}/state", data={"state": "closed", "reason": "Attività concluse e rendicontate"})
    db.session.expire_all()
    assert project.status.value == "closed"
    manage = client.get(f"/projects/{project.id}/manage")
    assert "non può più essere modificato" in manage.text and "Salva il progetto" not in manage.text
    again = client.post(f"/projects/{project.id}/state", data={"state": "active", "reason": "Riapriamo il progetto"})
    assert again.status_code == 302
    assert "non può più essere modificato" in client.get(again.location).text


def test_a_revoked_grant_says_so_on_the_project_and_links_lead_to_it(client, login, city):
    kept, revoked = funded_projects(city, "Resta", "Revocato")
    ranking_services.revoke(revoked.call.created_by, revoked.application, {"reason": "DURC irregolare non sanato"})
    page = client.get(f"/projects/{revoked.id}")
    assert "Chiuso" in page.text and "Il Comune ha revocato il contributo." in page.text
    assert "DURC irregolare non sanato" in page.text
    ranking = client.get(f"/calls/{kept.call_id}/ranking")
    assert f'href="/projects/{kept.id}"' in ranking.text  # a funded row leads to its project
    assert f'href="/projects/{revoked.id}"' not in ranking.text  # a revoked grant has left the ranking
    login(kept.application.created_by)
    application = client.get(f"/applications/{kept.application_id}")
    assert f'href="/projects/{kept.id}"' in application.text and "Progetto finanziato" in application.text
    assert client.get(f"/projects/{kept.id}/manage").status_code == 403  # the organisation does not manage it


def test_user_text_stays_text_on_every_project_page(client, login, city):
    project = funded_project(city)
    staff = project.call.created_by
    login(staff)
    start = project.starts_on
    milestones = [
        {"name": payload[:200], "due_on": start.isoformat()} for payload in PAYLOADS[:30] if len(payload.strip()) >= 2
    ]
    services.update_project(staff, project, {"milestones": milestones})
    for payload in PAYLOADS[:20]:
        reason = (payload + " — motivazione")[:4000]
        services.set_state(staff, project, {"state": "suspended", "reason": reason})
        for url in (f"/projects/{project.id}", f"/projects/{project.id}/manage", "/projects?status=suspended"):
            assert_no_xss(client.get(url).text)
        services.set_state(staff, project, {"state": "active", "reason": reason})
    assert client.get(f"/api/v1/projects/{project.id}").mimetype == "application/json"  # data, never markup
