"""A call's documents: two versions compared side by side (page and API), the consultation
report (page and PDF) and the avviso PDF, as a resident, an applicant and staff meet them;
drafts stay hidden; user text comes back escaped."""

import re

import pytest

from app.calls import services
from app.extensions import db
from app.models import CallStatus, CommentOutcome
from tests import factories
from tests.factories.calls import create_call, staff_of
from tests.factories.needs import create_area
from tests.pdfs import pdf_pages
from tests.xss import PAYLOADS, assert_no_xss

pytestmark = pytest.mark.usefixtures("in_request")
EN = {"Accept-Language": "en"}


@pytest.fixture
def staff(city):
    return staff_of(city)


@pytest.fixture
def consulted(city, staff):
    """A call put to consultation (version 1), commented on, answered, changed because of an
    accepted budget comment (version 2) and opened."""
    area = create_area(city, "Japigia", intensity=80)
    call = create_call(city, staff, areas=[{"area": area.id, "intensity_pct": None}])
    services.transition_call(staff, call, {"to": "consultation"})
    people = [factories.create_user(city=city, name=f"Persona {n}") for n in range(3)]
    budget = services.comment_on_call(people[0], call, {"section": "budget", "body": "Il budget è troppo alto."})
    timing = services.comment_on_call(people[1], call, {"section": "timing", "body": "Serve più tempo."})
    services.comment_on_call(people[2], call, {"section": "budget", "body": "Aggiungere il FESR."})
    services.reply_to_comment(staff, budget, {"reply": "Ridotto a 500.000 euro.", "outcome": "accepted"})
    services.reply_to_comment(staff, timing, {"reply": "I tempi restano.", "outcome": "not_taken"})
    services.update_call(
        staff,
        call,
        {
            "budget": "500000.00",
            "body": "## Finalità\nL'avviso sostiene **nuovi servizi** per giovani, anziani e famiglie.",
            "reason": "Esito della consultazione pubblica",
        },
    )
    services.transition_call(staff, call, {"to": "open"})
    return call


def _row(html: str, label: str) -> str:
    """The comparison row whose label is ``label``."""
    for row in re.findall(r'<div class="row cantiere-compare-row[^"]*">.*?</div>\s*</div>', html, re.S):
        if f"<strong>{label}</strong>" in row:
            return row
    raise AssertionError(f"no row {label!r}")


def test_compare_shows_the_changed_budget_and_the_text_diffed(client, consulted):
    page = client.get(f"/calls/{consulted.id}/versions/compare", headers=EN)
    assert page.status_code == 200
    budget = _row(page.text, "Total budget")
    assert "cantiere-compare-changed" in budget and ">changed</span>" in budget
    assert "€600,000.00" in budget and "€500,000.00" in budget
    assert "cantiere-compare-changed" not in _row(page.text, "Maximum grant")
    assert "Japigia" in _row(page.text, "Eligible area: Japigia")
    assert '<ins><span class="visually-hidden">[added] </span>, anziani</ins> e famiglie' in page.text
    assert "Esito della consultazione pubblica" in page.text  # the version's reason
    assert 'name="a"' in page.text and 'name="b"' in page.text
    # Picking the same version twice shows nothing changed; an unknown version is 404.
    same = client.get(f"/calls/{consulted.id}/versions/compare?a=2&b=2", headers=EN)
    assert "0 rules changed." in same.text and "cantiere-compare-changed" not in same.text
    assert client.get(f"/calls/{consulted.id}/versions/compare?a=1&b=9").status_code == 404
    # Only the rules that changed, when asked.
    only = client.get(f"/calls/{consulted.id}/versions/compare?a=1&b=2&only_changes=y", headers=EN)
    assert "€500,000.00" in _row(only.text, "Total budget") and "<strong>Maximum grant</strong>" not in only.text
    assert '<input checked class="form-check-input" id="only_changes"' in only.text


