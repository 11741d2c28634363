"""The call's PDF documents, laid out from the plain data of ``app/calls/documents.py`` with
the shared machinery of ``app/pdf.py``: the avviso (the official text of one published
version, its rules in plain words) and the consultation report. The job queue's worker lays
them out (:func:`render_call_pdf`) in the reader's language."""

from __future__ import annotations

from decimal import Decimal

from flask_babel import force_locale, format_decimal, ngettext
from flask_babel import gettext as _

from app import jobs, pdf
from app.calls import compare, documents, labels
from app.i18n import euro
from app.models.call import CallKind, CallStatus, CommentOutcome, CommentSection
from app.text import markdown_blocks


def edition(version: dict) -> str:
    """ "version 2 of 3 March 2027, 10:00", or that it is an unpublished draft."""
    if not version["number"]:
        return _("draft, not published")
    return _("version %(n)s of %(date)s", n=version["number"], date=compare.when(version["created_at"]))


def _footer(call: dict, rules: dict, version: dict) -> str:
    return " · ".join((rules["title"], call["city"], rules["department"], rules["action_code"], edition(version)))


def _body(out: pdf.Writer, text: str) -> None:
    """The call's Markdown as headings, paragraphs and lists."""
    for kind, value, depth in markdown_blocks(text):
        indent = 5 * depth
        if kind == "heading":
            out.pdf.ln(2)
            out.line(value, size=11, bold=True, height=6)
        elif kind == "bullet":
            out.bullet(value, indent=indent)
        elif kind[0].isdigit():
            out.bullet(value, indent=indent, mark=kind)
        elif kind in ("quote", "code"):
            out.line(value, indent=indent + 6, size=9)
        else:
            out.line(value, indent=indent)
            out.pdf.ln(1)


def _money_and_people(out: pdf.Writer, rules: dict, areas: dict) -> None:
    out.heading(_("Budget"))
    out.line(_("Total budget: %(amount)s", amount=euro(rules["budget"])))
    for fund in rules["funds"]:
        out.bullet(f"{fund['fund']}: {compare.describe_item('funds', fund, areas)}")
    out.line(
        _("Grant per application: from %(min)s to %(max)s", min=euro(rules["min_grant"]), max=euro(rules["max_grant"]))
    )
    out.line(_("Co-financing share: %(pct)s", pct=compare.percent(rules["cofinancing_pct"] or 0)))
    out.heading(_("Who may apply"))
    out.bullet(_("Legal forms: %(forms)s", forms=compare.legal_forms(rules["applicant_forms"])))
    out.bullet(compare.describe("profit_role", rules["profit_role"], areas))
    partners = rules["min_partners"]
    out.bullet(
        ngettext("At least %(num)s partner", "At least %(num)s partners", partners)
        if partners
        else _("No partner is required")
    )
    if rules["requires_runts"]:
        out.bullet(_("Registration in RUNTS is required"))
    out.bullet(
        _("Projects from %(min)s to %(max)s months", min=rules["min_duration_months"], max=rules["max_duration_months"])
    )
    out.heading(_("Eligible areas"))
    for item in rules["areas"]:
        out.bullet(f"{compare.item_name('areas', item, areas)}: {compare.area_intensity(item, areas)}")
    if not rules["areas"]:
        out.line(_("The whole city."))


def _criteria(out: pdf.Writer, rules: dict) -> None:
    if not rules["criteria"]:
        return
    out.heading(_("Evaluation criteria"))
    out.font(9)
    with out.pdf.table(col_widths=(60, 20, 20), text_align=("LEFT", "RIGHT", "RIGHT"), line_height=5) as table:
        head = table.row()
        for title in (_("Criterion"), _("Points"), _("Threshold")):
            head.cell(out.text(title))
        for c in rules["criteria"]:
            row = table.row()
            name = f"{c['name']}\n{c['description']}" if c.get("description") else c["name"]
            row.cell(out.text(name))
            row.cell(format_decimal(Decimal(c["max_points"])))
            row.cell(format_decimal(Decimal(c["threshold"] or 0)))
    out.pdf.ln(2)
    out.line(_("Minimum total score: %(n)s", n=format_decimal(Decimal(rules["min_score"] or 0))))
    out.line(_("Evaluators per application: %(n)s", n=rules["evaluators_per_application"]))
    if rules["kind"] == "competitive" and rules.get("review_days") is not None:
        out.line(_("Days to ask for a review of the evaluation after the ranking: %(n)s", n=rules["review_days"]))
    if rules["partial_last_award"]:
        out.line(_("The last application in the ranking may be funded in part."))


