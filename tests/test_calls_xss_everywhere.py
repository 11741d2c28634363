"""The XSS corpus through every text field of a call at once, and every page and PDF that
shows them: title, summary, body, department, co-departments, action code, criteria names
and descriptions, unit cost names and units, indicator codes, names and units,
attachment names and descriptions, FAQ, document titles, origin ideas, comments, replies,
version reasons and step reasons; into the call page (for a visitor and for staff), the
lists, the compare page, the consultation report and its comments fragment, the timeline
(on the call page and in the API), the avviso and the report PDFs. The expressions of
interest and the answers of a call for ideas go through the call page in
``tests/test_calls_codesign.py``."""

from __future__ import annotations

import io
import re

import pypdf
import pytest

from app.calls import annexes, services
from app.models import IdeaStage
from tests.factories.calls import create_call, staff_of
from tests.factories.ideas import create_idea
from tests.pdfs import pdf_text
from tests.xss import PAYLOADS, assert_no_xss

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
#: What a PDF must never carry from user text: scripts, launch actions, javascript links.
PDF_ACTIONS = re.compile(rb"/JavaScript|/JS\b|/Launch|/URI\s*\(\s*(?:javascript|vbscript|data):", re.IGNORECASE)
#: The (compressed) content streams: binary, where any three bytes may read "/Js".
PDF_STREAMS = re.compile(rb"stream\r?\n.*?endstream", re.DOTALL)


def fit(text: str, low: int, high: int) -> str:
    """``text`` within a field's bounds (padded, then cut)."""
    text = text if len(text.strip()) >= low else f"{text} testo"
    return text[:high]


def rules(n: int, p: str, mark: str = "") -> dict:
    """Every text rule of a call carrying payload ``p`` (``mark`` tells two versions apart)."""
    return {
        "title": fit(f"Avviso {n}{mark} {p}", 5, 200),
        "summary": fit(p, 0, 2000),
        "body": fit(p, 0, 100_000),
        "department": fit(f"D{n} {p}", 2, 120),
        "co_departments": [fit(f"C{n}{mark} {p}", 2, 120)],
        "action_code": fit(f"{n}{mark} {p}", 1, 40),
        "criteria": [
            {"name": fit(f"Cr{n}{mark} {p}", 2, 200), "description": fit(p, 0, 4000), "max_points": "60"},
            {"name": "Rete", "description": "", "max_points": "40"},
        ],
        "unit_costs": [{"name": fit(f"U{n}{mark} {p}", 2, 200), "unit": fit(p, 1, 40), "rate": "32.50"}],
        "indicators": [
            {"code": fit(f"I{n}{mark}{p}", 1, 40), "name": fit(f"In{n} {p}", 2, 200), "unit": fit(p, 1, 40)}
        ],
        "attachments": [{"name": fit(f"A{n}{mark} {p}", 2, 200), "description": fit(p, 0, 2000)}],
    }


def _call_through_everything(city, staff, n: int, p: str):
    idea = create_idea(city, title=fit(f"Idea {n} {p}", 5, 120), stage=IdeaStage.READY_FOR_CALL)
    call = create_call(city, staff, **rules(n, p), idea_ids=[idea.id])
    services.transition_call(staff, call, {"to": "consultation"})
    resident = staff_of(city, name=f"Residente {n}")  # anyone signed in comments
    comment = services.comment_on_call(resident, call, {"section": "criteria", "body": fit(p, 3, 4000)})
    services.reply_to_comment(staff, comment, {"reply": fit(p, 1, 4000), "outcome": "accepted"})
    annexes.add_faq(staff, call, {"question": fit(p, 3, 2000), "answer": fit(p, 3, 4000)})
    annexes.add_document(staff, call, {"title": fit(p, 2, 200)}, PDF, f"{p[:100]}.pdf")
    services.update_call(staff, call, {**rules(n, p, mark="b"), "reason": fit(p, 3, 2000)})
    services.transition_call(staff, call, {"to": "open"})
    services.transition_call(staff, call, {"to": "closed", "reason": fit(p, 3, 2000)})
    return call


def _pdf_text(body: bytes) -> str:
    assert body.startswith(b"%PDF")
    objects = PDF_STREAMS.sub(b"stream endstream", body)  # the dictionaries, where actions live
    assert not PDF_ACTIONS.search(objects), PDF_ACTIONS.search(objects).group(0)
    reader = pypdf.PdfReader(io.BytesIO(body))
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A") or {}
            assert action.get("/S") != "/JavaScript" and not str(action.get("/URI", "")).lower().startswith(
                ("javascript:", "vbscript:", "data:")
            )
    return pdf_text(body)


@pytest.mark.parametrize("lang", ["it", "en"])
def test_every_text_field_of_a_call_stays_text_everywhere(client, login, city, lang):
    staff = staff_of(city)
    calls = [_call_through_everything(city, staff, n, p) for n, p in enumerate(PAYLOADS)]
    headers = {"Accept-Language": lang}
    for viewer in (None, staff):
        if viewer is None:
            client.post("/logout")
        else:
            login(viewer)
        for url in (f"/{city.slug}/calls", f"/calls?city={city.slug}", "/calls?status=closed"):
            page = client.get(url, headers=headers)
            assert page.status_code == 200, url
            assert_no_xss(page.text)
        for call in calls:
            for url in (
                f"/calls/{call.id}",
                f"/calls/{call.id}/versions/compare?a=1&b=2",
                f"/calls/{call.id}/consultation",
                f"/calls/{call.id}/consultation/comments",
            ):
                page = client.get(url, headers=headers)
                assert page.status_code == 200, url
                assert_no_xss(page.text)
            timeline = client.get(f"/api/v1/calls/{call.id}", headers=headers).json["timeline"]
            assert timeline  # the step reasons go out as JSON strings, never as markup
    for n, call in enumerate(calls):
        avviso = _pdf_text(client.get(f"/calls/{call.id}/avviso.pdf", headers=headers).data)
        first = _pdf_text(client.get(f"/calls/{call.id}/avviso.pdf?version=1", headers=headers).data)
        report = _pdf_text(client.get(f"/calls/{call.id}/consultation.pdf", headers=headers).data)
        assert f"Cr{n}b" in avviso and f"Cr{n} " in first and f"U{n}b" in avviso
        assert f"Avviso {n}b" in report


def test_the_payloads_are_printed_as_written(client, city):
    """Not stripped either: a reader of the PDF sees what was typed (here the tags)."""
    staff = staff_of(city)
    n, p = 0, "<script>alert('xss-1')</script>"
    call = _call_through_everything(city, staff, n, p)
    avviso = _pdf_text(client.get(f"/calls/{call.id}/avviso.pdf").data)
    assert f"Cr0b {p}" in avviso and f"U0b {p}" in avviso
    escaped = "&lt;script&gt;alert(&#39;xss-1&#39;)&lt;/script&gt;"
    page = client.get(f"/calls/{call.id}").text
    shown = ("Avviso 0b ", "D0 ", "Cr0b ", "U0b ", "I0b", "In0 ", "A0b ", "Idea 0 ")
    assert all(f"{mark}{escaped}" in page for mark in shown), [m for m in shown if f"{m}{escaped}" not in page]
    compared = client.get(f"/calls/{call.id}/versions/compare?a=1&b=2").text
    assert all(f"{mark}{escaped}" in compared for mark in ("C0 ", "C0b ", "Cr0 ", "Cr0b ", "A0 ", "A0b "))
