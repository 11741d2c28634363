"""Submission as an applicant meets it: the eligibility report, submit (protocol, frozen,
pushed, audited), the refusals (ineligible 422 with problems, call not open or past closing
409, already submitted 409), withdraw before the deadline only, the receipt PDF with what
was submitted, and 20 concurrent submissions getting 1..20 on the test's database
(SQLite file, or PostgreSQL with DATABASE_URL)."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.applications import submission
from app.calls import services as call_services
from app.extensions import db as _db
from app.models import (
    Application,
    ApplicationStatus,
    AuditEntry,
    CallStatus,
    MemberRole,
    Membership,
    MemberStatus,
    User,
)
from app.models.base import utcnow
from app.times import now_local
from tests import factories
from tests.factories.applications import create_application, open_call
from tests.factories.calls import staff_of
from tests.factories.submissions import eligible_draft
from tests.pdfs import pdf_text
from tests.xss import PAYLOADS, assert_no_xss

EN = {"Accept-Language": "en"}


@pytest.fixture
def call(city):
    return open_call(city)


@pytest.fixture
def owner(city):
    return factories.create_user(city=city, name="Giulia Rappresentante")


@pytest.fixture
def draft(call, owner):
    return eligible_draft(call, owner)


def test_the_eligibility_report_lists_problems_with_their_fields(client, login, call, owner, draft):
    login(owner)
    assert client.get(f"/api/v1/applications/{draft.id}/eligibility").json == {"eligible": True, "problems": []}
    draft.requested_grant = draft.requested_grant * 2  # above the call's maximum, and the budget no longer adds up
    draft.declarations = {"truthful": True}
    _db.session.commit()
    body = client.get(f"/api/v1/applications/{draft.id}/eligibility", headers=EN).json
    assert body["eligible"] is False
    fields = {p["field"]: p["rule"] for p in body["problems"]}
    assert fields["requested_grant"] == "grant_bounds"
    assert fields["budget_lines"] == "budget_adds_up"
    assert fields["declarations.no_double_funding"] == "declarations"
    stranger = factories.create_user(city=call.city, name="Altra persona")
    login(stranger)
    assert client.get(f"/api/v1/applications/{draft.id}/eligibility").status_code == 403


def test_submitting_gives_the_next_protocol_freezes_and_pushes(client, login, live, call, owner, draft):
    first_owner = factories.create_user(city=call.city, name="Prima rappresentante")
    submission.submit_application(first_owner, eligible_draft(call, first_owner, title="Prima domanda"))
    login(owner)
    watcher = live()
    watcher.emit("subscribe", {"topic": f"call:{call.id}"})
    response = client.post(f"/api/v1/applications/{draft.id}/submit")
    assert response.status_code == 200, response.json
    year = now_local().year
    assert response.json["protocol"] == f"2/{year}"
    assert response.json["submitted_at"]
    _db.session.expire_all()
    application = _db.session.get(Application, draft.id)
    assert application.status is ApplicationStatus.SUBMITTED and application.call_version == call.version
    assert application.protocol_number == 2
    pushed = watcher.wait_for("counter:changed")
    assert {"topic": f"call:{call.id}", "name": "applications_submitted", "value": 2} in pushed
    entry = _db.session.scalar(
        sa.select(AuditEntry).where(AuditEntry.action == "application.submit", AuditEntry.target_id == draft.id)
    )
    assert entry.actor_id == owner.id and entry.data["protocol"] == f"2/{year}"
    # Frozen: a second submit is refused, and the draft editor's rule says no more edits.
    again = client.post(f"/api/v1/applications/{draft.id}/submit")
    assert again.status_code == 409
    assert not application.can_edit(owner)


def test_an_ineligible_application_cannot_be_submitted(client, login, call, owner, draft):
    draft.duration_months = 48
    _db.session.commit()
    login(owner)
    response = client.post(f"/api/v1/applications/{draft.id}/submit", headers=EN)
    assert response.status_code == 422
    problems = response.json["error"]["problems"]
    assert [p["field"] for p in problems] == ["duration_months"]
    assert "between 12 and 24 months" in problems[0]["message"]
    _db.session.expire_all()
    assert _db.session.get(Application, draft.id).protocol is None
    assert _db.session.get(type(call), call.id).protocol_seq == 0


def test_a_closed_call_or_one_past_its_closing_time_refuses(client, login, call, owner, draft):
    login(owner)
    call.closes_at = utcnow() - timedelta(seconds=1)
    _db.session.commit()
    assert client.post(f"/api/v1/applications/{draft.id}/submit").status_code == 409
    call.closes_at = utcnow() + timedelta(days=1)
    call.status = CallStatus.CLOSED
    _db.session.commit()
    assert client.post(f"/api/v1/applications/{draft.id}/submit").status_code == 409
    _db.session.expire_all()
    assert _db.session.get(Application, draft.id).is_draft


def test_only_the_owners_submit(client, login, call, draft):
    member = factories.create_user(city=call.city, name="Socio")
    draft.organisation.members.append(Membership(user=member, role=MemberRole.MEMBER, status=MemberStatus.ACTIVE))
    _db.session.commit()
    login(member)
    assert client.post(f"/api/v1/applications/{draft.id}/submit").status_code == 403
    login(staff_of(call.city, name="Istruttore"))
    assert client.post(f"/api/v1/applications/{draft.id}/submit").status_code == 403


def test_a_rolling_call_without_closing_time_takes_submissions_while_open(client, login, city, owner):
    call = open_call(city, kind="rolling", closes_at=None)
    draft = eligible_draft(call, owner)
    login(owner)
    assert client.post(f"/api/v1/applications/{draft.id}/submit").status_code == 200


def test_withdraw_before_the_deadline_not_after(client, login, call, owner, draft):
    login(owner)
    client.post(f"/api/v1/applications/{draft.id}/submit")
    response = client.post(f"/api/v1/applications/{draft.id}/withdraw")
    assert response.status_code == 200 and response.json["status"] == "withdrawn"
    second = eligible_draft(call, owner, title="Seconda")
    assert client.post(f"/api/v1/applications/{second.id}/submit").json["protocol"].startswith("2/")
    call.closes_at = utcnow() - timedelta(minutes=1)
    _db.session.commit()
    assert client.post(f"/api/v1/applications/{second.id}/withdraw").status_code == 409
    _db.session.expire_all()
    assert _db.session.get(Application, second.id).status is ApplicationStatus.SUBMITTED


def test_the_receipt_carries_what_was_submitted(client, login, call, owner, draft):
    login(owner)
    protocol = client.post(f"/api/v1/applications/{draft.id}/submit").json["protocol"]
    response = client.get(f"/applications/{draft.id}/receipt.pdf", headers=EN)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = pdf_text(response.data)
    assert f"Protocol no. {protocol}" in text
    assert draft.title in text and draft.organisation.name in text
    assert draft.partners[0].organisation.name in text
    assert "EECO01" in text and "Educatori" in text
    login(staff_of(call.city, name="Istruttrice"))
    assert client.get(f"/applications/{draft.id}/receipt.pdf").status_code == 200
    login(factories.create_user(city=call.city, name="Curioso"))
    assert client.get(f"/applications/{draft.id}/receipt.pdf").status_code == 403


def test_xss_through_the_receipt_and_the_panel(client, login, call, owner):
    login(owner)
    for payload in PAYLOADS[:8]:
        draft = eligible_draft(call, owner, title=payload[:200], partner_name=payload[:200])
        draft.summary = payload
        draft.budget_lines[0].description = payload[:500]
        _db.session.commit()
        assert_no_xss(client.get(f"/applications/{draft.id}/submit").text)
        assert client.post(f"/api/v1/applications/{draft.id}/submit").status_code == 200
        assert_no_xss(client.get(f"/applications/{draft.id}/submit").text)
        text = pdf_text(client.get(f"/applications/{draft.id}/receipt.pdf").data)
        assert " ".join(payload.split())[:40] in text  # printed as text


def test_the_submit_page_lists_problems_disables_the_button_and_confirms(client, login, call, owner, draft):
    draft.declarations = {}
    _db.session.commit()
    login(owner)
    page = client.get(f"/applications/{draft.id}/submit", headers=EN)
    assert page.status_code == 200
    assert f'href="/applications/{draft.id}#truthful"' in page.text and "disabled" in page.text
    draft.declarations = {"truthful": True, "no_double_funding": True, "privacy": True}
    _db.session.commit()
    page = client.get(f"/applications/{draft.id}/submit", headers=EN)
    assert "meets every rule" in page.text and "disabled" not in page.text
    unconfirmed = client.post(f"/applications/{draft.id}/submit", data={}, headers=EN)
    assert unconfirmed.status_code == 422 and "Tick the confirmation" in unconfirmed.text
    done = client.post(f"/applications/{draft.id}/submit", data={"confirm": "y"}, headers=EN, follow_redirects=True)
    assert "protocol no. 1/" in done.text and "receipt.pdf" in done.text and "Withdraw" in done.text


def _race(app, pairs: list[tuple[int, int]]) -> list[str]:
    """Submit each (user, application) from its own thread and session, all at once."""
    barrier = threading.Barrier(len(pairs))
    outcomes = [""] * len(pairs)

    def worker(index: int, user_id: int, application_id: int) -> None:
        with app.test_request_context("/"):
            try:
                user = _db.session.get(User, user_id)
                application = _db.session.get(Application, application_id)
                _db.session.commit()  # give the connection back while waiting (the pool is smaller than 20)
                barrier.wait(timeout=30)
                outcomes[index] = submission.submit_application(user, application).protocol
            except Exception as error:  # reported in the assertion
                outcomes[index] = f"error {type(error).__name__}: {error}"
                _db.session.rollback()
            finally:
                _db.session.remove()

    threads = [threading.Thread(target=worker, args=(i, *pair)) for i, pair in enumerate(pairs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=90)
    assert not any(t.is_alive() for t in threads), "a submitting thread hung"
    return outcomes


def test_twenty_concurrent_submissions_get_twenty_consecutive_numbers(app, db, city):
    call = open_call(city)
    owners = [factories.create_user(city=city, name=f"Rappresentante {n}") for n in range(20)]
    drafts = [eligible_draft(call, o, title=f"Domanda {n}") for n, o in enumerate(owners)]
    outcomes = _race(app, [(o.id, d.id) for o, d in zip(owners, drafts, strict=True)])
    year = now_local().year
    assert not [o for o in outcomes if o.startswith("error")], outcomes
    assert sorted(outcomes, key=lambda p: int(p.split("/")[0])) == [f"{n}/{year}" for n in range(1, 21)]
    db.session.expire_all()
    numbers = db.session.scalars(sa.select(Application.protocol_number).where(Application.call_id == call.id))
    assert sorted(numbers) == list(range(1, 21))
    assert db.session.get(type(call), call.id).protocol_seq == 20


def test_the_same_application_submitted_twice_at_once_gets_one_number(app, db, city):
    call = open_call(city)
    owner = factories.create_user(city=city, name="Rappresentante")
    draft = eligible_draft(call, owner)
    outcomes = _race(app, [(owner.id, draft.id)] * 4)
    assert sum(1 for o in outcomes if o.startswith("1/")) == 1, outcomes
    assert all(o.startswith("1/") or "Conflict" in o for o in outcomes), outcomes
    db.session.expire_all()
    assert db.session.get(type(call), call.id).protocol_seq == 1  # the refused ones gave theirs back


def test_the_submitted_count_counts_only_live_submissions(call, owner):
    create_application(call, status=ApplicationStatus.SUBMITTED)
    create_application(call, status=ApplicationStatus.WITHDRAWN)
    create_application(call)
    assert submission.submitted_count(call) == 1


def test_a_save_slipping_in_after_the_check_stops_the_submission(monkeypatch, client, login, call, owner, draft):
    checked = submission.eligibility.check

    def check_then_someone_saves(application):
        problems = checked(application)
        _db.session.execute(sa.update(Application).where(Application.id == application.id).values(revision=99))
        _db.session.commit()  # a co-applicant's save, committed meanwhile
        return problems

    monkeypatch.setattr(submission.eligibility, "check", check_then_someone_saves)
    login(owner)
    assert client.post(f"/api/v1/applications/{draft.id}/submit").status_code == 409
    _db.session.expire_all()
    assert _db.session.get(Application, draft.id).is_draft
    assert _db.session.get(type(call), call.id).protocol_seq == 0


def test_drafts_meet_the_latest_version_and_submitted_ones_keep_theirs(client, login, call, owner, draft):
    login(owner)
    earlier = eligible_draft(call, owner, title="Presentata prima")
    assert client.post(f"/api/v1/applications/{earlier.id}/submit").status_code == 200
    staff = call.created_by
    call_services.update_call(staff, call, {"max_grant": "90000.00", "reason": "Riduzione del massimale"})
    assert call.version == 2
    body = client.get(f"/api/v1/applications/{draft.id}/eligibility").json
    assert [p["rule"] for p in body["problems"]] == ["grant_bounds"]  # the new maximum
    assert client.get(f"/api/v1/applications/{earlier.id}/eligibility").json["eligible"] is True  # version 1
    _db.session.expire_all()
    assert _db.session.get(Application, earlier.id).call_version == 1


def test_withdraw_from_the_page(client, login, call, owner, draft):
    login(owner)
    submission.submit_application(owner, draft)
    page = client.get(f"/applications/{draft.id}/submit", headers=EN)
    assert "Yes, withdraw it" in page.text
    done = client.post(f"/applications/{draft.id}/withdraw", data={}, headers=EN, follow_redirects=True)
    assert "The application is withdrawn." in done.text and "Withdrawn" in done.text
    assert "Yes, withdraw it" not in done.text
