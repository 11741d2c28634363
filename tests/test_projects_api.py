"""``/api/v1/projects``: anyone lists and reads funded projects with their grant per fund,
milestones, spend, indicators (latest approved value) and tranches; staff of the city PATCH
the CUP, dates and milestones and change the state; others get 403, bad input 422, a CUP of
another project 422 on ``cup``, a change to a closed project 409."""

from __future__ import annotations

from datetime import timedelta

from app.extensions import db
from app.models import CohesionFund, Programme, ProgrammeAction, Role
from app.projects import queries
from tests import factories
from tests.factories.projects import expenditure_report, funded_project, funded_projects, indicator_report


def test_anyone_reads_a_project_with_its_numbers(client, city):
    project = funded_project(city, indicators=[("EECO01", "10", "110")])
    expenditure_report(project, "1250.50")
    indicator_report(project, "EECO01", 35, measured_on=queries.today() - timedelta(days=3))
    body = client.get(f"/api/v1/projects/{project.id}").json
    assert body["title"] == "Cortili aperti" and body["city"] == "bari"
    assert body["organization"]["name"] == project.organisation.name
    assert body["call"] == project.call_id and body["application"] == project.application_id
    assert body["grant"] == "100000.00" and body["funds"] == [{"fund": "FSE+", "amount": "100000.00"}]
    assert body["spent"] == "1250.50" and body["paid"] == "0.00"
    assert body["status"] == "on_track" and body["cup"] is None
    assert [m["name"] for m in body["milestones"]] == [m.name for m in project.milestones]
    assert body["indicators"] == [
        {
            "code": "EECO01",
            "name": "Indicatore EECO01",
            "unit": "persone",
            "baseline": "10.00",
            "target": "110.00",
            "latest_value": "35.00",
            "measured_on": (queries.today() - timedelta(days=3)).isoformat(),
        }
    ]
    # The call's default shares: 30 % advance, 40 % intermediate, 20 % on results, the balance 10 %.
    assert [(t["kind"], t["share_pct"], t["status"]) for t in body["tranches"]] == [
        ("advance", "30.00", "planned"),
        ("intermediate", "40.00", "planned"),
        ("balance", "10.00", "planned"),
        ("results", "20.00", "planned"),
    ]
    assert body["url"].endswith(f"/projects/{project.id}")
    assert client.get("/api/v1/projects/999999").status_code == 404


def test_the_list_filters_by_city_fund_action_and_status(client, city, other_city):
    late, on_track = funded_projects(city, "In ritardo", "Puntuale")
    napoli = funded_project(other_city, "Rione Sanità")
    late.milestones[0].due_on = queries.today() - timedelta(days=1)
    napoli.funds[0].fund = CohesionFund.FESR
    programme = Programme(code="2021IT16FFPR003", name="PN Metro plus", period="2021-2027", current=True)
    on_track.action = ProgrammeAction(programme=programme, code="3.3.1", name="Servizi", fund=CohesionFund.FSE_PLUS)
    db.session.commit()

    def titles(query):
        answer = client.get(f"/api/v1/projects{query}")
        assert answer.status_code == 200, answer.json
        return [item["title"] for item in answer.json["items"]]

    assert titles("") == ["Rione Sanità", "Puntuale", "In ritardo"]
    assert titles("?city=bari") == ["Puntuale", "In ritardo"]
    assert titles("?fund=FESR") == ["Rione Sanità"]
    assert titles("?action=3.3.1") == ["Puntuale"]
    assert titles("?status=late") == ["In ritardo"]
    assert titles("?status=on_track&city=bari") == ["Puntuale"]
    page = client.get("/api/v1/projects?per_page=2&page=2").json
    assert (page["total"], page["page"], page["per_page"], len(page["items"])) == (3, 2, 2, 1)
    assert client.get("/api/v1/projects?status=slow").status_code == 422
    assert client.get("/api/v1/projects?city=atlantide").json["error"]["fields"] == {"city": ["Città sconosciuta."]}


def test_staff_patch_the_cup_dates_and_milestones(client, login, city):
    project = funded_project(city)
    login(project.call.created_by)
    start = queries.today()
    first = project.milestones[0]
    answer = client.patch(
        f"/api/v1/projects/{project.id}",
        json={
            "cup": "J81B21000010006",
            "starts_on": start.isoformat(),
            "ends_on": (start + timedelta(days=300)).isoformat(),
            "milestones": [
                {"id": first.id, "name": "Avvio", "due_on": start.isoformat(), "reached_on": start.isoformat()},
                {"name": "Chiusura", "due_on": (start + timedelta(days=300)).isoformat()},
            ],
        },
    )
    assert answer.status_code == 200, answer.json
    assert answer.json["cup"] == "J81B21000010006"
    assert [(m["name"], m["reached_on"]) for m in answer.json["milestones"]] == [
        ("Avvio", start.isoformat()),
        ("Chiusura", None),
    ]
    assert answer.json["milestones"][0]["id"] == first.id


