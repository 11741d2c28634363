"""The eligibility engine: one pure rule per check of the call, over the rules of the call
VERSION the application is made under (``rules_for``) and plain facts about the application
(``facts_of``). Each rule answers ``None`` or one problem ``{rule, field, message}``: the
translated message, and the application field it points at (``requested_grant``,
``partners``, ``budget_lines.2.fund``, ``attachments.<requirement id>``, …), so a form can
link the problem to its field. ``check(application)`` runs them all; the submit service
refuses an application with any problem, and staff re-run it on a submitted one.
"""

from __future__ import annotations

from decimal import Decimal

import sqlalchemy as sa
from flask_babel import gettext as _

from app.calls.queries import rules_of
from app.extensions import db
from app.i18n import euro
from app.models import ApplicantRole, Application, Area, PartnerAnswer
from app.models.call import CallVersion

Problem = dict  # {"rule": str, "field": str, "message": str}

BUSINESS = "business"
DECLARATIONS = ("truthful", "no_double_funding", "privacy")
HUNDRED = Decimal("100")


def _problem(rule: str, field: str, message: str) -> Problem:
    return {"rule": rule, "field": field, "message": message}


def _money(value) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


def total_cost(facts: dict) -> Decimal:
    return sum((Decimal(str(line["amount"])) for line in facts["budget_lines"]), Decimal("0"))


# --- the rules ------------------------------------------------------------------------------


def form_allowed(rules: dict, facts: dict) -> Problem | None:
    """The applicant's legal form is one the call admits; a profit business only when the
    call lets businesses apply (``profit_role`` ``applicant``)."""
    form = facts["legal_form"]
    if form == BUSINESS:
        allowed = rules["profit_role"] == "applicant"
    else:
        allowed = form in (rules.get("applicant_forms") or [])
    if allowed:
        return None
    return _problem("form_allowed", "organization", _("The call does not admit applicants of this legal form."))


def verified_organisation(rules: dict, facts: dict) -> Problem | None:
    if facts["verified"]:
        return None
    return _problem(
        "verified_organisation", "organization", _("The organisation must be verified by the city before applying.")
    )


def runts_registered(rules: dict, facts: dict) -> Problem | None:
    if not rules.get("requires_runts") or facts.get("runts_number"):
        return None
    return _problem(
        "runts_registered", "organization", _("The call requires registration in the RUNTS: add the RUNTS number.")
    )


def partner_count(rules: dict, facts: dict) -> Problem | None:
    """Only partners who accepted in the platform count."""
    wanted = int(rules.get("min_partners") or 0)
    if len(facts["partners"]) >= wanted:
        return None
    return _problem(
        "partner_count",
        "partners",
        _(
            "The call asks for at least %(num)s partners who accepted; you have %(have)s.",
            num=wanted,
            have=len(facts["partners"]),
        ),
    )


def partner_forms(rules: dict, facts: dict) -> Problem | None:
    """A profit business may be a partner only when the call allows businesses at all."""
    if rules["profit_role"] in ("applicant", "partner"):
        return None
    for index, partner in enumerate(facts["partners"]):
        if partner["legal_form"] == BUSINESS:
            return _problem(
                "partner_forms", f"partners.{index}", _("The call does not admit profit businesses as partners.")
            )
    return None


def area_eligible(rules: dict, facts: dict) -> Problem | None:
    areas = {int(a["area"]) for a in rules.get("areas") or []}
    if not areas:
        return None
    if facts["area"] in areas:
        return None
    return _problem("area_eligible", "area", _("Choose one of the target areas of the call."))


def duration_bounds(rules: dict, facts: dict) -> Problem | None:
    low, high, months = rules["min_duration_months"], rules["max_duration_months"], facts["duration_months"]
    if months is not None and low <= months <= high:
        return None
    return _problem(
        "duration_bounds",
        "duration_months",
        _("The project must last between %(min)s and %(max)s months.", min=low, max=high),
    )


