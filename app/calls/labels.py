"""Words for the call's codes, as people read them (Italian first)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.models.call import CallKind, CallStatus, CommentOutcome, CommentSection, ProfitRole
from app.models.call_participation import InterestStatus

KINDS = {
    CallKind.COMPETITIVE: _l("Competitive call with ranking"),
    CallKind.ROLLING: _l("Rolling call (first come, first served)"),
    CallKind.CODESIGN: _l("Co-design procedure (art. 55 of the Third Sector Code)"),
    CallKind.IDEAS: _l("Call for ideas"),
}

STATUSES = {
    CallStatus.DRAFT: _l("Draft"),
    CallStatus.CONSULTATION: _l("In public consultation"),
    CallStatus.OPEN: _l("Open"),
    CallStatus.CLOSED: _l("Closed"),
    CallStatus.EVALUATION: _l("Under evaluation"),
    CallStatus.RANKING_PUBLISHED: _l("Ranking published"),
    CallStatus.AWARDED: _l("Awarded"),
    CallStatus.EXHAUSTED: _l("Budget used up"),
    CallStatus.ADMISSION: _l("Admission of expressions of interest"),
    CallStatus.CODESIGN: _l("Co-design tables"),
    CallStatus.AGREEMENT: _l("Agreement signed"),
    CallStatus.SHORTLISTED: _l("Ideas shortlisted"),
}

SECTIONS = {
    CommentSection.TEXT: _l("Text"),
    CommentSection.ELIGIBILITY: _l("Eligibility"),
    CommentSection.BUDGET: _l("Budget"),
    CommentSection.CRITERIA: _l("Criteria"),
    CommentSection.TIMING: _l("Timing"),
}

OUTCOMES = {
    CommentOutcome.PENDING: _l("Awaiting a reply"),
    CommentOutcome.ACCEPTED: _l("Accepted"),
    CommentOutcome.ANSWERED: _l("Answered"),
    CommentOutcome.NOT_TAKEN: _l("Not taken up"),
}

PROFIT_ROLES = {
    ProfitRole.APPLICANT: _l("Profit businesses may apply."),
    ProfitRole.PARTNER: _l("Profit businesses may take part only as partners."),
    ProfitRole.NONE: _l("Profit businesses may not take part."),
}

#: The sections of the call builder, in the order a city officer fills them in.
BUILDER_SECTIONS = {
    "text": _l("Text of the call"),
    "funds": _l("Kind and funds"),
    "budget": _l("Budget and grants"),
    "eligibility": _l("Eligibility"),
    "areas": _l("Eligible areas"),
    "timing": _l("Duration and dates"),
    "criteria": _l("Evaluation criteria"),
    "costs": _l("Simplified cost options"),
    "results": _l("Payment on results"),
    "attachments": _l("Required attachments"),
    "reason": _l("Reason for the change"),
}

#: Common indicators of ESF+ (Reg. (UE) 2021/1057, annex I) and ERDF (Reg. (UE) 2021/1058,
#: annex I) that fit social inclusion, offered when a call names its impact indicators.
INDICATOR_CATALOGUE = {
    "EECO01": (_l("Total number of participants"), _l("people")),
    "EECO02": (_l("Unemployed participants, including long-term unemployed"), _l("people")),
    "EECO04": (_l("Inactive participants"), _l("people")),
    "EECO06": (_l("Participants below 18 years of age"), _l("people")),
    "EECO07": (_l("Participants aged 18 to 29"), _l("people")),
    "EECO12": (_l("Participants with disabilities"), _l("people")),
    "EECO13": (_l("Third-country nationals"), _l("people")),
    "EECO15": (_l("Participants from minorities (including marginalised communities such as the Roma)"), _l("people")),
    "EECO16": (_l("Homeless participants or participants affected by housing exclusion"), _l("people")),
    "EECO18": (_l("Public administrations or public services supported"), _l("bodies")),
    "EECO19": (
        _l("Micro, small and medium-sized enterprises supported, including social enterprises"),
        _l("enterprises"),
    ),
    "EECR01": (_l("Participants engaged in job searching upon leaving"), _l("people")),
    "EECR02": (_l("Participants in education or training upon leaving"), _l("people")),
    "EECR03": (_l("Participants gaining a qualification upon leaving"), _l("people")),
    "EECR04": (_l("Participants in employment, including self-employment, upon leaving"), _l("people")),
    "RCO65": (_l("Capacity of new or modernised social housing"), _l("people")),
    "RCO74": (_l("Population covered by projects in integrated urban development strategies"), _l("people")),
    "RCO113": (
        _l("Population covered by projects for the socio-economic inclusion of marginalised communities"),
        _l("people"),
    ),
    "RCO114": (_l("Open space created or rehabilitated in urban areas"), _l("square metres")),
    "RCR65": (_l("Annual users of new or modernised social housing"), _l("users per year")),
}

INTEREST_STATUSES = {
    InterestStatus.PENDING: _l("Awaiting admission"),
    InterestStatus.ADMITTED: _l("Admitted"),
    InterestStatus.REFUSED: _l("Not admitted"),
}

#: The rules of a call as a comparison or the avviso names them, keyed by the call body's fields.
RULES = {
    "title": _l("Title"),
    "summary": _l("Summary"),
    "body": _l("Text of the call"),
    "department": _l("Department in charge"),
    "co_departments": _l("Co-owning departments"),
    "action_code": _l("Programme action"),
    "applicant_forms": _l("Eligible legal forms"),
    "profit_role": _l("Profit businesses"),
    "min_partners": _l("Minimum partners"),
    "requires_runts": _l("RUNTS registration required"),
    "areas": _l("Eligible area"),
    "funds": _l("Fund"),
    "budget": _l("Total budget"),
    "min_grant": _l("Minimum grant"),
    "max_grant": _l("Maximum grant"),
    "cofinancing_pct": _l("Co-financing share"),
    "indirect_flat_rate_pct": _l("Indirect costs (flat rate of direct staff costs)"),
    "unit_costs": _l("Unit cost"),
    "advance_pct": _l("Advance paid at the start"),
    "intermediate_pct": _l("Intermediate payment"),
    "results_share_pct": _l("Share of the grant paid on results"),
    "min_achievement_pct": _l("Minimum achievement that pays anything"),
    "indicators": _l("Impact indicator"),
    "partial_last_award": _l("The last application may be funded in part"),
    "criteria": _l("Criterion"),
    "min_score": _l("Minimum total score"),
    "evaluators_per_application": _l("Evaluators per application"),
    "review_days": _l("Days to ask for a review"),
    "opens_at": _l("Opening"),
    "closes_at": _l("Closing"),
    "min_duration_months": _l("Shortest project (months)"),
    "max_duration_months": _l("Longest project (months)"),
    "attachments": _l("Required attachment"),
}

#: How a rule differs between two versions, in words (never only in colour).
CHANGE_STATES = {
    "same": _l("unchanged"),
    "changed": _l("changed"),
    "added": _l("added"),
    "removed": _l("removed"),
}
