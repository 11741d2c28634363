"""``/api/v1/calls/{id}/applications`` and ``/api/v1/applications/{id}``: a member of an
organisation starts a draft on an open call; its applicants save it in parts with the
revision they saw (an older one: 409 with the current application, nothing written); unit-cost
and flat-rate lines are computed; partners are invited and answer; PDFs are attached."""

import io

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import Application, AuditEntry, Notification
from app.models.call import CallStatus
from tests import factories
from tests.factories.applications import open_call
from tests.factories.calls import create_call, staff_of
from tests.factories.drafts import applicant_organisation, start_draft
from tests.xss import PAYLOADS, assert_no_xss

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def bearer(user) -> dict:
    return {"Authorization": f"Bearer {factories.create_token(user)}"}


@pytest.fixture
def call(city):
    return open_call(
        city,
        indirect_flat_rate_pct="15",
        unit_costs=[{"name": "Ora di tutoraggio", "unit": "ora", "rate": "38.00"}],
        attachments=[{"name": "Statuto", "description": "Lo statuto vigente."}],
    )


@pytest.fixture
def applicant(city):
    return applicant_organisation(city)


def test_a_member_starts_a_draft_with_the_call_indicators(client, call, applicant):
    organisation, owner = applicant
    body = {
        "organization": organisation.id,
        "title": "Quartiere che cura",
        "summary": "Servizi.",
        "duration_months": 18,
    }
    response = client.post(f"/api/v1/calls/{call.id}/applications", json=body, headers=bearer(owner))
    assert response.status_code == 201, response.json
    draft = response.json
    assert draft["status"] == "draft" and draft["revision"] == 1 and draft["protocol"] is None
    assert draft["call_version"] == call.version == 1
    assert draft["indicators"] == [
        {"code": "EECO01", "name": "Partecipanti totali", "unit": "persone", "baseline": "0.00", "target": "0.00"}
    ]
    assert (
        client.get(f"/api/v1/applications/{draft['id']}", headers=bearer(owner)).json["title"] == "Quartiere che cura"
    )
    assert (
        db.session.scalar(
            sa.select(AuditEntry.action).where(
                AuditEntry.target_type == "application", AuditEntry.target_id == draft["id"]
            )
        )
        == "application.start"
    )


def test_only_members_start_and_only_on_open_application_calls(client, city, call, applicant, resident):
    organisation, owner = applicant
    body = {"organization": organisation.id, "title": "Quartiere che cura"}
    answer = client.post(f"/api/v1/calls/{call.id}/applications", json=body, headers=bearer(resident))
    assert answer.status_code == 422 and "organization" in answer.json["error"]["fields"]
    assert client.post(f"/api/v1/calls/{call.id}/applications", json=body).status_code == 401
    draft_call = create_call(city, staff_of(city, "Altra"))
    assert (
        client.post(f"/api/v1/calls/{draft_call.id}/applications", json=body, headers=bearer(owner)).status_code == 404
    )
    codesign = open_call(city, kind="codesign", criteria=[])
    refused = client.post(f"/api/v1/calls/{codesign.id}/applications", json=body, headers=bearer(owner))
    assert refused.status_code == 409 and refused.json["error"]["code"] == "conflict"
    call.status = CallStatus.CLOSED
    db.session.commit()
    assert client.post(f"/api/v1/calls/{call.id}/applications", json=body, headers=bearer(owner)).status_code == 409
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Application)) == 0


def test_a_patch_saves_part_and_counts_revisions(client, call, applicant):
    organisation, owner = applicant
    draft = start_draft(call, owner, organisation)
    url = f"/api/v1/applications/{draft.id}"
    saved = client.patch(url, json={"revision": 1, "summary": "Un presidio educativo."}, headers=bearer(owner))
    assert saved.status_code == 200, saved.json
    assert saved.json["revision"] == 2 and saved.json["summary"] == "Un presidio educativo."
    assert saved.json["title"] == "Quartiere che cura"  # untouched: the PATCH is partial
    again = client.patch(
        url,
        json={"revision": 2, "requested_grant": "90000.00", "declarations": {"truthful": True}},
        headers=bearer(owner),
    )
    assert again.json["revision"] == 3 and again.json["requested_grant"] == "90000.00"
    assert again.json["declarations"] == {"truthful": True}


def test_a_stale_revision_is_refused_with_the_current_application(client, call, applicant):
    organisation, owner = applicant
    colleague = factories.create_user(city=call.city, name="Collega")
    organisation, owner = applicant_organisation(call.city, "APS Due", members=[colleague])
    draft = start_draft(call, owner, organisation)
    url = f"/api/v1/applications/{draft.id}"
    mine = client.patch(
        url, json={"revision": 1, "title": "La versione di chi ha salvato prima"}, headers=bearer(owner)
    )
    assert mine.status_code == 200
    theirs = client.patch(url, json={"revision": 1, "title": "Una versione vecchia"}, headers=bearer(colleague))
    assert theirs.status_code == 409
    assert theirs.json["error"]["current"]["title"] == "La versione di chi ha salvato prima"
    assert theirs.json["error"]["current"]["revision"] == 2
    db.session.expire_all()
    assert db.session.get(Application, draft.id).title == "La versione di chi ha salvato prima"