def test_compare_in_italian_and_linked_from_the_versions(client, consulted):
    page = client.get(f"/calls/{consulted.id}/versions/compare?a=1&b=2")
    assert "Dotazione complessiva" in page.text and "modificato" in page.text
    detail = client.get(f"/calls/{consulted.id}")
    assert f"/calls/{consulted.id}/versions/compare?a=1&amp;b=2" in detail.text
    assert f"/calls/{consulted.id}/avviso.pdf" in detail.text
    assert f"/calls/{consulted.id}/consultation" in detail.text


def test_api_compare_lists_the_changed_fields(client, consulted):
    answer = client.get(f"/api/v1/calls/{consulted.id}/versions/compare", headers=EN)
    assert answer.status_code == 200
    data = answer.get_json()
    assert (data["a"], data["b"]) == (1, 2)
    by_field = {c["field"]: c for c in data["changes"]}
    assert set(by_field) == {"budget", "body"}
    assert by_field["budget"] == {
        "field": "budget",
        "label": "Total budget",
        "before": "600000.00",
        "after": "500000.00",
    }
    assert client.get(f"/api/v1/calls/{consulted.id}/versions/compare?a=2&b=2").get_json()["changes"] == []
    assert client.get(f"/api/v1/calls/{consulted.id}/versions/compare?a=7").status_code == 404
    assert client.get(f"/api/v1/calls/{consulted.id}/versions/compare?a=0").status_code == 422
    spec = client.get("/api/v1/openapi.json").get_json()
    assert "/api/v1/calls/{call_id}/versions/compare" in spec["paths"] or any(
        p.endswith("/calls/{call_id}/versions/compare") for p in spec["paths"]
    )


def test_consultation_report_counts_and_what_changed(client, consulted):
    page = client.get(f"/calls/{consulted.id}/consultation", headers=EN)
    assert page.status_code == 200
    counts = re.search(r'<th scope="row">Budget</th>(.*?)</tr>', page.text, re.S).group(1)
    # Awaiting, accepted, answered, not taken, in all.
    assert re.findall(r"<td>(\d+)</td>", counts) == ["1", "1", "0", "0", "2"]
    timing = re.search(r'<th scope="row">Timing</th>(.*?)</tr>', page.text, re.S).group(1)
    assert re.findall(r"<td>(\d+)</td>", timing) == ["0", "0", "0", "1", "1"]
    assert "3 comments" in page.text
    effects = page.text.split("What changed because of them")[1].split("Comments and replies")[0]
    assert "From version 1 to version 2" in effects and "Il budget è troppo alto." in effects
    assert "Total budget" in effects and "€500,000.00" in effects
    assert "Ridotto a 500.000 euro." in page.text and "I tempi restano." in page.text


def test_report_is_hidden_while_in_consultation_except_for_staff(client, login, city, staff):
    call = create_call(city, staff)
    services.transition_call(staff, call, {"to": "consultation"})
    resident = factories.create_user(city=city, name="Residente")
    services.comment_on_call(resident, call, {"section": "text", "body": "Una domanda sul testo."})
    assert client.get(f"/calls/{call.id}/consultation").status_code == 404
    assert client.get(f"/calls/{call.id}/consultation.pdf").status_code == 404
    documents = client.get(f"/calls/{call.id}").text.split('id="documents-title"')[1].split("</ul>")[0]
    assert "/consultation" not in documents and "/avviso.pdf" in documents
    login(staff)
    assert client.get(f"/calls/{call.id}/consultation").status_code == 200


def test_avviso_pdf_is_the_published_version_with_version_and_date_on_every_page(client, consulted):
    answer = client.get(f"/calls/{consulted.id}/avviso.pdf", headers=EN)
    assert answer.status_code == 200 and answer.headers["Content-Type"] == "application/pdf"
    assert answer.data.startswith(b"%PDF")
    pages = pdf_pages(answer.data)
    version = db.session.get(type(consulted), consulted.id)
    assert version.version == 2
    for text in pages:
        assert "version 2 of" in text and "3.3.1" in text and "Welfare" in text
    whole = " ".join(pages)
    assert "Finalità" in whole and "anziani" in whole and "**" not in whole
    assert "€500,000.00" in whole and "FSE+" in whole and "Japigia" in whole
    assert "Qualità della proposta" in whole and "EECO01" in whole
    old = " ".join(pdf_pages(client.get(f"/calls/{consulted.id}/avviso.pdf?version=1", headers=EN).data))
    assert "version 1 of" in old and "€600,000.00" in old and "anziani" not in old
    assert client.get(f"/calls/{consulted.id}/avviso.pdf?version=5").status_code == 404


