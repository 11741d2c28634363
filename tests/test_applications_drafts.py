"""Application drafts in the browser's pages and under concurrency: the "Apply" button of an
open call, starting a draft, the form in sections saved with a plain POST (no JavaScript), a
save on an older revision shown as a conflict with the other person's version, partners
answering from "My applications", attachments, and concurrent saves on one revision."""

from __future__ import annotations

import io
import threading

import pytest
import sqlalchemy as sa

from app.applications import services
from app.errors import Conflict
from app.extensions import db as _db
from app.models import Application, User
from app.models.application import PartnerAnswer
from tests.factories.applications import open_call
from tests.factories.drafts import applicant_organisation, start_draft
from tests.xss import PAYLOADS, assert_no_xss

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def call(city):
    return open_call(city, indirect_flat_rate_pct="10", unit_costs=[{"name": "Ora", "unit": "ora", "rate": "30.00"}])


@pytest.fixture
def applicant(city):
    return applicant_organisation(city)


def _form(draft, **changes) -> dict:
    data = {
        "revision": str(draft.revision),
        "title": draft.title,
        "summary": draft.summary,
        "area": "",
        "duration_months": "18",
        "requested_grant": "60000.00",
        "cofinancing": "0",
        "budget_lines-0-category": "staff",
        "budget_lines-0-fund": "FSE+",
        "budget_lines-0-description": "Educatrici",
        "budget_lines-0-amount": "50000.00",
        "budget_lines-1-category": "staff",
        "budget_lines-1-fund": "FSE+",
        "budget_lines-1-description": "Tutoraggio",
        "budget_lines-1-unit_cost": str(draft.call.unit_costs[0].id),
        "budget_lines-1-quantity": "100",
        "indicators-0-code": "EECO01",
        "indicators-0-target": "150",
        "truthful": "y",
    }
    data.update(changes)
    return data


def test_the_apply_button_shows_to_members_on_open_calls(client, login, call, applicant, resident):
    organisation, owner = applicant
    assert "Start an application" not in client.get(f"/calls/{call.id}").get_data(as_text=True)
    login(resident)
    assert "Start an application" not in client.get(f"/calls/{call.id}").get_data(as_text=True)
    login(owner)
    page = client.get(f"/calls/{call.id}").get_data(as_text=True)
    assert f'href="/calls/{call.id}/apply"' in page
    started = client.post(
        f"/calls/{call.id}/apply", data={"organization": str(organisation.id), "title": "Casa aperta"}
    )
    assert started.status_code == 302
    draft = _db.session.scalar(sa.select(Application))
    assert started.headers["Location"].endswith(f"/applications/{draft.id}")
    assert draft.title == "Casa aperta" and draft.status.value == "draft"
    mine = client.get("/applications").get_data(as_text=True)
    assert "Casa aperta" in mine


def test_the_form_has_its_sections_and_saves_without_javascript(client, login, call, applicant):
    organisation, owner = applicant
    draft = start_draft(call, owner, organisation)
    login(owner)
    page = client.get(f"/applications/{draft.id}").get_data(as_text=True)
    for section in ("proposal", "partnership", "budget", "indicators", "attachments", "declarations", "eligibility"):
        assert f'id="{section}"' in page
    assert 'aria-live="polite"' in page and "data-eligibility-url=" in page
    saved = client.post(f"/applications/{draft.id}", data=_form(draft, summary="Un presidio educativo."))
    assert saved.status_code == 302, saved.get_data(as_text=True)[:2000]
    _db.session.expire_all()
    draft = _db.session.get(Application, draft.id)
    assert draft.summary == "Un presidio educativo." and draft.revision == 2
    assert [line.amount for line in draft.budget_lines] == [50000, 3000, 5300]  # 100 × 30; 10 % of staff
    assert draft.indicators[0].target == 150 and draft.declarations["truthful"] is True
    page = client.get(f"/applications/{draft.id}").get_data(as_text=True)
    assert "Un presidio educativo." in page and "5300.00" in page


def test_a_stale_post_shows_the_other_version_and_keeps_mine(client, login, call, applicant):
    organisation, owner = applicant
    draft = start_draft(call, owner, organisation)
    services.update_application(owner, draft, {"revision": 1, "title": "Titolo salvato da una collega"})
    login(owner)
    stale = client.post(f"/applications/{draft.id}", data=_form(draft, revision="1", title="Il mio titolo"))
    assert stale.status_code == 409
    page = stale.get_data(as_text=True)
    assert "Titolo salvato da una collega" in page  # their version, shown
    assert 'value="Il mio titolo"' in page  # mine, still in the form
    assert 'name="revision" type="hidden" value="2"' in page
    _db.session.expire_all()
    assert _db.session.get(Application, draft.id).title == "Titolo salvato da una collega"


def test_a_typed_indirect_line_is_a_field_error_on_the_form(client, login, call, applicant):
    organisation, owner = applicant
    draft = start_draft(call, owner, organisation)
    login(owner)
    refused = client.post(f"/applications/{draft.id}", data=_form(draft, **{"budget_lines-0-category": "indirect"}))
    assert refused.status_code == 422
    assert "calcolati con il tasso forfettario" in refused.get_data(as_text=True)


