"""A call's required attachments (part of its rules), its PDF documents and its FAQ: staff
publish them on the page and through the API, anyone who may read the call reads them, a
file that is not a PDF or is too large is refused, and user text stays text."""

from __future__ import annotations

import io

import pytest

from app.calls import services
from app.extensions import db
from app.models import AuditEntry, CallDocument, CallFaq, StoredFile
from app.uploads import MAX_PDF_BYTES, stored_path
from tests import factories
from tests.factories.calls import call_body, create_call, staff_of
from tests.pdfs import pdf_text
from tests.xss import PAYLOADS, assert_no_xss

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def bearer(user) -> dict:
    return {"Authorization": f"Bearer {factories.create_token(user)}"}


def open_call(city, **overrides):
    staff = staff_of(city)
    call = create_call(city, staff, **overrides)
    services.transition_call(staff, call, {"to": "open"})
    return call, staff


def test_required_attachments_are_rules_kept_in_versions(client, city):
    staff = staff_of(city)
    attachments = [
        {"name": "Statuto", "description": "Copia dello statuto vigente."},
        {"name": "Lettera di partenariato", "description": ""},
    ]
    created = client.post("/api/v1/calls", json=call_body(city, attachments=attachments), headers=bearer(staff))
    assert created.status_code == 201, created.json
    assert created.json["attachments"] == attachments
    call_id = created.json["id"]
    client.post(f"/api/v1/calls/{call_id}/transition", json={"to": "consultation"}, headers=bearer(staff))
    changed = client.patch(
        f"/api/v1/calls/{call_id}",
        json={"attachments": attachments[:1], "reason": "La lettera di partenariato non serve più."},
        headers=bearer(staff),
    )
    assert changed.status_code == 200 and changed.json["version"] == 2
    second = client.get(f"/api/v1/calls/{call_id}/versions/2").json
    assert second["rules"]["attachments"] == attachments[:1]
    assert "attachments" in second["changes"]["eligibility"]
    page = client.get(f"/calls/{call_id}").text
    assert "Statuto" in page and "Copia dello statuto vigente." in page
    bad = client.patch(
        f"/api/v1/calls/{call_id}", json={"attachments": [{"name": ""}], "reason": "prova"}, headers=bearer(staff)
    )
    assert bad.status_code == 422 and "attachments.0.name" in bad.json["error"]["fields"]


def test_faq_published_by_staff_read_by_all(client, city, resident):
    call, staff = open_call(city)
    question = {"question": "Le APS iscritte da poco al RUNTS possono partecipare?", "answer": "Sì, se iscritte."}
    assert client.post(f"/api/v1/calls/{call.id}/faq", json=question, headers=bearer(resident)).status_code == 403
    posted = client.post(f"/api/v1/calls/{call.id}/faq", json=question, headers=bearer(staff))
    assert posted.status_code == 201, posted.json
    assert client.get(f"/api/v1/calls/{call.id}/faq").json["items"][0]["answer"] == "Sì, se iscritte."
    assert "Le APS iscritte da poco" in client.get(f"/calls/{call.id}").text
    assert call.version == 1  # a clarification is not a new version
    short = client.post(f"/api/v1/calls/{call.id}/faq", json={"question": "?", "answer": ""}, headers=bearer(staff))
    assert short.status_code == 422 and set(short.json["error"]["fields"]) == {"question", "answer"}
    faq_id = posted.json["id"]
    assert client.delete(f"/api/v1/calls/{call.id}/faq/{faq_id}", headers=bearer(staff)).status_code == 204
    assert db.session.query(CallFaq).count() == 0
    assert db.session.query(AuditEntry).filter_by(action="call.faq_remove").count() == 1


