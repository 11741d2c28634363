"""The reports' pages as their users meet them: the organisation files spend and indicator
values on phone-first forms (errors under the fields, a simplified line's rate given to the
page's script), readers see approved reports and the organisation and staff all of them,
staff review from their queue, a sent-back report is corrected by a new one, and user text
stays text in Italian and English."""

from __future__ import annotations

import io
from datetime import timedelta
from decimal import Decimal

import sqlalchemy as sa

from app.extensions import db
from app.models import ProjectReport, ReportKind, ReportStatus, Role
from app.projects import reports
from tests import factories
from tests.factories.organisations import add_member
from tests.factories.project_reports import PDF, filed_expenditure, reporting_project
from tests.xss import PAYLOADS, assert_no_xss

EN = {"Accept-Language": "en"}


def _day(project, days=1) -> str:
    return (project.starts_on + timedelta(days=days)).isoformat()


def test_the_organisation_files_spend_from_the_form(client, city, login):
    project, owner, _staff = reporting_project(city)
    login(owner)
    url = f"/projects/{project.id}/reports/expenditure"
    page = client.get(url, headers=EN)
    assert page.status_code == 200
    html = page.text
    assert "Ore di tutoraggio (25.00 € / ore)" in html and 'type="date"' in html
    assert "js/project-reports.js" in html and "data-rates=" in html and "&#34;25.00&#34;" in html
    assert 'enctype="multipart/form-data"' in html and 'accept="application/pdf"' in html
    bad = client.post(
        url,
        data={"budget_line": str(project.budget_lines[0].id), "amount": "", "spent_on": "", "description": ""},
        headers=EN,
    )
    assert bad.status_code == 422
    assert "Enter the date of the expense." in bad.text and 'aria-invalid="true"' in bad.text
    good = client.post(
        url,
        data={
            "budget_line": str(project.budget_lines[1].id),
            "quantity": "8",
            "amount": "",
            "spent_on": _day(project),
            "description": "Tutoraggio di ottobre",
            "files": [(io.BytesIO(PDF), "registro.pdf")],
        },
        headers=EN,
        content_type="multipart/form-data",
    )
    assert good.status_code == 302
    report = db.session.scalar(sa.select(ProjectReport))
    assert report.amount == Decimal("200.00") and report.quantity == Decimal("8.00")  # 8 × 25.00
    assert [f.name for f in report.files] == ["registro.pdf"]
    assert good.headers["Location"].endswith(f"/projects/{project.id}/reports#report-{report.id}")
    panel = client.get(f"/projects/{project.id}/reports", headers=EN).text
    assert "Waiting for review" in panel and "Tutoraggio di ottobre" in panel and "registro.pdf" in panel
    italian = client.get(f"/projects/{project.id}/reports").text
    assert 'lang="it"' in italian and "Rendiconti" in italian and "In attesa di verifica" in italian


def test_the_organisation_files_an_indicator_value_from_the_form(client, city, login):
    project, owner, _staff = reporting_project(city)
    login(owner)
    url = f"/projects/{project.id}/reports/indicator"
    assert "EECO01 · Indicatore EECO01" in client.get(url, headers=EN).text
    posted = client.post(
        url,
        data={"indicator": "EECO01", "value": "42", "measured_on": _day(project, 20), "evidence": "Fogli firma"},
        headers=EN,
    )
    assert posted.status_code == 302
    report = db.session.scalar(sa.select(ProjectReport))
    assert report.value == Decimal("42.00") and report.evidence == "Fogli firma"


def test_only_the_organisation_sees_the_forms_and_the_buttons(client, city, resident, login):
    project, owner, staff = reporting_project(city)
    for who in (resident, staff):
        login(who)
        assert client.get(f"/projects/{project.id}/reports/expenditure").status_code == 403
        assert "reports/expenditure" not in client.get(f"/projects/{project.id}/reports").text
    login(owner)
    assert f"/projects/{project.id}/reports/expenditure" in client.get(f"/projects/{project.id}/reports").text


def test_readers_see_approved_reports_the_organisation_and_staff_all(client, city, resident, login):
    project, owner, staff = reporting_project(city)
    approved = filed_expenditure(project, owner, "100.00", description="Fattura approvata")
    reports.review_report(staff, approved, {"approve": True})
    filed_expenditure(project, owner, "200.00", description="Fattura in attesa")
    url = f"/projects/{project.id}/reports"
    public = client.get(url).text
    assert "Fattura approvata" in public and "Fattura in attesa" not in public
    login(resident)
    assert "Fattura in attesa" not in client.get(url).text
    for who in (owner, staff):
        login(who)
        assert "Fattura in attesa" in client.get(url).text