def test_bad_input_answers_422_with_the_field(client, login, city):
    first, second = funded_projects(city, "Cortili aperti", "Doposcuola")
    login(first.call.created_by)
    cases = [
        ({"cup": "ABC"}, "cup"),
        ({"starts_on": "2027-01-10", "ends_on": "2027-01-01"}, "ends_on"),
        ({"starts_on": "domani"}, "starts_on"),
        ({"milestones": [{"name": "Avvio"}]}, "milestones.0.due_on"),
        ({"title": "Nuovo titolo"}, "title"),
    ]
    for body, field in cases:
        answer = client.patch(f"/api/v1/projects/{first.id}", json=body)
        assert answer.status_code == 422 and field in answer.json["error"]["fields"], (body, answer.json)
    assert client.patch(f"/api/v1/projects/{first.id}", json={"cup": "J81B21000010006"}).status_code == 200
    taken = client.patch(f"/api/v1/projects/{second.id}", json={"cup": "J81B21000010006"})
    assert taken.status_code == 422 and "Cortili aperti" in taken.json["error"]["fields"]["cup"][0]


def test_others_get_403_and_visitors_401(client, login, city, other_city):
    project = funded_project(city)
    body = {"cup": "J81B21000010006"}
    assert client.patch(f"/api/v1/projects/{project.id}", json=body).status_code == 401
    for person in (
        project.application.created_by,
        factories.create_user(city=city),
        factories.create_user(role=Role.STAFF, city=other_city),
    ):
        login(person)
        assert client.patch(f"/api/v1/projects/{project.id}", json=body).status_code == 403
        state = {"state": "suspended", "reason": "Verifica amministrativa in corso"}
        assert client.post(f"/api/v1/projects/{project.id}/state", json=state).status_code == 403
    db.session.expire_all()
    assert project.cup is None and project.status.value == "on_track"


def test_state_steps_and_a_closed_project_answers_409(client, login, city):
    project = funded_project(city)
    login(project.call.created_by)
    url = f"/api/v1/projects/{project.id}/state"
    assert client.post(url, json={"state": "suspended"}).json["error"]["fields"]["reason"]
    answer = client.post(url, json={"state": "suspended", "reason": "Verifica antimafia in corso"})
    assert answer.status_code == 200 and answer.json["status"] == "suspended"
    assert answer.json["state_reason"] == "Verifica antimafia in corso"
    assert client.post(url, json={"state": "paused", "reason": "Uno stato che non esiste"}).status_code == 422
    closed = client.post(url, json={"state": "closed", "reason": "Attività concluse e rendicontate"})
    assert closed.status_code == 200 and closed.json["status"] == "closed" and closed.json["closed_at"]
    again = client.post(url, json={"state": "active", "reason": "Riapriamo il progetto chiuso"})
    assert again.status_code == 409
    assert client.patch(f"/api/v1/projects/{project.id}", json={"cup": "J81B21000010006"}).status_code == 409


def test_the_openapi_document_describes_the_project_endpoints(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    assert {"get", "patch"} <= set(paths["/api/v1/projects/{project_id}"])
    assert "post" in paths["/api/v1/projects/{project_id}/state"]
    assert {p["name"] for p in paths["/api/v1/projects"]["get"]["parameters"]} >= {"city", "fund", "action", "status"}


def test_odd_bodies_answer_422_never_500(client, login, city):
    project = funded_project(city)
    login(project.call.created_by)
    url = f"/api/v1/projects/{project.id}"
    for body in (
        {"cup": 5},
        {"cup": "J" * 5000},
        {"starts_on": 20270101},
        {"starts_on": "2027-01-01T10:00:00+01:00"},
        {"ends_on": ["2027-01-01"]},
        {"milestones": "tutti"},
        {"milestones": [1]},
        {"milestones": [{"id": True, "name": "Avvio", "due_on": "2027-01-01"}]},
        {"milestones": [{"id": 2**40, "name": "Avvio", "due_on": "2027-01-01"}]},
        {"milestones": [{"name": "Avvio", "due_on": "2027-01-01", "extra": 1}]},
        [],
    ):
        answer = client.patch(url, json=body)
        assert answer.status_code == 422, (body, answer.status_code)
    for body in ({"state": None, "reason": "Motivo abbastanza lungo"}, {"state": "closed", "reason": 12}, {}):
        assert client.post(f"{url}/state", json=body).status_code == 422, body
    db.session.expire_all()
    assert project.cup is None and project.status.value == "on_track" and len(project.milestones) == 3
