"""HTTP views of a call's documents: two versions side by side, the consultation report (a
page and a PDF) and the avviso PDF. Public as the call is (a draft only for its city's
staff, anyone else gets 404); the report once the call has left consultation."""

from __future__ import annotations

from flask import Response, abort, render_template, request
from flask_login import current_user

from app.calls import bp, compare, documents, labels, pdfs, queries
from app.calls.forms import CompareForm
from app.extensions import db
from app.models.call import Call
from app.permissions import public


def _call(call_id: int) -> Call:
    call = db.session.get(Call, call_id)
    if call is None or not call.can_view(current_user):
        abort(404)
    return call


def _pdf(data: bytes, name: str, call: Call) -> Response:
    # In the reader's language, and the latest version changes: never kept by shared caches.
    cache = "private, no-cache" if call.is_public else "private, no-store"
    return Response(
        data,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": cache},
    )


@bp.route("/calls/<int:call_id>/versions/compare")
@public
def compare_versions(call_id):
    """Two published versions side by side: every rule, changed ones marked, the text diffed."""
    call = _call(call_id)
    a, b, versions = documents.version_pair(call, request.args.get("a", type=int), request.args.get("b", type=int))
    areas = documents.areas_of(a.snapshot, b.snapshot)
    rows = compare.rows(a.snapshot, b.snapshot, areas)
    form = CompareForm(versions, a.number, b.number, only_changes=request.args.get("only_changes") == "y")
    shown = [r for r in rows if r["state"] != "same"] if form.only_changes.data else rows
    return render_template(
        "calls/compare.html",
        call=call,
        city=call.city,
        a=a,
        b=b,
        form=form,
        sections=compare.by_section(shown),
        changed=sum(r["state"] != "same" for r in rows),
        texts=compare.text_diffs(a.snapshot, b.snapshot),
        labels=labels,
    )


def _report_call(call_id: int) -> Call:
    call = _call(call_id)
    if not call.can_read_consultation_report(current_user):
        abort(404)
    return call


@bp.route("/calls/<int:call_id>/consultation")
@public
def consultation_report(call_id):
    """The consultation report: comments per section and outcome, each with its reply, and
    what changed because of them."""
    call = _report_call(call_id)
    report = documents.report_of(call)
    return render_template(
        "calls/consultation.html",
        call=call,
        city=call.city,
        report=report,
        counts=documents.section_counts(report),
        effects=documents.effects(report),
        comments_by_section=compare.by_section(report["comments"]),
        section_labels={s.value: label for s, label in labels.SECTIONS.items()},
        outcome_labels={o.value: label for o, label in labels.OUTCOMES.items()},
        labels=labels,
    )


@bp.route("/calls/<int:call_id>/consultation.pdf")
@public
def consultation_report_pdf(call_id):
    """The consultation report as a PDF file."""
    call = _report_call(call_id)
    return _pdf(pdfs.render("consultation", documents.report_of(call)), f"consultazione-avviso-{call.id}.pdf", call)


@bp.route("/calls/<int:call_id>/avviso.pdf")
@public
def avviso_pdf(call_id):
    """The official text of the call as published (``?version=n`` for an earlier one); a
    draft's current text for its city's staff."""
    call = _call(call_id)
    number = request.args.get("version", type=int) or call.version
    version = queries.version_of(call, number) if number else None
    if number and version is None:
        abort(404)
    data = pdfs.render("avviso", documents.avviso_of(call, version))
    return _pdf(data, f"avviso-{call.id}-v{number}.pdf", call)