def test_documents_are_pdfs_only_and_downloaded_by_readers(client, city, resident, login):
    call, staff = open_call(city)
    sent = client.post(
        f"/api/v1/calls/{call.id}/documents",
        data={"title": "Allegato A – Modulo di domanda", "file": (io.BytesIO(PDF), "../../etc/modulo.pdf")},
        headers=bearer(staff),
        content_type="multipart/form-data",
    )
    assert sent.status_code == 201, sent.json
    assert sent.json["name"] == "modulo.pdf" and sent.json["size"] == len(PDF)
    stored = db.session.get(StoredFile, db.session.get(CallDocument, sent.json["id"]).file_id)
    path = stored_path(stored)
    assert "etc" not in stored.path and path.read_bytes() == PDF
    download = client.get(sent.json["url"].replace("http://localhost", ""))
    assert download.status_code == 200 and download.mimetype == "application/pdf" and download.data == PDF

    for content, name in (
        (b"GIF89a not a pdf", "finto.pdf"),
        (b"", "vuoto.pdf"),
        (b"%PDF-" + b"0" * MAX_PDF_BYTES, "x.pdf"),
    ):
        refused = client.post(
            f"/api/v1/calls/{call.id}/documents",
            data={"title": "Documento", "file": (io.BytesIO(content), name)},
            headers=bearer(staff),
            content_type="multipart/form-data",
        )
        assert refused.status_code == 422, (name, refused.status_code)
        assert refused.json["error"]["fields"]["file"]
    assert db.session.query(CallDocument).count() == 1 and db.session.query(StoredFile).count() == 1

    login(staff)
    page = client.post(
        f"/calls/{call.id}/documents",
        data={"title": "Allegato B", "file": (io.BytesIO(b"<html>no</html>"), "b.pdf")},
        content_type="multipart/form-data",
    )
    assert page.status_code == 422 and "Il file non è un documento PDF." in page.text
    removed = client.post(f"/calls/{call.id}/documents/{sent.json['id']}/remove")
    assert removed.status_code == 302 and not path.exists()


def test_drafts_keep_their_documents_from_the_public(client, city):
    staff = staff_of(city)
    call = create_call(city, staff)
    sent = client.post(
        f"/api/v1/calls/{call.id}/documents",
        data={"title": "Bozza del modulo", "file": (io.BytesIO(PDF), "bozza.pdf")},
        headers=bearer(staff),
        content_type="multipart/form-data",
    )
    assert sent.status_code == 201
    assert client.get(f"/api/v1/calls/{call.id}/documents").status_code == 404
    assert client.get(f"/calls/{call.id}/documents/{sent.json['id']}").status_code in (401, 404)


@pytest.mark.parametrize("where", ["faq", "document", "attachment"])
def test_xss_in_faq_documents_and_attachments_stays_text(client, city, where):
    call, staff = open_call(city)
    for payload in PAYLOADS:
        if where == "faq":
            client.post(
                f"/api/v1/calls/{call.id}/faq",
                json={"question": payload[:2000], "answer": payload},
                headers=bearer(staff),
            )
        elif where == "document":
            client.post(
                f"/api/v1/calls/{call.id}/documents",
                data={"title": payload[:200], "file": (io.BytesIO(PDF), f"{payload[:100]}.pdf")},
                headers=bearer(staff),
                content_type="multipart/form-data",
            )
    if where == "attachment":
        rows = [{"name": p[:200], "description": p[:2000]} for p in PAYLOADS[:20] if len(p.strip()) >= 2]
        assert (
            client.patch(
                f"/api/v1/calls/{call.id}", json={"attachments": rows, "reason": "Allegati"}, headers=bearer(staff)
            ).status_code
            == 200
        )
    assert_no_xss(client.get(f"/calls/{call.id}").text)


def test_attachments_are_in_the_avviso_and_compared_between_versions(client, city):
    staff = staff_of(city)
    call = create_call(city, staff, attachments=[{"name": "Statuto", "description": "Copia vigente."}])
    services.transition_call(staff, call, {"to": "consultation"})
    services.update_call(
        staff,
        call,
        {
            "attachments": [{"name": "Statuto", "description": "Copia vigente."}, {"name": "Bilancio 2025"}],
            "reason": "Serve anche l'ultimo bilancio.",
        },
    )
    text = pdf_text(client.get(f"/calls/{call.id}/avviso.pdf").data)
    assert "Bilancio 2025" in text and "Statuto" in text
    compared = client.get(f"/api/v1/calls/{call.id}/versions/compare?a=1&b=2").json["changes"]
    assert [c["field"] for c in compared] == ["attachments"]
    page = client.get(f"/calls/{call.id}/versions/compare?a=1&b=2").text
    assert "Bilancio 2025" in page
