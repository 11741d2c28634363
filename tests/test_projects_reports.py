"""Reports of a funded project through the API: the organisation files spend (simplified-cost
lines computed from quantities, never beyond a line's amount, dated within the project) and
indicator values with evidence; staff approve or send back with a reason; an organisation
never reviews its own reports; approved spend counts in ``project.spent``."""

from __future__ import annotations

import io
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa

from app import times
from app.errors import Conflict
from app.extensions import db
from app.models import (
    AuditEntry,
    Notification,
    Project,
    ProjectReport,
    ProjectState,
    ReportStatus,
    Role,
    RoleGrant,
    StoredFile,
)
from app.projects import hooks, reports
from app.uploads import stored_path
from tests import factories
from tests.factories.organisations import add_member
from tests.factories.project_reports import PDF, bearer, filed_expenditure, reporting_project


def _day(project, days=1) -> str:
    return (project.starts_on + timedelta(days=days)).isoformat()


def _spend(project, **overrides) -> dict:
    body = {
        "budget_line": project.budget_lines[0].id,
        "amount": "1200.50",
        "spent_on": _day(project),
        "description": "Fattura n. 14/2026, cooperativa Il Faro",
    }
    return {**body, **overrides}


def test_the_organisation_reports_spend_and_staff_approve_it(client, city):
    project, owner, staff = reporting_project(city)
    posted = client.post(f"/api/v1/projects/{project.id}/expenditures", json=_spend(project), headers=bearer(owner))
    assert posted.status_code == 201, posted.json
    assert posted.json["status"] == "submitted" and posted.json["amount"] == "1200.50"
    assert posted.json["fund"] == "FSE+" and posted.json["kind"] == "expenditure"
    assert project.spent == Decimal("0")  # waiting spend does not count
    report_id = posted.json["id"]
    approved = client.post(f"/api/v1/reports/{report_id}/review", json={"approve": True}, headers=bearer(staff))
    assert approved.status_code == 200, approved.json
    assert approved.json["status"] == "approved"
    db.session.expire_all()
    assert project.spent == Decimal("1200.50")
    assert db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "project.report_approved"))
    told = db.session.scalar(
        sa.select(Notification).where(Notification.user_id == owner.id, Notification.kind.like("project.%"))
    )
    assert told.kind == "project.report_approved" and told.url == f"/projects/{project.id}/reports"
    again = client.post(f"/api/v1/reports/{report_id}/review", json={"approve": True}, headers=bearer(staff))
    assert again.status_code == 409  # only a submitted report is reviewed
    db.session.expire_all()
    assert project.spent == Decimal("1200.50")  # and never counted twice


def test_a_simplified_cost_line_computes_the_amount_from_the_quantity(client, city):
    project, owner, _staff = reporting_project(city)
    line = project.budget_lines[1]  # 25.00 € an hour
    url = f"/api/v1/projects/{project.id}/expenditures"
    body = _spend(project, budget_line=line.id, amount=None, quantity="12.5")
    del body["amount"]
    posted = client.post(url, json=body, headers=bearer(owner))
    assert posted.status_code == 201, posted.json
    assert posted.json["amount"] == "312.50" and posted.json["quantity"] == "12.50"  # 12.5 × 25.00
    agrees = client.post(url, json={**body, "amount": "312.50"}, headers=bearer(owner))
    assert agrees.status_code == 201
    disagrees = client.post(url, json={**body, "amount": "400.00"}, headers=bearer(owner))
    assert disagrees.status_code == 422
    assert "12.50 × 25.00 = 312.50" in disagrees.json["error"]["fields"]["amount"][0]
    no_quantity = client.post(url, json=_spend(project, budget_line=line.id), headers=bearer(owner))
    assert no_quantity.status_code == 422 and "quantity" in no_quantity.json["error"]["fields"]
    on_a_euro_line = client.post(url, json=_spend(project, quantity="3"), headers=bearer(owner))
    assert on_a_euro_line.status_code == 422 and "quantity" in on_a_euro_line.json["error"]["fields"]