def test_unit_cost_and_flat_rate_lines_are_computed(client, call, applicant):
    organisation, owner = applicant
    draft = start_draft(call, owner, organisation)
    unit = call.unit_costs[0]
    lines = [
        {"category": "staff", "fund": "FSE+", "description": "Educatori", "amount": "40000.00"},
        {"category": "staff", "fund": "FSE+", "description": "Tutor", "unit_cost": unit.id, "quantity": "100"},
        {"category": "goods", "fund": "FSE+", "description": "Arredi", "amount": "5000.00"},
    ]
    saved = client.patch(f"/api/v1/applications/{draft.id}", json={"budget_lines": lines}, headers=bearer(owner))
    assert saved.status_code == 200, saved.json
    got = saved.json["budget_lines"]
    assert got[1]["amount"] == "3800.00" and got[1]["computed"] is False and got[1]["quantity"] == "100.00"
    assert got[-1]["category"] == "indirect" and got[-1]["computed"] is True
    assert got[-1]["amount"] == "6570.00"  # 15 % of 43 800 of staff costs
    assert saved.json["total_cost"] == "55370.00"


@pytest.mark.parametrize(
    "line, field",
    [
        (
            {"category": "indirect", "fund": "FSE+", "description": "Spese generali", "amount": "100.00"},
            "budget_lines.0.category",
        ),
        (
            {"category": "staff", "fund": "FSE+", "unit_cost": 1, "quantity": "3", "amount": "10.00"},
            "budget_lines.0.amount",
        ),
        ({"category": "staff", "fund": "FSE+", "unit_cost": 99999, "quantity": "3"}, "budget_lines.0.unit_cost"),
        ({"category": "staff", "fund": "FSE+", "description": "Senza importo"}, "budget_lines.0.amount"),
    ],
)
def test_typed_computed_amounts_are_field_errors(client, call, applicant, line, field):
    organisation, owner = applicant
    draft = start_draft(call, owner, organisation)
    refused = client.patch(
        f"/api/v1/applications/{draft.id}", json={"revision": 1, "budget_lines": [line]}, headers=bearer(owner)
    )
    assert refused.status_code == 422 and field in refused.json["error"]["fields"], refused.json
    db.session.expire_all()
    assert db.session.get(Application, draft.id).revision == 1  # nothing written


def test_partners_are_invited_and_answer(client, call, applicant):
    organisation, owner = applicant
    partner_org, partner_owner = applicant_organisation(call.city, "Cooperativa Sociale Il Ponte")
    draft = start_draft(call, owner, organisation)
    body = {
        "partners": [
            {
                "organization": partner_org.id,
                "role": "co_applicant",
                "contribution_kind": "space",
                "contribution_value": "3000.00",
                "contribution_note": "La sala del quartiere.",
            }
        ]
    }
    saved = client.patch(f"/api/v1/applications/{draft.id}", json=body, headers=bearer(owner))
    assert saved.status_code == 200, saved.json
    partner = saved.json["partners"][0]
    assert partner["status"] == "invited" and partner["contribution_note"] == "La sala del quartiere."
    told = db.session.scalars(sa.select(Notification).where(Notification.user_id == partner_owner.id)).all()
    assert [n.kind for n in told] == ["application.partner_invited"]
    url = f"/api/v1/applications/{draft.id}/partners/{partner['id']}/answer"
    assert client.post(url, json={"accept": True}, headers=bearer(owner)).status_code == 403
    assert client.get(f"/api/v1/applications/{draft.id}", headers=bearer(partner_owner)).status_code == 403
    accepted = client.post(url, json={"accept": True}, headers=bearer(partner_owner))
    assert accepted.status_code == 200 and accepted.json["status"] == "accepted"
    assert client.post(url, json={"accept": False}, headers=bearer(partner_owner)).status_code == 409
    # an accepted co-applicant's members edit too
    edit = client.patch(
        f"/api/v1/applications/{draft.id}", json={"summary": "Scritto dal partner."}, headers=bearer(partner_owner)
    )
    assert edit.status_code == 200 and edit.json["summary"] == "Scritto dal partner."
    kinds = db.session.scalars(sa.select(Notification.kind).where(Notification.user_id == owner.id)).all()
    assert "application.partner_accepted" in kinds


def test_a_declining_supporter_stays_out(client, call, applicant):
    organisation, owner = applicant
    partner_org, partner_owner = applicant_organisation(call.city, "ODV Amici")
    draft = start_draft(call, owner, organisation)
    body = {"partners": [{"organization": partner_org.id, "role": "supporter"}]}
    pid = client.patch(f"/api/v1/applications/{draft.id}", json=body, headers=bearer(owner)).json["partners"][0]["id"]
    declined = client.post(
        f"/api/v1/applications/{draft.id}/partners/{pid}/answer", json={"accept": False}, headers=bearer(partner_owner)
    )
    assert declined.status_code == 200 and declined.json["status"] == "declined"
    assert (
        client.patch(
            f"/api/v1/applications/{draft.id}", json={"summary": "x"}, headers=bearer(partner_owner)
        ).status_code
        == 403
    )