def grant_bounds(rules: dict, facts: dict) -> Problem | None:
    low, high, grant = _money(rules["min_grant"]), _money(rules["max_grant"]), facts["requested_grant"]
    if grant is not None and low <= grant <= high:
        return None
    return _problem(
        "grant_bounds",
        "requested_grant",
        _("The requested grant must be between %(min)s and %(max)s.", min=euro(low), max=euro(high)),
    )


def intensity_of(rules: dict, area_id: int | None) -> Decimal | None:
    """The call's intensity for the area, else the area's own (``rules["area_intensity"]``)."""
    if area_id is None:
        return None
    for row in rules.get("areas") or []:
        if int(row["area"]) == area_id and row.get("intensity_pct") not in (None, ""):
            return Decimal(str(row["intensity_pct"]))
    own = (rules.get("area_intensity") or {}).get(str(area_id))
    return None if own is None else Decimal(str(own))


def grant_intensity(rules: dict, facts: dict) -> Problem | None:
    """Grant ≤ intensity × eligible cost (the total of the budget lines)."""
    intensity, grant = intensity_of(rules, facts["area"]), facts["requested_grant"]
    if intensity is None or grant is None:
        return None
    ceiling = (total_cost(facts) * intensity / HUNDRED).quantize(Decimal("0.01"))
    if grant <= ceiling:
        return None
    return _problem(
        "grant_intensity",
        "requested_grant",
        _("With an aid intensity of %(pct)s%% the grant can be at most %(max)s.", pct=intensity, max=euro(ceiling)),
    )


def fund_ceilings(rules: dict, facts: dict) -> Problem | None:
    """Every line names one of the call's funds, and no fund's lines exceed its ceiling."""
    ceilings = {f["fund"]: Decimal(str(f["ceiling"])) for f in rules.get("funds") or []}
    used: dict[str, Decimal] = {}
    for index, line in enumerate(facts["budget_lines"]):
        if line["fund"] not in ceilings:
            return _problem("fund_ceilings", f"budget_lines.{index}.fund", _("The call does not finance this fund."))
        used[line["fund"]] = used.get(line["fund"], Decimal("0")) + Decimal(str(line["amount"]))
        if used[line["fund"]] > ceilings[line["fund"]]:
            return _problem(
                "fund_ceilings",
                f"budget_lines.{index}.amount",
                _(
                    "The lines paid by %(fund)s exceed its ceiling of %(max)s.",
                    fund=line["fund"],
                    max=euro(ceilings[line["fund"]]),
                ),
            )
    return None


def cofinancing_share(rules: dict, facts: dict) -> Problem | None:
    share = _money(rules.get("cofinancing_pct")) or Decimal("0")
    needed = (total_cost(facts) * share / HUNDRED).quantize(Decimal("0.01"))
    if (facts["cofinancing"] or Decimal("0")) >= needed:
        return None
    return _problem(
        "cofinancing_share",
        "cofinancing",
        _("The call asks for co-financing of at least %(pct)s%% of the cost: %(min)s.", pct=share, min=euro(needed)),
    )


def budget_adds_up(rules: dict, facts: dict) -> Problem | None:
    """Requested grant + co-financing = the total of the budget lines."""
    total = total_cost(facts)
    grant, cofinancing = facts["requested_grant"] or Decimal("0"), facts["cofinancing"] or Decimal("0")
    if facts["budget_lines"] and grant + cofinancing == total:
        return None
    return _problem(
        "budget_adds_up",
        "budget_lines",
        _(
            "Grant plus co-financing (%(sum)s) must equal the total of the budget lines (%(total)s).",
            sum=euro(grant + cofinancing),
            total=euro(total),
        ),
    )