def test_approved_and_waiting_spend_never_pass_the_line(client, city):
    project, owner, staff = reporting_project(city)
    line = project.budget_lines[1]  # 5 000.00 €
    url = f"/api/v1/projects/{project.id}/expenditures"
    first = filed_expenditure(project, owner, "3000.00", line=1)
    client.post(f"/api/v1/reports/{first.id}/review", json={"approve": True}, headers=bearer(staff))
    filed_expenditure(project, owner, "1500.00", line=1)  # waiting
    body = _spend(project, budget_line=line.id, quantity="21", amount=None)  # 525.00 > 500.00 left
    del body["amount"]
    over = client.post(url, json=body, headers=bearer(owner))
    assert over.status_code == 422
    message = over.json["error"]["fields"]["amount"][0]
    assert "500.00" in message and "5000.00" in message and "4500.00" in message
    assert client.post(url, json={**body, "quantity": "20"}, headers=bearer(owner)).status_code == 201  # 500.00: fits
    # A sent-back report frees its money again.
    waiting = db.session.scalar(sa.select(ProjectReport).where(ProjectReport.amount == Decimal("1500.00")))
    back = {"approve": False, "reason": "Manca la fattura quietanzata."}
    assert client.post(f"/api/v1/reports/{waiting.id}/review", json=back, headers=bearer(staff)).status_code == 200
    assert client.post(url, json={**body, "quantity": "60"}, headers=bearer(owner)).status_code == 201  # 1 500.00


def test_spend_is_dated_within_the_project_and_not_in_the_future(client, city):
    project, owner, _staff = reporting_project(city)
    url = f"/api/v1/projects/{project.id}/expenditures"
    tomorrow = (times.now_local().date() + timedelta(days=1)).isoformat()
    future = client.post(url, json=_spend(project, spent_on=tomorrow), headers=bearer(owner))
    assert future.status_code == 422 and "spent_on" in future.json["error"]["fields"]
    before = client.post(url, json=_spend(project, spent_on=_day(project, -1)), headers=bearer(owner))
    assert before.status_code == 422 and project.starts_on.isoformat() in before.json["error"]["fields"]["spent_on"][0]
    nonsense = client.post(url, json=_spend(project, spent_on="ieri"), headers=bearer(owner))
    assert nonsense.status_code == 422 and "spent_on" in nonsense.json["error"]["fields"]
    other = reporting_project(city, title="Altro progetto")[0]
    foreign = client.post(url, json=_spend(project, budget_line=other.budget_lines[0].id), headers=bearer(owner))
    assert foreign.status_code == 422 and "budget_line" in foreign.json["error"]["fields"]
    short = client.post(url, json=_spend(project, description="x", amount="-3"), headers=bearer(owner))
    assert set(short.json["error"]["fields"]) == {"description", "amount"}
    unknown = client.post(url, json=_spend(project, vat="22"), headers=bearer(owner))
    assert unknown.status_code == 422 and "vat" in unknown.json["error"]["fields"]
    assert db.session.scalar(sa.select(sa.func.count(ProjectReport.id))) == 0


def test_indicator_values_are_reported_by_code_with_evidence(client, city):
    project, owner, staff = reporting_project(city, indicators=[("EECO01", "10", "110"), ("EECR03", "50", "20")])
    url = f"/api/v1/projects/{project.id}/indicator-reports"
    body = {"indicator": "EECO01", "value": "64", "measured_on": _day(project, 30), "evidence": "Registro presenze"}
    posted = client.post(url, json=body, headers=bearer(owner))
    assert posted.status_code == 201, posted.json
    assert posted.json["indicator"] == "EECO01" and posted.json["value"] == "64.00"
    assert posted.json["evidence"] == "Registro presenze"
    without_evidence = {k: v for k, v in body.items() if k != "evidence"}
    assert client.post(url, json={**without_evidence, "indicator": "EECR03"}, headers=bearer(owner)).status_code == 201
    lower = client.post(url, json={**body, "indicator": "eeco01"}, headers=bearer(owner))
    assert lower.status_code == 201 and lower.json["indicator"] == "EECO01"  # codes are read as written in capitals
    unknown = client.post(url, json={**body, "indicator": "XYZ"}, headers=bearer(owner))
    assert unknown.status_code == 422 and "indicator" in unknown.json["error"]["fields"]
    negative = client.post(url, json={**body, "value": "-1"}, headers=bearer(owner))
    assert negative.status_code == 422 and "value" in negative.json["error"]["fields"]
    ok = client.post(f"/api/v1/reports/{posted.json['id']}/review", json={"approve": True}, headers=bearer(staff))
    assert ok.status_code == 200
    assert project.spent == Decimal("0")  # an indicator value is no spend