def test_staff_review_from_their_queue(client, city, login):
    project, owner, staff = reporting_project(city)
    first = filed_expenditure(project, owner, "300.00", description="Prima fattura")
    second = filed_expenditure(project, owner, "400.00", description="Seconda fattura")
    other = reporting_project(factories.create_city(name="Napoli", slug="napoli"), title="A Napoli")
    filed_expenditure(other[0], other[1], "10.00", description="Fattura di Napoli")
    login(staff)
    city_page = client.get(f"/c/{city.slug}", headers=EN).text
    assert "Reports to review" in city_page and f"/projects/reports/pending?city={city.slug}" in city_page
    queue = client.get("/projects/reports/pending", headers=EN)
    assert queue.status_code == 200
    html = queue.text
    assert html.index("Prima fattura") < html.index("Seconda fattura") and "Fattura di Napoli" not in html
    assert "2 reports are waiting" in html
    approve = client.post(f"/projects/reports/{first.id}/review", data={"decision": "approve", "back": "queue"})
    assert approve.status_code == 302 and approve.headers["Location"].endswith("/projects/reports/pending")
    no_reason = client.post(f"/projects/reports/{second.id}/review", data={"decision": "send_back"}, headers=EN)
    assert no_reason.status_code == 422 and "Say why the report is sent back" in no_reason.text
    sent = client.post(
        f"/projects/reports/{second.id}/review",
        data={"decision": "send_back", "reason": "Manca il DURC del fornitore."},
    )
    assert sent.status_code == 302
    twice = client.post(
        f"/projects/reports/{second.id}/review", data={"decision": "approve"}, follow_redirects=True, headers=EN
    )
    assert "Only a submitted report can be reviewed." in twice.text
    db.session.expire_all()
    assert (first.status, second.status) == (ReportStatus.APPROVED, ReportStatus.SENT_BACK)
    assert project.spent == Decimal("300.00")
    assert "No report is waiting for your review." in client.get("/projects/reports/pending", headers=EN).text


def test_a_staff_member_of_the_organisation_cannot_review_its_reports(client, city, login):
    project, owner, _staff = reporting_project(city)
    report = filed_expenditure(project, owner, "300.00", description="Fattura del socio")
    insider = factories.create_user(role=Role.STAFF, city=city, name="Funzionaria socia")
    add_member(project.organisation, insider)
    login(insider)
    assert "Fattura del socio" not in client.get("/projects/reports/pending").text
    assert 'value="approve"' not in client.get(f"/projects/{project.id}/reports").text
    assert client.post(f"/projects/reports/{report.id}/review", data={"decision": "approve"}).status_code == 403
    assert db.session.get(ProjectReport, report.id).status is ReportStatus.SUBMITTED


def test_a_sent_back_report_is_corrected_by_a_new_one(client, city, login):
    project, owner, staff = reporting_project(city)
    report = filed_expenditure(project, owner, "300.00", description="Fattura senza quietanza")
    reports.review_report(staff, report, {"approve": False, "reason": "Manca la quietanza di pagamento."})
    login(owner)
    panel = client.get(f"/projects/{project.id}/reports", headers=EN).text
    assert "Sent back" in panel and "Manca la quietanza di pagamento." in panel
    corrected = f"/projects/{project.id}/reports/expenditure?from={report.id}"
    assert corrected in panel.replace("&amp;", "&")
    form = client.get(corrected, headers=EN).text
    assert "Manca la quietanza di pagamento." in form and "Fattura senza quietanza" in form and 'value="300.00"' in form
    assert "Fattura senza quietanza" not in client.get(f"/projects/{project.id}/reports/expenditure").text


def test_user_text_stays_text_on_every_report_page(client, city, login):
    project, owner, staff = reporting_project(city)
    for n, payload in enumerate(PAYLOADS):
        report = filed_expenditure(project, owner, "1.00", description=f"{payload} {n}")
        reports.review_report(staff, report, {"approve": False, "reason": f"Motivo {payload}"})
        reports.report_indicator(
            owner,
            project,
            {"indicator": "EECO01", "value": "1", "measured_on": _day(project), "evidence": f"{payload} evidenza"},
        )
    last = db.session.scalar(
        sa.select(ProjectReport).where(ProjectReport.kind == ReportKind.EXPENDITURE).order_by(ProjectReport.id.desc())
    )
    for who, url in (
        (owner, f"/projects/{project.id}/reports"),
        (owner, f"/projects/{project.id}/reports/expenditure?from={last.id}"),
        (staff, f"/projects/{project.id}/reports"),
        (staff, "/projects/reports/pending"),
    ):
        login(who)
        for lang in ({}, EN):
            page = client.get(url, headers=lang)
            assert page.status_code == 200, url
            assert_no_xss(page.text)
    assert PAYLOADS[0] in db.session.scalar(sa.select(ProjectReport.description).order_by(ProjectReport.id))


def test_the_panel_renders_on_the_project_page_with_only_the_project(app, city, login, client):
    """The project page includes ``projects/_reports.html`` giving it ``project`` alone."""
    from flask import render_template_string
    from flask_login import login_user

    project, owner, staff = reporting_project(city)
    filed_expenditure(project, owner, "120.00", description="Fattura da verificare")
    with app.test_request_context("/", headers=EN):
        login_user(staff)
        html = render_template_string('{% include "projects/_reports.html" %}', project=project)
    assert '<h2 id="reports-title"' in html and "Fattura da verificare" in html and 'value="approve"' in html