def test_a_partner_accepts_from_my_applications_and_then_edits(client, login, call, applicant):
    organisation, owner = applicant
    partner_org, partner_owner = applicant_organisation(call.city, "Cooperativa Il Ponte")
    draft = start_draft(call, owner, organisation)
    services.update_application(owner, draft, {"partners": [{"organization": partner_org.id, "role": "co_applicant"}]})
    login(partner_owner)
    assert client.get(f"/applications/{draft.id}").status_code == 403
    mine = client.get("/applications").get_data(as_text=True)
    assert "Cooperativa Il Ponte" in mine and "Quartiere che cura" in mine
    partner = draft.partners[0]
    answered = client.post(f"/applications/{draft.id}/partners/{partner.id}/answer", data={"accept": "1"})
    assert answered.status_code == 302
    _db.session.expire_all()
    assert _db.session.get(Application, draft.id).partners[0].status is PartnerAnswer.ACCEPTED
    assert client.get(f"/applications/{draft.id}").status_code == 200
    draft = _db.session.get(Application, draft.id)
    saved = client.post(
        f"/applications/{draft.id}",
        data=_form(
            draft,
            summary="Scritto dalla cooperativa",
            **{"partners-0-organization": str(partner_org.id), "partners-0-role": "co_applicant"},
        ),
    )
    assert saved.status_code == 302


def test_attachments_on_the_page(client, login, call, applicant, resident):
    organisation, owner = applicant
    draft = start_draft(call, owner, organisation)
    login(owner)
    url = f"/applications/{draft.id}/attachments"
    client.post(
        url,
        data={"attachment-title": "Statuto", "attachment-file": (io.BytesIO(b"not a pdf"), "x.pdf")},
        content_type="multipart/form-data",
    )
    assert not _db.session.get(Application, draft.id).attachments
    done = client.post(
        url,
        data={"attachment-title": "Statuto", "attachment-file": (io.BytesIO(PDF), "statuto.pdf")},
        content_type="multipart/form-data",
    )
    assert done.status_code == 302
    _db.session.expire_all()
    attachment = _db.session.get(Application, draft.id).attachments[0]
    page = client.get(f"/applications/{draft.id}").get_data(as_text=True)
    assert "statuto.pdf" in page
    assert client.get(f"{url}/{attachment.id}").data == PDF
    login(resident)
    assert client.get(f"{url}/{attachment.id}").status_code == 403
    assert client.post(f"{url}/{attachment.id}/delete").status_code == 403


def test_xss_through_the_form_page(client, login, call, applicant):
    organisation, owner = applicant
    partner_org, partner_owner = applicant_organisation(call.city, "APS Partner")
    draft = start_draft(call, owner, organisation)
    for payload in PAYLOADS:
        login(owner)
        _db.session.expire_all()
        draft = _db.session.get(Application, draft.id)
        data = _form(
            draft,
            title=("T " + payload)[:200],
            summary=payload,
            **{
                "budget_lines-0-description": payload[:500],
                "partners-0-organization": str(partner_org.id),
                "partners-0-role": "supporter",
                "partners-0-contribution_note": payload[:500],
            },
        )
        saved = client.post(f"/applications/{draft.id}", data=data)
        assert saved.status_code == 302, saved.get_data(as_text=True)[:500]
        assert_no_xss(client.get(f"/applications/{draft.id}").get_data(as_text=True))
        assert_no_xss(client.get("/applications").get_data(as_text=True))
        login(partner_owner)
        assert_no_xss(client.get("/applications").get_data(as_text=True))


def test_concurrent_saves_on_one_revision_save_once(app, call, applicant):
    """Eight people save on revision 1 at the same moment: one save wins, the others get a
    conflict with the current application; the revision is 2 (on SQLite and PostgreSQL)."""
    organisation, owner = applicant
    draft = start_draft(call, owner, organisation)
    owner_id, draft_id = owner.id, draft.id  # read here: the threads never touch this session
    barrier = threading.Barrier(8)
    outcomes = [""] * 8

    def worker(index):
        with app.test_request_context("/"):
            try:
                user = _db.session.get(User, owner_id)
                application = _db.session.get(Application, draft_id)
                barrier.wait(timeout=30)
                services.update_application(user, application, {"revision": 1, "title": f"Versione {index}"})
                outcomes[index] = "saved"
            except Conflict:
                outcomes[index] = "conflict"
            except Exception as error:  # reported, so the assertion shows it
                outcomes[index] = f"error {type(error).__name__}: {error}"
                _db.session.rollback()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["conflict"] * 7 + ["saved"], outcomes
    _db.session.expire_all()
    assert _db.session.get(Application, draft_id).revision == 2


def test_members_of_other_organisations_are_refused(client, login, call, applicant):
    organisation, owner = applicant
    _other, other_owner = applicant_organisation(call.city, "APS Estranea")
    draft = start_draft(call, owner, organisation)
    login(other_owner)
    assert client.get(f"/applications/{draft.id}").status_code == 403
    assert client.post(f"/applications/{draft.id}", data=_form(draft)).status_code == 403
    assert (
        client.post(
            f"/calls/{call.id}/apply", data={"organization": str(organisation.id), "title": "Furto"}
        ).status_code
        == 422
    )