def test_only_the_organisation_reports_while_the_project_is_not_closed(client, city, resident):
    project, owner, staff = reporting_project(city)
    url = f"/api/v1/projects/{project.id}/expenditures"
    for who in (resident, staff, factories.create_user(role=Role.ADMIN)):
        assert client.post(url, json=_spend(project), headers=bearer(who)).status_code == 403
    assert client.post(url, json=_spend(project)).status_code == 401
    assert (
        client.post("/api/v1/projects/99999/expenditures", json=_spend(project), headers=bearer(owner)).status_code
        == 404
    )
    project.state = ProjectState.CLOSED
    db.session.commit()
    assert client.post(url, json=_spend(project), headers=bearer(owner)).status_code == 403


def test_sending_back_needs_a_reason_and_only_staff_outside_the_organisation_review(client, city, resident):
    project, owner, staff = reporting_project(city)
    report = filed_expenditure(project, owner)
    url = f"/api/v1/reports/{report.id}/review"
    assert client.post(url, json={"approve": True}, headers=bearer(owner)).status_code == 403
    assert client.post(url, json={"approve": True}, headers=bearer(resident)).status_code == 403
    other_city_staff = factories.create_user(role=Role.STAFF, city=factories.create_city(name="Napoli", slug="napoli"))
    assert client.post(url, json={"approve": True}, headers=bearer(other_city_staff)).status_code == 403
    # A staff member of the city who is also a member of the organisation: refused.
    insider = factories.create_user(role=Role.STAFF, city=city, name="Funzionario socio")
    add_member(project.organisation, insider)
    assert client.post(url, json={"approve": True}, headers=bearer(insider)).status_code == 403
    # The owner made staff of the city too: still refused.
    db.session.add(RoleGrant(user=owner, role=Role.STAFF, city_id=city.id))
    db.session.commit()
    assert client.post(url, json={"approve": True}, headers=bearer(owner)).status_code == 403
    no_reason = client.post(url, json={"approve": False}, headers=bearer(staff))
    assert no_reason.status_code == 422 and "reason" in no_reason.json["error"]["fields"]
    back = client.post(url, json={"approve": False, "reason": "Manca la fattura quietanzata."}, headers=bearer(staff))
    assert back.status_code == 200 and back.json["status"] == "sent_back"
    assert back.json["review_reason"] == "Manca la fattura quietanzata."
    told = db.session.scalars(sa.select(Notification).where(Notification.kind == "project.report_sent_back")).all()
    assert {n.user_id for n in told} == {owner.id, insider.id}  # every member of the organisation
    assert told[0].params["reason"] == "Manca la fattura quietanzata."
    db.session.expire_all()
    assert project.spent == Decimal("0")
    assert client.post(url, json={"approve": True}, headers=bearer(staff)).status_code == 409
    # Corrected: the organisation files a new report; the sent-back one stays in the history.
    assert (
        client.post(
            f"/api/v1/projects/{project.id}/expenditures", json=_spend(project, amount="1000.00"), headers=bearer(owner)
        ).status_code
        == 201
    )
    listed = client.get(f"/api/v1/projects/{project.id}/reports", headers=bearer(owner)).json["items"]
    assert [r["status"] for r in listed] == ["submitted", "sent_back"]


def test_approval_runs_the_hook_in_the_same_transaction(client, city, monkeypatch):
    project, owner, staff = reporting_project(city)
    report = filed_expenditure(project, owner, "800.00")
    seen = []

    def hook(actor, approved):
        seen.append((actor.id, approved.id, approved.status))
        raise RuntimeError("the dashboards failed")

    monkeypatch.setattr(hooks, "REPORT_APPROVED", [hook])
    try:
        reports.review_report(staff, report, {"approve": True})
    except RuntimeError:
        pass
    assert seen == [(staff.id, report.id, ReportStatus.APPROVED)]
    db.session.expire_all()
    assert report.status is ReportStatus.SUBMITTED and project.spent == Decimal("0")  # nothing half-written
    monkeypatch.setattr(hooks, "REPORT_APPROVED", [lambda actor, r: seen.append(r.id)])
    reports.review_report(staff, report, {"approve": True})
    assert seen[-1] == report.id and project.spent == Decimal("800.00")