def test_consultation_report_pdf(client, consulted):
    answer = client.get(f"/calls/{consulted.id}/consultation.pdf")
    assert answer.status_code == 200 and answer.headers["Content-Type"] == "application/pdf"
    assert answer.data.startswith(b"%PDF")
    whole = " ".join(pdf_pages(answer.data))
    assert "Il budget è troppo alto." in whole and "Ridotto a 500.000 euro." in whole
    assert "Dalla versione 1 alla versione 2" in whole and "Osservazione accolta: Il budget è troppo alto." in whole
    assert "Dotazione complessiva (modificato): 600.000,00 € → 500.000,00 €" in whole
    assert "versione 2 del" in whole


def test_drafts_are_404_for_the_public_and_a_draft_avviso_for_staff(client, login, city, staff):
    call = create_call(city, staff)
    urls = [f"/calls/{call.id}/versions/compare", f"/calls/{call.id}/consultation", f"/calls/{call.id}/avviso.pdf"]
    urls += [f"/calls/{call.id}/consultation.pdf", f"/api/v1/calls/{call.id}/versions/compare"]
    for url in urls:
        assert client.get(url).status_code == 404, url
    login(factories.create_user(city=city, name="Residente"))
    for url in urls:
        assert client.get(url).status_code == 404, url
    login(staff)
    draft = client.get(f"/calls/{call.id}/avviso.pdf", headers=EN)
    assert draft.status_code == 200 and "no-store" in draft.headers["Cache-Control"]
    assert "draft, not published" in " ".join(pdf_pages(draft.data))
    assert client.get(f"/calls/{call.id}/versions/compare").status_code == 404  # no version yet


def test_xss_through_comments_replies_and_titles(client, city, staff):
    call = create_call(city, staff)
    services.transition_call(staff, call, {"to": "consultation"})
    resident = factories.create_user(city=city, name="Residente")
    for payload in PAYLOADS:
        text = payload if len(payload) >= 3 else payload + "   x"
        comment = services.comment_on_call(resident, call, {"section": "text", "body": text})
        services.reply_to_comment(staff, comment, {"reply": text, "outcome": "accepted"})
    for payload in PAYLOADS[:6]:
        services.update_call(
            staff, call, {"title": payload[:200], "summary": payload, "body": payload, "reason": payload}
        )
    services.transition_call(staff, call, {"to": "open"})
    assert call.status is CallStatus.OPEN
    for url in (
        f"/calls/{call.id}/consultation",
        f"/calls/{call.id}/versions/compare",
        f"/calls/{call.id}/versions/compare?a=1&b=7",
        f"/calls/{call.id}",
    ):
        page = client.get(url)
        assert page.status_code == 200, url
        assert_no_xss(page.text)
    for url in (f"/calls/{call.id}/consultation.pdf", f"/calls/{call.id}/avviso.pdf?version=4"):
        answer = client.get(url)
        assert answer.status_code == 200 and answer.data.startswith(b"%PDF")
    whole = " ".join(pdf_pages(client.get(f"/calls/{call.id}/consultation.pdf").data))
    assert "<script>alert('xss-1')</script>" in whole  # the payloads are printed as text
    avviso = " ".join(pdf_pages(client.get(f"/calls/{call.id}/avviso.pdf?version=4").data))
    assert "onload=alert('xss-3')" in avviso
    assert db.session.query(type(comment)).filter_by(outcome=CommentOutcome.ACCEPTED).count() == len(PAYLOADS)