def _payment_plan(out: pdf.Writer, rules: dict) -> None:
    """The tranches the grant is paid in (versions kept before they existed have none)."""
    if rules["kind"] == "ideas" or rules.get("advance_pct") is None:
        return
    out.heading(_("How the grant is paid"))
    shares = [Decimal(rules[n] or 0) for n in ("advance_pct", "intermediate_pct", "results_share_pct")]
    out.line(
        _(
            "The grant is paid in tranches: %(advance)s%% at the start, %(intermediate)s%% when the approved spend reaches the advance, %(results)s%% on the results, and the balance (%(balance)s%%) when the project is closed, never beyond the approved spend.",  # noqa: E501
            advance=format_decimal(shares[0]),
            intermediate=format_decimal(shares[1]),
            results=format_decimal(shares[2]),
            balance=format_decimal(100 - sum(shares)),
        )
    )


def _costs_results_timing(out: pdf.Writer, rules: dict, areas: dict) -> None:
    if rules["indirect_flat_rate_pct"] is not None or rules["unit_costs"]:
        out.heading(_("Simplified cost options"))
        if rules["indirect_flat_rate_pct"] is not None:
            out.line(
                _(
                    "Indirect costs: a flat rate of %(pct)s%% of direct staff costs, with no receipts.",
                    pct=format_decimal(Decimal(rules["indirect_flat_rate_pct"])),
                )
            )
        for unit in rules["unit_costs"]:
            out.bullet(f"{unit['name']}: {compare.describe_item('unit_costs', unit, areas)}")
    _payment_plan(out, rules)
    if rules["results_share_pct"] or rules["indicators"]:
        out.heading(_("Payment on results"))
        if rules["results_share_pct"]:
            out.line(
                _(
                    "%(share)s%% of the grant is paid in proportion to the targets reached; below %(min)s%% of the targets nothing of it is paid.",  # noqa: E501
                    share=format_decimal(Decimal(rules["results_share_pct"])),
                    min=format_decimal(Decimal(rules["min_achievement_pct"] or 0)),
                )
            )
        for indicator in rules["indicators"]:
            out.bullet(f"{indicator['code']} {compare.describe_item('indicators', indicator, areas)}")
    if rules.get("attachments"):
        out.heading(_("What every application must attach"))
        for item in rules["attachments"]:
            out.bullet(f"{item['name']}: {item['description']}" if item["description"] else item["name"])
    out.heading(_("Timing"))
    out.line(_("Opens %(date)s", date=compare.when(rules["opens_at"])))
    out.line(
        _("Closes %(date)s", date=compare.when(rules["closes_at"]))
        if rules["closes_at"]
        else _("Open until the budget is used.")
    )


def lay_out_avviso(data: dict) -> bytes:
    """The avviso: the header, the text, then every rule in plain words."""
    call, rules, version, areas = data["call"], data["rules"], data["version"], data["areas"]
    out = pdf.Writer(rules["title"], _footer(call, rules, version), wrap="WORD")
    out.line(_("PUBLIC NOTICE") + " · " + call["city"].upper(), size=9, bold=True)
    out.line(rules["title"], size=17, bold=True, height=8)
    out.line(labels.KINDS[CallKind(rules["kind"])], size=10)
    out.line(
        f"{_('Department in charge')}: {rules['department']}"
        + (f" ({', '.join(rules['co_departments'])})" if rules["co_departments"] else "")
    )
    out.line(_("Programme action %(code)s", code=rules["action_code"]))
    said = edition(version)
    out.line(said[:1].upper() + said[1:], bold=True)
    if version["reason"]:
        out.line(_("Reason for this version: %(reason)s", reason=version["reason"]), size=9)
    if call["status"] == CallStatus.DRAFT.value:
        out.line(_("DRAFT: this call is not published yet."), bold=True)
    if rules["summary"]:
        out.pdf.ln(2)
        out.line(rules["summary"], size=11)
    out.heading(_("Text of the call"))
    _body(out, rules["body"])
    _money_and_people(out, rules, areas)
    _criteria(out, rules)
    _costs_results_timing(out, rules, areas)
    return out.output()