def test_readers_see_approved_reports_and_the_organisation_and_staff_all(client, city, resident):
    project, owner, staff = reporting_project(city)
    approved = filed_expenditure(project, owner, "100.00")
    client.post(f"/api/v1/reports/{approved.id}/review", json={"approve": True}, headers=bearer(staff))
    filed_expenditure(project, owner, "200.00")
    url = f"/api/v1/projects/{project.id}/reports"
    assert [r["amount"] for r in client.get(url).json["items"]] == ["100.00"]
    assert [r["amount"] for r in client.get(url, headers=bearer(resident)).json["items"]] == ["100.00"]
    assert len(client.get(url, headers=bearer(owner)).json["items"]) == 2
    assert len(client.get(url, headers=bearer(staff)).json["items"]) == 2
    assert client.get("/api/v1/projects/99999/reports").status_code == 404


def test_documents_are_pdfs_served_only_to_who_may_see_the_report(client, city, resident):
    project, owner, staff = reporting_project(city)
    url = f"/api/v1/projects/{project.id}/expenditures"
    form = {k: str(v) for k, v in _spend(project).items()}
    not_pdf = client.post(
        url,
        data={**form, "files": [(io.BytesIO(b"MZ not a pdf"), "fattura.pdf")]},
        headers=bearer(owner),
        content_type="multipart/form-data",
    )
    assert not_pdf.status_code == 422 and "files" in not_pdf.json["error"]["fields"]
    assert db.session.scalar(sa.select(sa.func.count(StoredFile.id))) == 0
    posted = client.post(
        url,
        data={**form, "files": [(io.BytesIO(PDF), "fattura 14.pdf"), (io.BytesIO(PDF), "quietanza.pdf")]},
        headers=bearer(owner),
        content_type="multipart/form-data",
    )
    assert posted.status_code == 201, posted.json
    files = posted.json["files"]
    assert [f["name"] for f in files] == ["fattura 14.pdf", "quietanza.pdf"]
    download = files[0]["url"].replace("http://localhost", "")
    got = client.get(download, headers=bearer(owner))
    assert got.status_code == 200 and got.data == PDF and got.mimetype == "application/pdf"
    assert client.get(download, headers=bearer(staff)).status_code == 200
    assert client.get(download, headers=bearer(resident)).status_code == 403
    assert client.get(download).status_code == 401
    report_id = posted.json["id"]
    other = filed_expenditure(project, owner, "10.00")
    assert client.get(f"/api/v1/reports/{other.id}/files/{files[0]['id']}", headers=bearer(owner)).status_code == 404
    client.post(f"/api/v1/reports/{report_id}/review", json={"approve": True}, headers=bearer(staff))
    assert client.get(download).status_code == 200  # approved: public with the project
    web = client.get(f"/projects/reports/{report_id}/files/{files[1]['id']}")
    assert web.status_code == 200 and web.data == PDF
    stored = db.session.get(StoredFile, files[0]["id"])
    assert stored_path(stored).read_bytes() == PDF


def test_a_failed_report_leaves_no_file_behind(client, city, app):
    project, owner, _staff = reporting_project(city)
    form = {k: str(v) for k, v in _spend(project, amount="999999.00").items()}  # beyond the line
    before = set(Path(app.config["UPLOAD_DIR"]).rglob("*.pdf"))
    failed = client.post(
        f"/api/v1/projects/{project.id}/expenditures",
        data={**form, "files": [(io.BytesIO(PDF), "fattura.pdf")]},
        headers=bearer(owner),
        content_type="multipart/form-data",
    )
    assert failed.status_code == 422 and "amount" in failed.json["error"]["fields"]
    after = set(Path(app.config["UPLOAD_DIR"]).rglob("*.pdf"))
    assert after == before
    assert db.session.scalar(sa.select(sa.func.count(StoredFile.id))) == 0


def test_two_staff_reviewing_at_once_count_the_spend_once(city):
    project, owner, staff = reporting_project(city)
    report = filed_expenditure(project, owner, "700.00")
    assert report.status is ReportStatus.SUBMITTED  # what this request read
    # A colleague's approval lands, in another connection, before this request writes.
    with db.engine.begin() as other:
        other.execute(sa.update(ProjectReport.__table__).where(ProjectReport.id == report.id).values(status="approved"))
        other.execute(sa.update(Project.__table__).where(Project.id == project.id).values(spent=Decimal("700.00")))
    with pytest.raises(Conflict):
        reports.review_report(staff, report, {"approve": True})
    db.session.expire_all()
    assert project.spent == Decimal("700.00") and report.reviewed_by_id is None
