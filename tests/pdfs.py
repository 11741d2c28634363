"""Reading back the PDFs the app makes (avviso, receipts, minutes, reports) with pypdf."""

import io

import pypdf


def pdf_pages(body: bytes) -> list[str]:
    """The text of each page, one space between words."""
    assert body.startswith(b"%PDF"), body[:40]
    return [" ".join(page.extract_text().split()) for page in pypdf.PdfReader(io.BytesIO(body)).pages]


def pdf_text(body: bytes) -> str:
    """The text of the whole PDF, one space between words."""
    return " ".join(pdf_pages(body))