def required_indicators(rules: dict, facts: dict) -> Problem | None:
    targets = {i["code"]: i.get("target") for i in facts["indicators"]}
    for indicator in rules.get("indicators") or []:
        if targets.get(indicator["code"]) is None:
            return _problem(
                "required_indicators",
                f"indicators.{indicator['code']}",
                _("Give the baseline and target of the indicator “%(name)s”.", name=indicator["name"]),
            )
    return None


def required_attachments(rules: dict, facts: dict) -> Problem | None:
    attached = set(facts["attachments"])
    for requirement in rules.get("attachments") or []:
        if requirement.get("id") not in attached:
            return _problem(
                "required_attachments",
                f"attachments.{requirement.get('id')}",
                _("Attach the document “%(name)s” (PDF).", name=requirement["name"]),
            )
    return None


def declarations(rules: dict, facts: dict) -> Problem | None:
    given = facts["declarations"] or {}
    for name in DECLARATIONS:
        if given.get(name) is not True:
            return _problem("declarations", f"declarations.{name}", _("Every declaration must be confirmed."))
    return None


RULES = (
    form_allowed,
    verified_organisation,
    runts_registered,
    partner_count,
    partner_forms,
    area_eligible,
    duration_bounds,
    grant_bounds,
    grant_intensity,
    fund_ceilings,
    cofinancing_share,
    budget_adds_up,
    required_indicators,
    required_attachments,
    declarations,
)


def problems_of(rules: dict, facts: dict) -> list[Problem]:
    return [p for p in (rule(rules, facts) for rule in RULES) if p is not None]


# --- from the database --------------------------------------------------------------------


def rules_for(application: Application) -> dict:
    """The rules of the call version the application is under (the current rules when that
    version is missing), with what the snapshot leaves out: the areas' own intensities and
    the ids of the required attachments (matched by name). A draft is under the call's
    latest version, the one its submission will record; a submitted application under the
    version recorded then."""
    call = application.call
    number = call.version if application.is_draft else application.call_version
    version = db.session.scalar(
        sa.select(CallVersion).where(CallVersion.call_id == call.id, CallVersion.number == number)
    )
    rules = dict(version.snapshot) if version is not None else rules_of(call)
    area_ids = [int(a["area"]) for a in rules.get("areas") or []] + (
        [application.area_id] if application.area_id else []
    )
    rows = (
        db.session.execute(sa.select(Area.id, Area.funding_intensity).where(Area.id.in_(area_ids))) if area_ids else []
    )
    rules["area_intensity"] = {str(area_id): str(pct) for area_id, pct in rows}
    ids = {a.name: a.id for a in call.attachments}
    rules["attachments"] = [{**a, "id": ids.get(a["name"])} for a in rules.get("attachments") or []]
    return rules


def facts_of(application: Application) -> dict:
    organisation = application.organisation
    return {
        "legal_form": organisation.legal_form.value,
        "verified": bool(organisation.verified),
        "runts_number": organisation.runts_number or None,
        "partners": [
            {"organisation": p.organisation_id, "legal_form": p.organisation.legal_form.value, "role": p.role.value}
            for p in application.partners
            if p.status is PartnerAnswer.ACCEPTED and p.role in (ApplicantRole.CO_APPLICANT, ApplicantRole.SUPPORTER)
        ],
        "area": application.area_id,
        "duration_months": application.duration_months,
        "requested_grant": application.requested_grant,
        "cofinancing": application.cofinancing,
        "budget_lines": [
            {"category": b.category.value, "fund": b.fund.value, "amount": b.amount} for b in application.budget_lines
        ],
        "indicators": [{"code": i.code, "baseline": i.baseline, "target": i.target} for i in application.indicators],
        "attachments": [a.requirement_id for a in application.attachments if a.requirement_id is not None],
        "declarations": dict(application.declarations or {}),
    }


def check(application: Application) -> list[Problem]:
    """Every problem of ``application`` against its call version's rules."""
    return problems_of(rules_for(application), facts_of(application))
