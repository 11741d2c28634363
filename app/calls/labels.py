"""Words for the call's codes, as people read them (Italian first)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.models.call import CallKind, CallStatus, CommentOutcome, CommentSection

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
    "reason": _l("Reason for the change"),
}