def test_a_partner_must_be_another_organisation_of_the_city(client, call, applicant, other_city):
    organisation, owner = applicant
    elsewhere, _ = applicant_organisation(other_city, "APS Napoli")
    draft = start_draft(call, owner, organisation)
    for org in (organisation, elsewhere):
        body = {"partners": [{"organization": org.id, "role": "supporter"}]}
        refused = client.patch(f"/api/v1/applications/{draft.id}", json=body, headers=bearer(owner))
        assert refused.status_code == 422 and "partners.0.organization" in refused.json["error"]["fields"]


def test_non_members_and_submitted_applications(client, call, applicant, resident):
    organisation, owner = applicant
    draft = start_draft(call, owner, organisation)
    url = f"/api/v1/applications/{draft.id}"
    assert client.get(url, headers=bearer(resident)).status_code == 403
    assert client.patch(url, json={"summary": "x"}, headers=bearer(resident)).status_code == 403
    assert client.get(url, headers=bearer(staff_of(call.city, "Istruttrice"))).status_code == 403  # a draft
    assert client.get("/api/v1/applications/999999", headers=bearer(owner)).status_code == 404
    draft.status = draft.status.SUBMITTED
    db.session.commit()
    assert client.patch(url, json={"summary": "x"}, headers=bearer(owner)).status_code == 409


def test_required_indicators_stay_and_targets_are_set(client, call, applicant):
    organisation, owner = applicant
    draft = start_draft(call, owner, organisation)
    body = {"indicators": [{"code": "OWN1", "name": "Famiglie raggiunte", "unit": "famiglie", "target": "120"}]}
    saved = client.patch(f"/api/v1/applications/{draft.id}", json=body, headers=bearer(owner)).json
    assert [i["code"] for i in saved["indicators"]] == ["EECO01", "OWN1"]
    body = {"indicators": [{"code": "EECO01", "baseline": "10", "target": "200", "name": "ignored"}]}
    saved = client.patch(f"/api/v1/applications/{draft.id}", json=body, headers=bearer(owner)).json
    assert saved["indicators"] == [
        {"code": "EECO01", "name": "Partecipanti totali", "unit": "persone", "baseline": "10.00", "target": "200.00"}
    ]


def test_attachments_pdf_only_size_limited_and_served_to_readers(client, login, call, applicant, resident):
    organisation, owner = applicant
    draft = start_draft(call, owner, organisation)
    url = f"/api/v1/applications/{draft.id}/attachments"
    requirement = call.attachments[0].id
    not_pdf = client.post(
        url,
        data={"title": "Statuto", "file": (io.BytesIO(b"GIF89a..."), "s.pdf")},
        headers=bearer(owner),
        content_type="multipart/form-data",
    )
    assert not_pdf.status_code == 422 and "file" in not_pdf.json["error"]["fields"]
    big = b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024) + b"\n%%EOF\n"
    too_big = client.post(
        url,
        data={"title": "Statuto", "file": (io.BytesIO(big), "s.pdf")},
        headers=bearer(owner),
        content_type="multipart/form-data",
    )
    assert too_big.status_code in (413, 422)
    added = client.post(
        url,
        data={"title": "Statuto", "requirement": str(requirement), "file": (io.BytesIO(PDF), "s.pdf")},
        headers=bearer(owner),
        content_type="multipart/form-data",
    )
    assert added.status_code == 201, added.json
    download = added.json["url"]
    assert client.get(download).status_code == 302  # to sign in
    login(resident)
    assert client.get(download).status_code == 403
    login(owner)
    assert client.get(download).data == PDF
    assert (
        client.get(f"/api/v1/applications/{draft.id}", headers=bearer(owner)).json["attachments"][0]["requirement"]
        == requirement
    )
    removed = client.delete(f"{url}/{added.json['id']}", headers=bearer(owner))
    assert removed.status_code == 204
    assert client.get(download).status_code == 404


def test_xss_through_every_text_field_of_the_api(client, login, call, applicant):
    organisation, owner = applicant
    partner_org, _ = applicant_organisation(call.city, "APS Partner")
    draft = start_draft(call, owner, organisation)
    login(owner)
    for payload in PAYLOADS:
        body = {
            "title": ("T " + payload)[:200],
            "summary": payload,
            "budget_lines": [{"category": "goods", "fund": "FSE+", "description": payload[:500], "amount": "10.00"}],
            "partners": [{"organization": partner_org.id, "role": "supporter", "contribution_note": payload[:500]}],
            "indicators": [{"code": "X1", "name": payload[:200], "unit": "n", "target": "1"}],
        }
        saved = client.patch(f"/api/v1/applications/{draft.id}", json=body, headers=bearer(owner))
        assert saved.status_code == 200, saved.json
        assert saved.json["summary"] == payload.strip()
        assert saved.headers["Content-Type"].startswith("application/json")
        page = client.get(f"/applications/{draft.id}")
        assert page.status_code == 200
        assert_no_xss(page.get_data(as_text=True))