def _report_counts(out: pdf.Writer, report: dict) -> None:
    out.heading(_("Comments per section"))
    outcomes = list(CommentOutcome)
    out.font(9)
    with out.pdf.table(col_widths=(30, 14, 14, 14, 14, 14), text_align="LEFT", line_height=5) as table:
        head = table.row()
        for title in (_("Section"), *(labels.OUTCOMES[o] for o in outcomes), _("In all")):
            head.cell(out.text(title))
        for row in documents.section_counts(report):
            cells = table.row()
            cells.cell(out.text(labels.SECTIONS[CommentSection(row["section"])]))
            for o in outcomes:
                cells.cell(str(row["outcomes"][o.value]))
            cells.cell(str(row["total"]))


def _report_comments(out: pdf.Writer, report: dict) -> None:
    out.heading(_("Comments and replies"))
    for _section, section_label, comments in compare.by_section(report["comments"]):
        out.line(section_label, size=11, bold=True, height=6)
        for c in comments:
            who = c["author"] or _("Removed account")
            outcome = labels.OUTCOMES[CommentOutcome(c["outcome"])]
            out.line(f"{outcome} · {who} · {_('on version %(n)s', n=c['version'])}", size=9, bold=True)
            out.line(c["body"], indent=4)
            if c["reply"]:
                out.line(_("Reply: %(reply)s", reply=c["reply"]), indent=4, size=9)
            out.pdf.ln(2)


def _report_effects(out: pdf.Writer, report: dict) -> None:
    out.heading(_("What changed because of them"))
    if not report["comments"]:
        out.line(_("Nobody commented on this call."))
    for block in documents.effects(report):
        if block["next"] is None:
            out.line(_("Version %(n)s: no later version has been published yet.", n=block["version"]), bold=True)
            continue
        out.line(_("From version %(a)s to version %(b)s", a=block["version"], b=block["next"]["number"]), bold=True)
        if block["next"]["reason"]:
            out.line(_("Reason for this version: %(reason)s", reason=block["next"]["reason"]), size=9)
        for section in block["sections"]:
            out.line(labels.SECTIONS[CommentSection(section["section"])], bold=True, indent=4)
            for c in section["accepted"]:
                out.bullet(_("Accepted comment: %(body)s", body=c["body"]), indent=8)
            for row in section["changed"]:
                state = labels.CHANGE_STATES[row["state"]]
                words = "" if row.get("text") else f": {row['before']} → {row['after']}"
                out.bullet(f"{row['label']} ({state}){words}", indent=8)
        if not block["sections"]:
            out.line(_("No rule changed."), indent=4)


def lay_out_report(report: dict) -> bytes:
    """The consultation report: counts, every comment with its reply, what changed."""
    call = report["call"]
    version = report["versions"][-1] if report["versions"] else {"number": 0}
    out = pdf.Writer(_("Consultation report"), _footer(call, call, version), wrap="WORD")
    out.line(_("CONSULTATION REPORT") + " · " + call["city"].upper(), size=9, bold=True)
    out.line(call["title"], size=17, bold=True, height=8)
    out.line(ngettext("%(num)s comment", "%(num)s comments", report["total"]), size=10)
    _report_counts(out, report)
    _report_effects(out, report)
    _report_comments(out, report)
    return out.output()


LAYOUTS = {"avviso": lay_out_avviso, "consultation": lay_out_report}


@jobs.job()
def render_call_pdf(kind: str, data: dict, locale: str) -> bytes:
    """The job: one of :data:`LAYOUTS` in the reader's language."""
    with force_locale(locale):
        return LAYOUTS[kind](data)


def render(kind: str, data: dict) -> bytes:
    return pdf.in_worker(render_call_pdf, lambda k, d: LAYOUTS[k](d), kind, data)
