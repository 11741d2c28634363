"""Admissibility and soccorso istruttorio as staff and applicants meet them: staff decide in
the call's decision phase (competitive: evaluation; rolling: open), an inadmissible
application needs a reason, the applicant is told, every step is audited; staff ask to
complete by a date, the applicant answers once in time adding only what was asked, and
request, answer and times stay on the record for both."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.applications import submission
from app.extensions import db as _db
from app.models import (
    Application,
    ApplicationStatus,
    AuditEntry,
    CallAttachment,
    CallStatus,
    ClarificationRequest,
    Notification,
)
from app.models.base import utcnow
from app.notifications.services import text_of
from app.times import now_local
from tests import factories
from tests.factories.applications import open_call
from tests.factories.calls import staff_of
from tests.factories.submissions import PDF, eligible_draft
from tests.xss import PAYLOADS, assert_no_xss

EN = {"Accept-Language": "en"}
pytestmark = pytest.mark.usefixtures("in_request")


@pytest.fixture
def staff(city):
    return staff_of(city, name="Istruttrice")


@pytest.fixture
def owner(city):
    return factories.create_user(city=city, name="Giulia Rappresentante")


@pytest.fixture
def call(city, staff):
    return open_call(city, staff)


@pytest.fixture
def submitted(call, owner):
    application = eligible_draft(call, owner)
    submission.submit_application(owner, application)
    call.status = CallStatus.EVALUATION
    _db.session.commit()
    return application


def _due(days=3) -> str:
    return (utcnow() + timedelta(days=days)).isoformat()


def test_staff_declare_admissible_and_the_applicant_is_told(client, login, staff, owner, submitted):
    login(staff)
    response = client.post(f"/api/v1/applications/{submitted.id}/admissibility", json={"admissible": True})
    assert response.status_code == 200, response.json
    assert response.json["status"] == "admissible"
    notice = _db.session.scalar(sa.select(Notification).where(Notification.user_id == owner.id))
    assert notice.kind == "application.admissible"
    assert _db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "application.admissible"))
    again = client.post(f"/api/v1/applications/{submitted.id}/admissibility", json={"admissible": False, "reason": "x"})
    assert again.status_code == 409


def test_inadmissible_needs_a_reason(client, login, staff, owner, submitted):
    login(staff)
    url = f"/api/v1/applications/{submitted.id}/admissibility"
    missing = client.post(url, json={"admissible": False}, headers=EN)
    assert missing.status_code == 422 and "reason" in missing.json["error"]["fields"]
    done = client.post(url, json={"admissible": False, "reason": "Manca lo statuto firmato."})
    assert done.status_code == 200 and done.json["status"] == "inadmissible"
    assert done.json["reason"] == "Manca lo statuto firmato."
    entry = _db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "application.inadmissible"))
    assert entry.actor_id == staff.id and entry.data["reason"] == "Manca lo statuto firmato."
    login(owner)
    page = client.get(f"/applications/{submitted.id}/submit")
    assert "Manca lo statuto firmato." in page.text


def test_admissibility_waits_for_the_decision_phase(client, login, city, staff, owner, call):
    application = eligible_draft(call, owner)
    submission.submit_application(owner, application)
    login(staff)
    url = f"/api/v1/applications/{application.id}/admissibility"
    assert client.post(url, json={"admissible": True}).status_code == 409  # competitive and still open
    rolling = open_call(city, staff, kind="rolling", closes_at=None)
    other = eligible_draft(rolling, owner, title="Sportello")
    submission.submit_application(owner, other)
    assert client.post(f"/api/v1/applications/{other.id}/admissibility", json={"admissible": True}).status_code == 200


def test_only_staff_of_the_city_decide(client, login, city, other_city, owner, submitted):
    login(owner)
    assert (
        client.post(f"/api/v1/applications/{submitted.id}/admissibility", json={"admissible": True}).status_code == 403
    )
    login(staff_of(other_city, name="Altro comune"))
    assert (
        client.post(f"/api/v1/applications/{submitted.id}/admissibility", json={"admissible": True}).status_code == 403
    )


def _with_requirement(call) -> CallAttachment:
    requirement = CallAttachment(call=call, name="Statuto", description="Lo statuto vigente.")
    _db.session.add(requirement)
    _db.session.commit()
    return requirement


def test_soccorso_istruttorio_round_trip(client, login, staff, owner, call, submitted):
    requirement = _with_requirement(call)
    login(staff)
    asked = client.post(
        f"/api/v1/applications/{submitted.id}/clarifications",
        json={
            "request": "Allegate lo statuto vigente, firmato.",
            "fields": [f"attachments.{requirement.id}"],
            "due_at": _due(),
        },
    )
    assert asked.status_code == 201, asked.json
    clarification_id = asked.json["id"]
    notice = _db.session.scalar(sa.select(Notification).where(Notification.user_id == owner.id))
    assert notice.kind == "application.clarification"
    with factories.request_context(client.application, "it"):
        assert "entro il" in text_of(notice) and f"{(now_local() + timedelta(days=3)).day:02d}/" in text_of(notice)
    # Declaring it inadmissible waits for the answer.
    refused = client.post(
        f"/api/v1/applications/{submitted.id}/admissibility", json={"admissible": False, "reason": "x"}
    )
    assert refused.status_code == 409
    login(owner)
    url = f"/api/v1/clarifications/{clarification_id}/answer"
    unasked = client.post(
        url,
        data={"answer": "Ecco lo statuto.", "attachments.999": (io.BytesIO(PDF), "x.pdf")},
        content_type="multipart/form-data",
    )
    assert unasked.status_code == 422
    answered = client.post(
        url,
        data={"answer": "Ecco lo statuto.", f"attachments.{requirement.id}": (io.BytesIO(PDF), "statuto.pdf")},
        content_type="multipart/form-data",
    )
    assert answered.status_code == 200, answered.json
    assert answered.json["answer"] == "Ecco lo statuto." and answered.json["answered_at"]
    assert len(answered.json["attachments"]) == 1
    assert client.post(url, json={"answer": "Di nuovo."}).status_code == 409
    # Staff re-run eligibility: the attachment now counts; the record shows both sides.
    login(staff)
    assert client.get(f"/api/v1/applications/{submitted.id}/eligibility").json["eligible"] is True
    record = client.get(f"/api/v1/applications/{submitted.id}/clarifications").json["items"]
    assert record[0]["request"].startswith("Allegate") and record[0]["answer"] == "Ecco lo statuto."
    page = client.get(f"/calls/{call.id}/submitted")
    assert "Ecco lo statuto." in page.text and "Allegate lo statuto" in page.text


def test_answers_after_the_due_time_are_refused(client, login, staff, owner, submitted):
    request = ClarificationRequest(
        application=submitted,
        request="Chiarite il budget.",
        fields=["budget_lines"],
        due_at=utcnow() - timedelta(minutes=1),
        requested_by_id=staff.id,
    )
    _db.session.add(request)
    _db.session.commit()
    login(owner)
    assert client.post(f"/api/v1/clarifications/{request.id}/answer", json={"answer": "In ritardo."}).status_code == 409
    _db.session.expire_all()
    assert _db.session.get(ClarificationRequest, request.id).answer is None


def test_a_withdrawn_application_takes_no_answer(client, login, staff, owner, call):
    application = eligible_draft(call, owner)
    submission.submit_application(owner, application)
    request = ClarificationRequest(
        application=application,
        request="Chiarite il budget.",
        fields=["budget_lines"],
        due_at=utcnow() + timedelta(days=2),
        requested_by_id=staff.id,
    )
    _db.session.add(request)
    _db.session.commit()
    submission.withdraw_application(owner, application)
    login(owner)
    assert client.post(f"/api/v1/clarifications/{request.id}/answer", json={"answer": "Ecco."}).status_code == 409
    assert "Send the answer" not in client.get(f"/clarifications/{request.id}/answer", headers=EN).text


def test_a_request_needs_fields_and_a_future_date(client, login, staff, submitted):
    login(staff)
    url = f"/api/v1/applications/{submitted.id}/clarifications"
    past = client.post(
        url,
        json={
            "request": "Chiarite il budget.",
            "fields": ["budget_lines"],
            "due_at": (utcnow() - timedelta(hours=1)).isoformat(),
        },
    )
    assert past.status_code == 422 and "due_at" in past.json["error"]["fields"]
    none = client.post(url, json={"request": "Chiarite il budget.", "fields": [], "due_at": _due()})
    assert none.status_code == 422 and "fields" in none.json["error"]["fields"]


def test_the_staff_list_in_protocol_order_with_its_forms(client, login, staff, owner, call):
    drafts = [eligible_draft(call, owner, title=f"Domanda {n}") for n in range(3)]
    for draft in reversed(drafts):
        submission.submit_application(owner, draft)
    call.status = CallStatus.EVALUATION
    _db.session.commit()
    login(staff)
    page = client.get(f"/calls/{call.id}/submitted", headers=EN)
    assert page.status_code == 200
    year = now_local().year  # protocol 1 went to the last draft, submitted first
    positions = [page.text.index(f"{n}/{year} · Domanda {3 - n}") for n in (1, 2, 3)]
    assert positions == sorted(positions)
    first = drafts[2]  # submitted first: protocol 1
    refused = client.post(
        f"/applications/{first.id}/admissibility", data={f"adm{first.id}-admissible": "0"}, headers=EN
    )
    assert refused.status_code == 422 and "Give the reason" in refused.text
    done = client.post(
        f"/applications/{first.id}/admissibility",
        data={f"adm{first.id}-admissible": "0", f"adm{first.id}-reason": "Fuori termine."},
    )
    assert done.status_code == 302
    _db.session.expire_all()
    assert _db.session.get(Application, first.id).status is ApplicationStatus.INADMISSIBLE
    second = drafts[1]
    asked = client.post(
        f"/applications/{second.id}/clarifications",
        data={
            f"clar{second.id}-request": "Chiarite il cofinanziamento.",
            f"clar{second.id}-fields": ["cofinancing"],
            f"clar{second.id}-due_at": (utcnow() + timedelta(days=5)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert asked.status_code == 302
    assert _db.session.scalar(sa.select(ClarificationRequest).where(ClarificationRequest.application_id == second.id))
    login(owner)
    assert client.get(f"/calls/{call.id}/submitted").status_code == 403


def test_the_answer_page_for_the_applicant(client, login, staff, owner, call, submitted):
    requirement = _with_requirement(call)
    request = ClarificationRequest(
        application=submitted,
        request="Allegate lo statuto.",
        fields=[f"attachments.{requirement.id}"],
        due_at=utcnow() + timedelta(days=2),
        requested_by_id=staff.id,
    )
    _db.session.add(request)
    _db.session.commit()
    login(owner)
    page = client.get(f"/clarifications/{request.id}/answer")
    assert page.status_code == 200 and f'name="file_{requirement.id}"' in page.text
    done = client.post(
        f"/clarifications/{request.id}/answer",
        data={"answer": "Allegato.", f"file_{requirement.id}": (io.BytesIO(PDF), "statuto.pdf")},
        content_type="multipart/form-data",
    )
    assert done.status_code == 302
    _db.session.expire_all()
    assert _db.session.get(ClarificationRequest, request.id).answered_at is not None
    login(staff)
    assert "Allegato." in client.get(f"/clarifications/{request.id}/answer").text


def test_xss_through_requests_answers_and_reasons(client, login, staff, owner, call):
    for payload in PAYLOADS[:6]:
        application = eligible_draft(call, owner, title=payload[:200])
        submission.submit_application(owner, application)
        request = ClarificationRequest(
            application=application,
            request=payload,
            fields=["summary"],
            due_at=utcnow() + timedelta(days=2),
            requested_by_id=staff.id,
        )
        _db.session.add(request)
        _db.session.commit()
        login(owner)
        text = payload if len(payload) >= 3 else payload + " ok"
        assert client.post(f"/api/v1/clarifications/{request.id}/answer", json={"answer": text}).status_code == 200
        assert_no_xss(client.get(f"/clarifications/{request.id}/answer").text)
        assert_no_xss(client.get(f"/applications/{application.id}/submit").text)
    call.status = CallStatus.EVALUATION
    _db.session.commit()
    login(staff)
    assert_no_xss(client.get(f"/calls/{call.id}/submitted").text)
