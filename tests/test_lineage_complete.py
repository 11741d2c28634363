"""Lineage, complete (issue 11 point 3): a need → an idea born in a workshop → a call naming
the idea → an application naming it, awarded → its project → approved indicator reports.
Both API endpoints answer the chain (only what the reader may see), every page shows the
"where this came from / what it became" panel, the resident's "what happened to my needs"
page follows their need to the project's latest results, and the people behind the need
are told when a project from it is funded and when it reports results."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
import sqlalchemy as sa
from flask import render_template

from app.extensions import db
from app.lineage import notices
from app.models import (
    Agreement,
    Application,
    ApplicationStatus,
    CallStatus,
    Notification,
    Project,
    ReportStatus,
    Role,
    WorkshopStatus,
)
from app.projects import hooks
from tests import factories
from tests.factories.applications import create_application
from tests.factories.calls import create_participation_call
from tests.factories.ideas import create_idea, follow, support
from tests.factories.needs import create_need
from tests.factories.projects import expenditure_report, funded_project, funded_projects, indicator_report
from tests.factories.workshops import create_workshop
from tests.xss import PAYLOADS, assert_no_xss

IT = {"Accept-Language": "it"}
EN = {"Accept-Language": "en"}


def bearer(user) -> dict:
    return {"Authorization": f"Bearer {factories.create_token(user)}"}


def _world(
    city,
    *,
    need_title="Manca un doposcuola a Japigia",
    idea_title="Doposcuola nel centro civico",
    project_title="Doposcuola diffuso",
):
    rosa = factories.create_user(city=city, name="Rosa")
    marco = factories.create_user(city=city, name="Marco")
    lucia = factories.create_user(city=city, name="Lucia")
    need = create_need(city, rosa, title=need_title)
    support(marco, need=need)
    follow(lucia, need=need)
    workshop = create_workshop(city=city, status=WorkshopStatus.CLOSED, needs=[need], title="Laboratorio Japigia")
    idea = create_idea(city, need=need, title=idea_title, workshop_id=workshop.id)
    project = funded_project(city, project_title, indicators=[("EECO01", "10", "110")])
    application, call = project.application, project.call
    application.ideas = [idea]
    call.ideas.append(idea)
    db.session.commit()
    indicator_report(project, "EECO01", 35, measured_on=date(2026, 3, 31))
    indicator_report(project, "EECO01", 60, measured_on=date(2026, 6, 30))
    indicator_report(project, "EECO01", 95, measured_on=date(2026, 9, 30), status=ReportStatus.SENT_BACK)
    # someone else's draft and an unranked submitted application naming the need: never public
    draft_owner = factories.create_user(city=city, name="Titolare della bozza")
    draft = create_application(call, owner=draft_owner, title="Bozza di un'altra associazione")
    draft.needs = [need]
    pending = create_application(call, title="Domanda non ancora valutata", status=ApplicationStatus.SUBMITTED)
    pending.ideas = [idea]
    db.session.commit()
    return dict(
        rosa=rosa,
        marco=marco,
        lucia=lucia,
        need=need,
        workshop=workshop,
        idea=idea,
        project=project,
        application=application,
        call=call,
        draft=draft,
        draft_owner=draft_owner,
        pending=pending,
    )


@pytest.fixture
def w(city):
    return _world(city)


# --- GET /api/v1/needs/{id}/lineage ------------------------------------------------------------


def test_the_need_lineage_follows_the_need_to_the_project_and_its_latest_approved_result(client, w):
    answer = client.get(f"/api/v1/needs/{w['need'].id}/lineage")
    assert answer.status_code == 200
    body = answer.json
    assert [i["id"] for i in body["ideas"]] == [w["idea"].id]
    assert [x["id"] for x in body["workshops"]] == [w["workshop"].id]
    assert [c["id"] for c in body["calls"]] == [w["call"].id]
    # a visitor sees the funded application (title and status), not the draft nor the unranked one
    assert [(a["title"], a["status"], a["url"]) for a in body["applications"]] == [
        ("Doposcuola diffuso", "funded", None)
    ]
    [project] = body["projects"]
    assert project["id"] == w["project"].id and project["call_id"] == w["call"].id
    assert project["status"] == "on_track"
    # the latest approved value is 60 of 30 June (the 95 of September was sent back)
    assert project["results"] == [
        {
            "code": "EECO01",
            "name": "Indicatore EECO01",
            "unit": "persone",
            "baseline": "10.00",
            "target": "110.00",
            "value": "60.00",
            "measured_on": "2026-06-30",
        }
    ]


def test_staff_see_the_submitted_application_with_its_link_but_never_a_draft(client, city, w):
    staff = w["call"].created_by
    body = client.get(f"/api/v1/needs/{w['need'].id}/lineage", headers=bearer(staff)).json
    titles = {a["title"]: a for a in body["applications"]}
    assert set(titles) == {"Doposcuola diffuso", "Domanda non ancora valutata"}
    assert titles["Domanda non ancora valutata"]["url"].endswith(f"/applications/{w['pending'].id}/submit")


def test_the_applicant_sees_their_own_draft_in_the_lineage(client, w):
    body = client.get(f"/api/v1/needs/{w['need'].id}/lineage", headers=bearer(w["draft_owner"])).json
    assert "Bozza di un'altra associazione" in [a["title"] for a in body["applications"]]


def test_a_need_with_no_project_has_empty_sections(client, city):
    need = create_need(city, title="Panchine rotte al parco")
    body = client.get(f"/api/v1/needs/{need.id}/lineage").json
    assert body["applications"] == [] and body["projects"] == []


# --- GET /api/v1/users/me/lineage --------------------------------------------------------------


def test_my_lineage_needs_a_signed_in_person(client):
    assert client.get("/api/v1/users/me/lineage").status_code == 401


def test_my_lineage_lists_the_needs_i_posted_and_supported_with_results(client, city, w):
    mine = client.get("/api/v1/users/me/lineage", headers=bearer(w["rosa"])).json["needs"]
    assert [(n["need"]["id"], n["relation"]) for n in mine] == [(w["need"].id, "posted")]
    [entry] = mine
    assert entry["need"]["city"] == city.slug
    assert [i["title"] for i in entry["ideas"]] == ["Doposcuola nel centro civico"]
    assert [x["relation"] for x in entry["workshops"]] == ["produced"]
    assert entry["projects"][0]["results"][0]["value"] == "60.00"

    supported = client.get("/api/v1/users/me/lineage", headers=bearer(w["marco"])).json["needs"]
    assert [(n["need"]["id"], n["relation"]) for n in supported] == [(w["need"].id, "supported")]
    # following is not supporting: Lucia's list is empty
    assert client.get("/api/v1/users/me/lineage", headers=bearer(w["lucia"])).json == {"needs": []}


def test_a_hidden_need_i_supported_is_not_in_my_lineage(client, city, w):
    w["need"].hidden = True
    db.session.commit()
    assert client.get("/api/v1/users/me/lineage", headers=bearer(w["marco"])).json == {"needs": []}
    assert len(client.get("/api/v1/users/me/lineage", headers=bearer(w["rosa"])).json["needs"]) == 1


# --- the panel on every page -------------------------------------------------------------------


def _panel(html: str) -> str:
    start = html.index("data-lineage-panel")
    return html[start : html.index("</section>", start)]


def test_the_need_page_shows_what_it_became(client, w):
    page = client.get(f"/needs/{w['need'].id}", headers=EN)
    assert page.status_code == 200
    panel = _panel(page.get_data(as_text=True))
    assert 'data-lineage-side="became"' in panel and 'data-lineage-side="came_from"' not in panel
    for text in ("Doposcuola nel centro civico", "Laboratorio Japigia", w["call"].title, "Doposcuola diffuso"):
        assert text in panel
    assert "Bozza di un" not in panel and "Domanda non ancora valutata" not in panel
    assert "<strong>60</strong>" in panel and "measured on Jun 30, 2026" in panel  # not the sent-back 95
    assert "95" not in panel


def test_the_idea_page_shows_the_need_and_workshop_behind_it_and_the_project(client, w):
    idea = w["idea"]
    panel = _panel(client.get(f"/c/{idea.city.slug}/ideas/{idea.id}", headers=EN).get_data(as_text=True))
    came, became = panel.split('data-lineage-side="became"')
    assert "Manca un doposcuola a Japigia" in came and "Laboratorio Japigia" in came
    assert "the idea was born here" in came
    assert w["call"].title in became and "Doposcuola diffuso" in became


def test_the_workshop_page_shows_the_need_it_worked_on_and_the_idea_born_there(client, w):
    panel = _panel(client.get(f"/workshops/{w['workshop'].id}", headers=EN).get_data(as_text=True))
    came, became = panel.split('data-lineage-side="became"')
    assert "Manca un doposcuola a Japigia" in came
    assert "Doposcuola nel centro civico" in became and "Doposcuola diffuso" in became


def test_the_call_page_shows_its_origin_and_its_project(client, w):
    panel = _panel(client.get(f"/calls/{w['call'].id}", headers=EN).get_data(as_text=True))
    came, became = panel.split('data-lineage-side="became"')
    assert "Manca un doposcuola a Japigia" in came and "Doposcuola nel centro civico" in came
    assert "Doposcuola diffuso" in became and "Domanda non ancora valutata" not in became


def test_the_application_page_shows_where_it_came_from_and_its_project(client, login, w):
    staff = w["call"].created_by
    login(staff)
    panel = _panel(client.get(f"/applications/{w['application'].id}/submit", headers=EN).get_data(as_text=True))
    came, became = panel.split('data-lineage-side="became"')
    assert "Manca un doposcuola a Japigia" in came and w["call"].title in came
    assert "Doposcuola diffuso" in became and "Results of" in became


def test_the_project_panel_shows_its_origin_and_results(app, w):
    with app.test_request_context("/", headers=IT):
        html = render_template("projects/_lineage.html", project=w["project"])
    came, became = _panel(html).split('data-lineage-side="became"')
    assert "Manca un doposcuola a Japigia" in came and "Laboratorio Japigia" in came
    assert "Doposcuola nel centro civico" in came and w["call"].title in came
    assert "Da dove viene" in html and "Che cosa è diventato" in html
    assert "<strong>60</strong>" in became and "<caption" in became and "misurato il 30 giu 2026" in became


def test_the_panel_is_in_italian(client, w):
    html = client.get(f"/needs/{w['need'].id}", headers=IT).get_data(as_text=True)
    assert "Che cosa è diventato" in _panel(html)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_titles_in_the_panel_and_my_needs_page_are_escaped(client, login, city, payload):
    short = payload[:190]
    w = _world(city, need_title=short, idea_title=short, project_title=short)
    pages = [
        f"/needs/{w['need'].id}",
        f"/c/{city.slug}/ideas/{w['idea'].id}",
        f"/workshops/{w['workshop'].id}",
        f"/calls/{w['call'].id}",
    ]
    for url in pages:
        assert_no_xss(client.get(url).get_data(as_text=True))
    login(w["rosa"])
    assert_no_xss(client.get("/profile/needs", headers=EN).get_data(as_text=True))


# --- what happened to my needs -------------------------------------------------------------------


def test_my_needs_page_needs_a_sign_in(client):
    answer = client.get("/profile/needs", headers=EN)
    assert answer.status_code == 302 and "/login" in answer.headers["Location"]


def test_my_needs_page_follows_the_need_to_the_results(client, login, w):
    login(w["rosa"])
    html = client.get("/profile/needs", headers=EN).get_data(as_text=True)
    assert "You raised this need" in html and "Manca un doposcuola a Japigia" in html
    for text in ("Doposcuola nel centro civico", "Laboratorio Japigia", "Doposcuola diffuso", "<strong>60</strong>"):
        assert text in html
    assert "Bozza di un" not in html


def test_my_needs_page_is_in_the_account_menu(client, login, w):
    login(w["marco"])
    home = client.get("/").get_data(as_text=True)
    assert 'href="/profile/needs"' in home
    assert "You supported this need" in client.get("/profile/needs", headers=EN).get_data(as_text=True)


def test_a_person_with_no_needs_is_told_so(client, login, resident):
    login(resident)
    assert "You have not raised or supported any need yet." in client.get("/profile/needs", headers=EN).get_data(
        as_text=True
    )


# --- notifications -----------------------------------------------------------------------------


def _told(kind: str) -> set[int]:
    return set(db.session.scalars(sa.select(Notification.user_id).where(Notification.kind == kind)))


def test_approved_results_tell_who_posted_supported_or_follows_the_need(w):
    staff = w["call"].created_by
    report = indicator_report(w["project"], "EECO01", 70)
    hooks.run(hooks.REPORT_APPROVED, staff, report)
    db.session.commit()
    assert _told("lineage.results") == {w["rosa"].id, w["marco"].id, w["lucia"].id}
    note = db.session.scalar(sa.select(Notification).where(Notification.kind == "lineage.results"))
    assert "Doposcuola diffuso" in notices.MESSAGES["lineage.results"] % note.params


def test_approved_spend_tells_nobody(w):
    report = expenditure_report(w["project"], "1000.00")
    hooks.run(hooks.REPORT_APPROVED, w["call"].created_by, report)
    assert _told("lineage.results") == set()


def test_an_awarded_project_tells_only_the_followers_the_award_did_not(w):
    """Rosa and Marco heard it from the award (``ranking.funded_need``): Lucia follows."""
    notices.tell_funded(w["call"].created_by, w["project"])
    db.session.commit()
    assert _told("lineage.project_funded") == {w["lucia"].id}


def test_a_codesign_agreement_project_tells_everyone_behind_the_need(city, w):
    staff = factories.create_user(role=Role.STAFF, city=city)
    call = create_participation_call(city, staff, kind="codesign")
    call.ideas.append(w["idea"])
    agreement = Agreement(
        call=call,
        title="Patto per il doposcuola",
        summary="Insieme.",
        total_budget=Decimal("50000"),
        grant=Decimal("40000"),
    )
    project = Project(
        city_id=city.id, call=call, agreement=agreement, title="Patto per il doposcuola", grant=Decimal("40000")
    )
    db.session.add_all([agreement, project])
    db.session.flush()
    hooks.run(hooks.PROJECT_CREATED, staff, project)
    db.session.commit()
    assert _told("lineage.project_funded") == {w["rosa"].id, w["marco"].id, w["lucia"].id}


def test_a_ranked_application_that_was_not_funded_shows_by_title_and_status(client, city):
    need = create_need(city, title="Il campetto è chiuso da anni")
    (funded,) = funded_projects(city, "Campetto riaperto", "Campetto bis", budget="100000.00")
    ranked_out = db.session.scalar(
        sa.select(Application).where(Application.call_id == funded.call_id, Application.id != funded.application_id)
    )
    ranked_out.needs = [need]
    funded.application.needs = [need]
    db.session.commit()
    body = client.get(f"/api/v1/needs/{need.id}/lineage").json
    shown = {a["title"]: (a["status"], a["url"]) for a in body["applications"]}
    assert shown == {"Campetto riaperto": ("funded", None), "Campetto bis": (ranked_out.status.value, None)}
    assert ranked_out.status is not ApplicationStatus.FUNDED
    assert [p["title"] for p in body["projects"]] == ["Campetto riaperto"]


def test_hidden_ideas_and_draft_calls_stay_out_of_the_public_chain(client, city, w):
    w["idea"].hidden = True
    w["call"].status = CallStatus.DRAFT
    db.session.commit()
    body = client.get(f"/api/v1/needs/{w['need'].id}/lineage").json
    assert body["ideas"] == [] and body["calls"] == []
    html = client.get(f"/needs/{w['need'].id}", headers=EN).get_data(as_text=True)
    assert "Doposcuola nel centro civico" not in html and w["call"].title not in html
