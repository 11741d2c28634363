"""The ranking as a PDF (graduatoria): the call, the edition (number, date, cause and
reason) and each entry with its scores, amounts, outcome and the reason of the outcome. The
job queue's worker lays it out (``app.pdf.in_worker``)."""

from __future__ import annotations

from flask import Response
from flask_babel import force_locale
from flask_babel import gettext as _

from app import jobs, pdf
from app.i18n import euro
from app.models.call import Call
from app.models.ranking import RankingEdition
from app.rankings import labels


def document_of(call: Call, items: list[dict], edition: RankingEdition | None) -> dict:
    """Plain data for the layout (the reasons are already in the reader's words)."""
    return {
        "call": {"id": call.id, "title": call.title, "city": call.city.name},
        "edition": None
        if edition is None
        else {
            "number": edition.number,
            "published_at": edition.published_at.strftime("%d/%m/%Y %H:%M"),
            "cause": str(labels.CAUSES[edition.cause]),
            "reason": edition.reason,
        },
        "items": items,
    }


def lay_out(data: dict) -> bytes:
    call, edition = data["call"], data["edition"]
    out = pdf.Writer(_("Ranking") + " · " + call["title"], f"{call['city']} · {call['title']}", wrap="WORD")
    out.line(_("RANKING") + " · " + call["city"].upper(), size=9, bold=True)
    out.line(call["title"], size=16, bold=True, height=8)
    if edition is None:
        out.line(_("PREVIEW: not published, for the city's staff only."), bold=True)
    else:
        out.line(_("Edition %(n)s of %(date)s", n=edition["number"], date=edition["published_at"]))
        out.line(edition["cause"])
        if edition["reason"]:
            out.paragraphs(edition["reason"])
    for item in data["items"]:
        rank = f"{item['rank']}. " if item["rank"] else ""
        out.heading(f"{rank}{item['title']} ({item['protocol']})", size=11)
        out.line(item["organization"]["name"])
        out.line(_("Score: %(score)s", score=item["score"] or "—"))
        for score in item["scores"]:
            out.bullet(f"{score['name']}: {score['points']}")
        out.line(
            _(
                "Requested: %(requested)s · granted: %(granted)s",
                requested=euro(item["requested"]),
                granted=euro(item["granted"]),
            )
        )
        out.line(f"{item['outcome_label']}: {item['reason']}", bold=True)
    return out.output()


@jobs.job()
def render_ranking_pdf(data: dict, locale: str) -> bytes:
    with force_locale(locale):
        return lay_out(data)


def response(call: Call, items: list[dict], edition: RankingEdition | None) -> Response:
    data = pdf.in_worker(render_ranking_pdf, lay_out, document_of(call, items, edition))
    number = edition.number if edition else 0
    return Response(
        data,
        mimetype="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="graduatoria-avviso-{call.id}-{number}.pdf"',
            "Cache-Control": "private, no-store" if edition is None else "private, no-cache",
        },
    )
