"""Good practices, as their people see them: only a closed project is proposed, once; only
the authority publishes or declines (a reason to decline, told to the proposer); published
practices are read in every city, proposed ones only by the project's organisation, the
city's staff and the authority. Through the services and the API."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from app.extensions import db
from app.models import AuditEntry, GoodPractice, Notification, PracticeStatus, ReportStatus, Role
from app.notifications.services import text_of
from tests import factories
from tests.factories.practices import (
    LESSONS,
    authority,
    beneficiary,
    closed_project,
    proposed_practice,
    published_practice,
)
from tests.factories.projects import funded_project, indicator_report

BODY = {"title": "Doposcuola condiviso", "lessons": LESSONS}


def _bearer(user) -> dict:
    return {"Authorization": f"Bearer {factories.create_token(user)}"}


def _practices() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(GoodPractice))


def test_only_a_closed_project_is_proposed_by_its_organisation_or_the_city_s_staff(client, city, other_city):
    running = funded_project(city, "Cortili aperti")
    owner = beneficiary(running)
    answer = client.post(f"/api/v1/projects/{running.id}/good-practice", json=BODY, headers=_bearer(owner))
    assert answer.status_code == 409 and _practices() == 0

    closed = closed_project(city, "Doposcuola")
    resident = factories.create_user(city=city, name="Residente")
    napoli_staff = factories.create_user(role=Role.STAFF, city=other_city, name="Staff di Napoli")
    for outsider in (resident, napoli_staff, authority()):
        refused = client.post(f"/api/v1/projects/{closed.id}/good-practice", json=BODY, headers=_bearer(outsider))
        assert refused.status_code == 403
    assert _practices() == 0

    made = client.post(f"/api/v1/projects/{closed.id}/good-practice", json=BODY, headers=_bearer(beneficiary(closed)))
    assert made.status_code == 201, made.json
    assert made.json["status"] == "proposed" and made.json["project"]["id"] == closed.id
    assert made.json["title"] == "Doposcuola condiviso" and made.json["city"]["slug"] == "bari"

    by_staff = closed_project(city, "Orti in comune")
    bari_staff = factories.create_user(role=Role.STAFF, city=city, name="Staff di Bari")
    assert (
        client.post(f"/api/v1/projects/{by_staff.id}/good-practice", json=BODY, headers=_bearer(bari_staff)).status_code
        == 201
    )


def test_a_project_has_one_practice_a_second_proposal_is_a_409(client, city):
    project = closed_project(city)
    proposed_practice(project)
    staff = factories.create_user(role=Role.STAFF, city=city, name="Staff")
    again = client.post(
        f"/api/v1/projects/{project.id}/good-practice",
        json={"title": "Un altro titolo", "lessons": LESSONS},
        headers=_bearer(staff),
    )
    assert again.status_code == 409 and again.json["error"]["code"] == "conflict"
    assert _practices() == 1


def test_a_proposal_is_checked_field_by_field(client, city):
    project = closed_project(city)
    headers = _bearer(beneficiary(project))
    url = f"/api/v1/projects/{project.id}/good-practice"
    short = client.post(url, json={"title": "Ciao", "lessons": "Poco."}, headers=headers)
    assert short.status_code == 422 and set(short.json["error"]["fields"]) == {"title", "lessons"}
    unknown = client.post(url, json={**BODY, "status": "published"}, headers=headers)
    assert unknown.status_code == 422 and "status" in unknown.json["error"]["fields"]
    assert client.post(url, json={"title": "x" * 201, "lessons": LESSONS}, headers=headers).status_code == 422
    assert _practices() == 0


def test_the_authority_is_told_of_a_proposal(city):
    adg = authority()
    practice = proposed_practice(closed_project(city))
    told = db.session.scalar(sa.select(Notification).where(Notification.user_id == adg.id))
    assert told is not None and told.kind == "practice.proposed" and told.url == "/good-practices/pending"
    assert "Doposcuola condiviso" in text_of(told, adg)
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "practice.proposed"))
    assert entry.target_id == practice.id and entry.city_id == city.id


def test_only_the_authority_publishes_and_the_proposer_is_told(client, city):
    project = closed_project(city)
    practice = proposed_practice(project)
    url = f"/api/v1/good-practices/{practice.id}/curation"
    city_staff = factories.create_user(role=Role.STAFF, city=city, name="Staff")
    admin = factories.create_user(role=Role.ADMIN, name="Admin")
    for who in (beneficiary(project), city_staff, admin):
        assert client.post(url, json={"publish": True}, headers=_bearer(who)).status_code == 403
    db.session.expire_all()
    assert practice.status is PracticeStatus.PROPOSED

    adg = authority()
    done = client.post(url, json={"publish": True}, headers=_bearer(adg))
    assert done.status_code == 200 and done.json["status"] == "published" and done.json["curated_at"]
    again = client.post(url, json={"publish": False, "reason": "Ci ho ripensato, meglio di no."}, headers=_bearer(adg))
    assert again.status_code == 409
    db.session.expire_all()
    assert practice.status is PracticeStatus.PUBLISHED and practice.curated_by_id == adg.id

    proposer = beneficiary(project)
    told = db.session.scalar(
        sa.select(Notification).where(Notification.user_id == proposer.id, Notification.kind == "practice.published")
    )
    assert told is not None and told.url == f"/good-practices/{practice.id}"
    assert db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "practice.published")) is not None


def test_declining_needs_a_reason_which_the_proposer_reads(client, city, app):
    project = closed_project(city)
    practice = proposed_practice(project)
    headers = _bearer(authority())
    url = f"/api/v1/good-practices/{practice.id}/curation"
    bare = client.post(url, json={"publish": False}, headers=headers)
    assert bare.status_code == 422 and list(bare.json["error"]["fields"]) == ["reason"]
    assert client.post(url, json={}, headers=headers).json["error"]["fields"] == {"publish": ["Rispondi sì o no."]}
    reason = "Mancano i dati sugli esiti per i ragazzi coinvolti."
    declined = client.post(url, json={"publish": False, "reason": reason}, headers=headers)
    assert declined.status_code == 200 and declined.json["status"] == "declined"
    assert declined.json["curation_reason"] == reason

    proposer = beneficiary(project)
    told = db.session.scalar(
        sa.select(Notification).where(Notification.user_id == proposer.id, Notification.kind == "practice.declined")
    )
    assert told is not None and told.url == f"/good-practices/{practice.id}"
    with app.test_request_context(headers={"Accept-Language": "it"}):
        assert (
            text_of(told, proposer) == f"La tua buona pratica “Doposcuola condiviso” non è stata pubblicata: {reason}"
        )
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "practice.declined"))
    assert entry.data["reason"] == reason


def test_published_practices_are_read_in_every_city_proposed_ones_by_their_people(client, city, other_city):
    published = published_practice(closed_project(city, "Cortili aperti"), title="Cortili aperti tutto l'anno")
    project = closed_project(city, "Doposcuola")
    proposed = proposed_practice(project, title="Doposcuola in rete")
    napoli_resident = factories.create_user(city=other_city, name="Residente di Napoli")
    napoli_staff = factories.create_user(role=Role.STAFF, city=other_city, name="Staff di Napoli")
    bari_resident = factories.create_user(city=city, name="Residente di Bari")
    bari_staff = factories.create_user(role=Role.STAFF, city=city, name="Staff di Bari")

    for headers in ({}, _bearer(napoli_resident), _bearer(napoli_staff)):
        assert client.get(f"/api/v1/good-practices/{published.id}", headers=headers).status_code == 200
        assert client.get(f"/good-practices/{published.id}", headers=headers).status_code == 200
        titles = [i["title"] for i in client.get("/api/v1/good-practices", headers=headers).json["items"]]
        assert titles == ["Cortili aperti tutto l'anno"]
    assert client.get(f"/api/v1/good-practices/{proposed.id}").status_code == 401
    for outsider in (napoli_resident, napoli_staff, bari_resident):
        assert client.get(f"/api/v1/good-practices/{proposed.id}", headers=_bearer(outsider)).status_code == 403
        pending = client.get("/api/v1/good-practices?status=proposed", headers=_bearer(outsider)).json
        assert pending["total"] == 0
    for insider in (beneficiary(project), bari_staff, authority()):
        assert client.get(f"/api/v1/good-practices/{proposed.id}", headers=_bearer(insider)).status_code == 200
        pending = client.get("/api/v1/good-practices?status=proposed", headers=_bearer(insider)).json
        assert [i["title"] for i in pending["items"]] == ["Doposcuola in rete"]


def test_a_practice_shows_its_project_and_the_latest_approved_result(client, city):
    project = closed_project(city, indicators=[("EECO01", "10", "60"), ("EECO02", "0", "20")])
    indicator_report(project, "EECO01", 40, measured_on=date(2026, 3, 1))
    indicator_report(project, "EECO01", 55, measured_on=date(2026, 6, 1))
    indicator_report(project, "EECO01", 70, measured_on=date(2026, 7, 1), status=ReportStatus.SENT_BACK)
    practice = published_practice(project)
    body = client.get(f"/api/v1/good-practices/{practice.id}").json
    assert body["project"]["grant"] == "100000.00" and body["project"]["funds"] == [
        {"fund": "FSE+", "amount": "100000.00"}
    ]
    results = {i["code"]: (i["baseline"], i["target"], i["value"], i["measured_on"]) for i in body["indicators"]}
    assert results == {
        "EECO01": ("10.00", "60.00", "55.00", "2026-06-01"),  # the sent-back 70 does not count
        "EECO02": ("0.00", "20.00", None, None),
    }
    page = client.get(f"/good-practices/{practice.id}").text
    assert "Lezioni apprese" in page and "le famiglie sono state coinvolte" in page
    assert "100.000,00" in page and "non rilevato" in page and ">55<" in page.replace(" ", "")
