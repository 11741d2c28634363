"""The receipt of a submitted application (ricevuta di protocollo): its protocol number and
time, and everything that was submitted (the proposal, the partners, the budget lines, the
indicators, the attachments' names and SHA-256, the declarations), laid out by the job
queue's worker with ``app/pdf.py`` in the reader's language. User text goes into the PDF as
text, never as markup."""

from __future__ import annotations

from decimal import Decimal

from flask_babel import force_locale, format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app import jobs, pdf
from app.i18n import euro
from app.models import Application, PartnerAnswer
from app.times import to_local

CATEGORIES = {
    "staff": _l("Staff"),
    "services": _l("Services"),
    "goods": _l("Goods"),
    "works": _l("Works"),
    "travel": _l("Travel"),
    "indirect": _l("Indirect costs (flat rate)"),
    "other": _l("Other costs"),
}
ROLES = {"co_applicant": _l("co-applicant"), "supporter": _l("supporter")}
DECLARATIONS = {
    "truthful": _l("The information given is true (DPR 445/2000)"),
    "no_double_funding": _l("The project receives no other public funding for the same costs"),
    "privacy": _l("Personal data processing notice read (GDPR art. 13)"),
}


def _when(value) -> str:
    return to_local(value).strftime("%d/%m/%Y %H:%M:%S") if value else ""


def _number(value: str) -> str:
    return format_decimal(Decimal(value))


def receipt_of(application: Application) -> dict:
    """Plain data for the layout (it crosses to the worker)."""
    call = application.call
    return {
        "protocol": application.protocol,
        "submitted_at": _when(application.submitted_at),
        "call": {"title": call.title, "city": call.city.name, "action_code": call.action_code},
        "call_version": application.call_version,
        "organisation": {"name": application.organisation.name, "form": application.organisation.legal_form.value},
        "title": application.title,
        "summary": application.summary,
        "area": application.area.name if application.area else "",
        "duration_months": application.duration_months,
        "requested_grant": str(application.requested_grant or 0),
        "cofinancing": str(application.cofinancing or 0),
        "partners": [
            {"name": p.organisation.name, "role": p.role.value, "contribution": str(p.contribution_value or 0)}
            for p in application.partners
            if p.status is PartnerAnswer.ACCEPTED
        ],
        "budget_lines": [
            {"category": b.category.value, "fund": b.fund.value, "description": b.description, "amount": str(b.amount)}
            for b in application.budget_lines
        ],
        "indicators": [
            {"code": i.code, "name": i.name, "unit": i.unit, "baseline": str(i.baseline), "target": str(i.target)}
            for i in application.indicators
        ],
        "attachments": [
            {"title": a.title, "name": a.file.name, "sha256": a.file.sha256, "size": a.file.size}
            for a in application.attachments
        ],
        "declarations": {k: bool(v) for k, v in (application.declarations or {}).items()},
    }


def _lists(out: pdf.Writer, data: dict) -> None:
    out.heading(_("Partners"))
    for p in data["partners"] or [{"name": _("No partner."), "role": "", "contribution": ""}]:
        role = f" ({ROLES[p['role']]})" if p["role"] in ROLES else ""
        out.bullet(p["name"] + role)
    out.heading(_("Budget"))
    for b in data["budget_lines"]:
        label = CATEGORIES.get(b["category"], b["category"])
        out.bullet(f"{label} · {b['fund']} · {euro(b['amount'])} · {b['description']}")
    out.heading(_("Impact indicators"))
    for i in data["indicators"]:
        values = {
            **i,
            "baseline": format_decimal(Decimal(i["baseline"])),
            "target": format_decimal(Decimal(i["target"])),
        }
        out.bullet(_("%(code)s %(name)s: from %(baseline)s to %(target)s %(unit)s", **values))
    out.heading(_("Attachments"))
    for a in data["attachments"] or [{"title": _("No attachment."), "name": "", "sha256": "", "size": 0}]:
        out.bullet(f"{a['title']} · {a['name']}")
        if a["sha256"]:
            out.line(f"SHA-256 {a['sha256']}", size=8, indent=8)
    out.heading(_("Declarations"))
    yes, no = _("yes"), _("no")
    for key, label in DECLARATIONS.items():
        out.bullet(f"{label}: {yes if data['declarations'].get(key) else no}")


def lay_out_receipt(data: dict) -> bytes:
    footer = " · ".join((_("Receipt"), data["protocol"] or "", data["call"]["city"]))
    out = pdf.Writer(_("Receipt of application %(protocol)s", protocol=data["protocol"]), footer, wrap="WORD")
    out.line(_("RECEIPT OF SUBMISSION") + " · " + data["call"]["city"].upper(), size=9, bold=True)
    out.line(_("Protocol no. %(protocol)s", protocol=data["protocol"]), size=17, bold=True, height=8)
    out.line(_("Submitted on %(when)s", when=data["submitted_at"]), bold=True)
    out.line(
        _(
            "Call: %(title)s (action %(code)s), version %(version)s",
            title=data["call"]["title"],
            code=data["call"]["action_code"],
            version=data["call_version"],
        )
    )
    out.line(_("Applicant: %(name)s", name=data["organisation"]["name"]))
    out.heading(_("Proposal"))
    out.line(data["title"], size=12, bold=True)
    out.paragraphs(data["summary"])
    out.line(
        _(
            "Area: %(area)s · duration: %(months)s months",
            area=data["area"] or "—",
            months=data["duration_months"] or "—",
        )
    )
    out.line(
        _(
            "Requested grant: %(grant)s · co-financing: %(cofinancing)s",
            grant=euro(data["requested_grant"]),
            cofinancing=euro(data["cofinancing"]),
        )
    )
    _lists(out, data)
    return out.output()


@jobs.job()
def render_receipt_pdf(data: dict, locale: str) -> bytes:
    with force_locale(locale):
        return lay_out_receipt(data)


def render(application: Application) -> bytes:
    return pdf.in_worker(render_receipt_pdf, lay_out_receipt, receipt_of(application))
