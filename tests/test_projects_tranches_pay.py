"""Paying tranches as staff do it: in order, only when due, once; the amount and the
computation frozen on the tranche; who may; the API's answer and the page a resident reads.

The project of ``funded_project``: a grant of 100 000.00 € from a call with an advance of
30 %, an intermediate payment of 40 %, a results share of 20 % (minimum achievement 50 %),
so a balance of 10 %; one indicator EECO01 from 0 to 100 persons unless told otherwise."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from app.errors import Conflict, PermissionDenied
from app.extensions import db
from app.models import AuditEntry, TrancheKind, TrancheStatus
from app.models.project import ProjectState
from app.projects import payments
from tests.factories import create_user
from tests.factories.projects import expenditure_report, funded_project, indicator_report
from tests.xss import PAYLOADS, assert_no_xss

pytestmark = pytest.mark.usefixtures("in_english_request")


def tranche(project, kind: str):
    return next(t for t in project.tranches if t.kind is TrancheKind(kind))


def pay(project, kind: str, **data):
    return payments.pay_tranche(project.call.created_by, project, tranche(project, kind), data)


def closed_project(city, **kwargs):
    """A project whose advance and intermediate are paid, closed after spending 75 000.00."""
    project = funded_project(city, **kwargs)
    pay(project, "advance")
    expenditure_report(project, "75000.00")
    pay(project, "intermediate")
    project.state = ProjectState.CLOSED
    db.session.commit()
    return project


def test_the_tranches_are_the_calls_shares(city):
    project = funded_project(city)
    assert [(t.kind.value, t.share_pct) for t in project.tranches] == [
        ("advance", Decimal("30.00")),
        ("intermediate", Decimal("40.00")),
        ("balance", Decimal("10.00")),
        ("results", Decimal("20.00")),
    ]


def test_tranches_are_paid_in_order_when_due_and_once(city):
    project = funded_project(city)
    with pytest.raises(Conflict, match="earlier tranches"):
        pay(project, "intermediate")
    pay(project, "advance")  # 30 % × 100 000.00
    assert (project.paid, tranche(project, "advance").amount) == (Decimal("30000.00"), Decimal("30000.00"))
    with pytest.raises(Conflict, match="already paid"):
        pay(project, "advance")
    with pytest.raises(Conflict, match="not due"):
        pay(project, "intermediate")  # spent 0.00 < 30 000.00
    expenditure_report(project, "30000.00")
    pay(project, "intermediate")  # 40 % × 100 000.00
    assert project.paid == Decimal("70000.00")
    with pytest.raises(Conflict, match="not due"):
        pay(project, "balance")  # the project is not closed
    entries = db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.action == "project.tranche_paid").order_by(AuditEntry.id)
    ).all()
    assert [(e.data["kind"], e.data["amount"]) for e in entries] == [
        ("advance", "30000.00"),
        ("intermediate", "40000.00"),
    ]


def test_balance_and_results_at_closure_and_the_results_frozen(city):
    project = closed_project(city)
    # EECO01: 60 persons reached of 100: 0.6 ≥ 0.5; 20 % × 100 000.00 × 0.6 = 12 000.00
    indicator_report(project, "EECO01", 60)
    pay(project, "balance")  # min(10 000.00, 75 000.00 − 70 000.00) = 5 000.00
    assert tranche(project, "balance").amount == Decimal("5000.00")
    paid = pay(project, "results", amount="12000.00")
    assert (paid.status, paid.amount, project.paid) == (TrancheStatus.PAID, Decimal("12000.00"), Decimal("87000.00"))
    assert paid.computation["results"]["factor"] == "0.6000"
    indicator_report(project, "EECO01", 100)  # later: changes nothing paid
    row = next(r for r in payments.schedule_of(project) if r["kind"] == "results")
    assert (row["amount"], row["results"]["indicators"][0]["value"]) == ("12000.00", "60.00")


def test_an_amount_that_changed_meanwhile_is_not_paid(city):
    project = closed_project(city)
    pay(project, "balance")
    indicator_report(project, "EECO01", 60)  # the payer saw 0.00 (never reported), it is now 12 000.00
    with pytest.raises(Conflict) as error:
        pay(project, "results", amount="0.00")
    assert error.value.extra["current"] == "12000.00"
    assert tranche(project, "results").status is TrancheStatus.PLANNED
    assert project.paid == Decimal("75000.00")


def test_a_late_value_is_not_counted_when_paying(city):
    project = closed_project(city)
    pay(project, "balance")
    indicator_report(project, "EECO01", 55, measured_on=project.ends_on)  # 0.55
    indicator_report(project, "EECO01", 100, measured_on=project.ends_on + timedelta(days=1))  # late
    paid = pay(project, "results")  # 20 000.00 × 0.55 = 11 000.00
    assert paid.amount == Decimal("11000.00")


def test_only_staff_of_the_project_pay(city, other_city):
    project = funded_project(city)
    member = project.organisation.members[0].user
    for who in (create_user(city=city), member, create_user(city=other_city)):
        with pytest.raises(PermissionDenied):
            payments.pay_tranche(who, project, tranche(project, "advance"), {})
    assert project.paid == Decimal("0.00")


def test_the_api_answers_each_tranche_with_its_computation(city, client):
    project = funded_project(city, indicators=[("EECO01", "0", "100"), ("EECR04", "10", "60")])
    indicator_report(project, "EECO01", 80)  # 0.8
    indicator_report(project, "EECR04", 35)  # (35 − 10) / 50 = 0.5; mean 0.65; 20 000.00 × 0.65 = 13 000.00
    answer = client.get(f"/api/v1/projects/{project.id}/tranches", headers={"Accept-Language": "en"}).json
    assert (answer["grant"], answer["paid"]) == ("100000.00", "0.00")
    items = {i["kind"]: i for i in answer["items"]}
    assert [i["kind"] for i in answer["items"]] == ["advance", "intermediate", "balance", "results"]
    assert (items["advance"]["amount"], items["advance"]["payable"]) == ("30000.00", True)
    assert items["advance"]["steps"][0]["text"] == "Its share of the grant: 30% × €100,000.00 = €30,000.00."
    results = items["results"]["results"]
    assert [(i["code"], i["value"], i["achievement"]) for i in results["indicators"]] == [
        ("EECO01", "80.00", "0.8000"),
        ("EECR04", "35.00", "0.5000"),
    ]
    assert (results["mean"], results["min_achievement"], results["factor"], results["amount"]) == (
        "0.6500",
        "0.5000",
        "0.6500",
        "13000.00",
    )
    assert "(35 − 10) ÷ (60 − 10) = 50%" in results["indicators"][1]["rule_text"]
    assert items["results"]["amount"] == "13000.00"


def test_the_api_pays_and_refuses(city, client, login):
    project = funded_project(city)
    url = f"/api/v1/projects/{project.id}/tranches/{tranche(project, 'advance').id}/pay"
    assert client.post(url, json={}).status_code == 401
    login(create_user(city=city))
    assert client.post(url, json={}).status_code == 403
    login(project.call.created_by)
    answer = client.post(url, json={"amount": "30000.00"})
    assert (answer.status_code, answer.json["paid"], answer.json["amount"]) == (200, True, "30000.00")
    again = client.post(url, json={})
    assert (again.status_code, again.json["error"]["code"]) == (409, "conflict")
    balance = f"/api/v1/projects/{project.id}/tranches/{tranche(project, 'balance').id}/pay"
    assert client.post(balance, json={}).status_code == 409
    assert client.post(url, json={"amount": "trenta"}).status_code == 422
    other = funded_project(city, "Altro progetto")
    wrong = f"/api/v1/projects/{other.id}/tranches/{tranche(project, 'intermediate').id}/pay"
    assert client.post(wrong, json={}).status_code == 404


def test_the_page_explains_the_results_tranche_step_by_step(city, client, login):
    project = funded_project(city, indicators=[("EECO01", "0", "100"), ("ESL", "40", "30")])
    indicator_report(project, "EECO01", 80)  # 0.8
    indicator_report(project, "ESL", 36)  # (36 − 40) / (30 − 40) = 0.4; mean 0.6; 20 000.00 × 0.6 = 12 000.00
    page = client.get(f"/projects/{project.id}/tranches", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "<caption>Indicators, their values and achievement</caption>" in page
    assert "(36 − 40) ÷ (30 − 40) = 40%" in page
    assert "the mean of the indicators&#39;: (80% + 40%) ÷ 2 = 60%" in page
    assert "Amount: €20,000.00 × 60% = €12,000.00." in page
    assert "Pay €" not in page  # a visitor sees no button
    login(project.call.created_by)
    page = client.get(f"/projects/{project.id}/tranches").get_data(as_text=True)
    assert page.count('name="amount"') == 1  # only the advance can be paid now


def test_the_pay_button_pays_and_comes_back(city, client, login):
    project = funded_project(city)
    login(project.call.created_by)
    advance = tranche(project, "advance")
    back = f"/projects/{project.id}/tranches"
    en = {"Accept-Language": "en"}
    response = client.post(f"{back}/{advance.id}/pay", data={"amount": "30000.00", "next": back}, headers=en)
    assert (response.status_code, response.headers["Location"]) == (302, back)
    assert "Paid: €30,000.00." in client.get(back, headers=en).get_data(as_text=True)
    db.session.refresh(advance)
    assert advance.status is TrancheStatus.PAID
    outside = {"amount": "30000.00", "next": "https://evil.example/"}
    again = client.post(f"{back}/{advance.id}/pay", data=outside, headers=en)
    assert again.headers["Location"] == back  # not an outside address
    assert "This tranche is already paid." in client.get(back, headers=en).get_data(as_text=True)


def test_user_text_on_the_tranches_page_is_escaped(city, client):
    project = funded_project(city)
    for payload in PAYLOADS:
        project.title = payload[:200]
        project.beneficiary = payload[:200]
        project.indicators[0].name = payload[:200]
        project.indicators[0].unit = payload[:40]
        db.session.commit()
        assert_no_xss(client.get(f"/projects/{project.id}/tranches").get_data(as_text=True))


def test_staff_paying_at_once_pay_the_advance_once(app, city):
    """Four threads, each with its own session, pay the same advance at the same moment
    (SQLite, and PostgreSQL with DATABASE_URL): one pays 30 000.00, the others get 409."""
    import threading

    from app.models import Project, Tranche, User

    project = funded_project(city)
    ids = (project.id, tranche(project, "advance").id, project.call.created_by_id)
    barrier, outcomes = threading.Barrier(4), []

    def worker() -> None:
        with app.test_request_context("/"):
            try:
                barrier.wait(timeout=30)
                found = db.session.get(Project, ids[0])
                payments.pay_tranche(db.session.get(User, ids[2]), found, db.session.get(Tranche, ids[1]), {})
                outcomes.append("paid")
            except Conflict:
                outcomes.append("conflict")

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=90)
    assert sorted(outcomes) == ["conflict", "conflict", "conflict", "paid"]
    db.session.expire_all()
    assert db.session.get(Project, ids[0]).paid == Decimal("30000.00")
