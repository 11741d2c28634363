"""Each eligibility rule, pure: a passing and a failing case over plain rules and facts (no
database), and the field each problem points at."""

from __future__ import annotations

import copy
from decimal import Decimal as D

import pytest

from app.applications import eligibility as e
from tests import factories

pytestmark = pytest.mark.usefixtures("in_english_request")

RULES = {
    "applicant_forms": ["aps", "odv", "social_cooperative"],
    "profit_role": "partner",
    "requires_runts": True,
    "min_partners": 1,
    "areas": [{"area": 7, "intensity_pct": None}, {"area": 8, "intensity_pct": "60.00"}],
    "area_intensity": {"7": "80.00", "8": "100.00"},
    "min_duration_months": 12,
    "max_duration_months": 24,
    "min_grant": "50000.00",
    "max_grant": "150000.00",
    "funds": [{"fund": "FSE+", "ceiling": "100000.00"}, {"fund": "FESR", "ceiling": "50000.00"}],
    "cofinancing_pct": "10.00",
    "indicators": [{"code": "EECO01", "name": "Partecipanti totali", "unit": "persone"}],
    "attachments": [{"id": 31, "name": "Statuto", "description": ""}],
}

FACTS = {
    "legal_form": "aps",
    "verified": True,
    "runts_number": "RUNTS-1",
    "partners": [{"organisation": 2, "legal_form": "business", "role": "supporter"}],
    "area": 7,
    "duration_months": 18,
    "requested_grant": D("80000.00"),
    "cofinancing": D("20000.00"),
    "budget_lines": [
        {"category": "staff", "fund": "FSE+", "amount": D("70000.00")},
        {"category": "goods", "fund": "FESR", "amount": D("30000.00")},
    ],
    "indicators": [{"code": "EECO01", "baseline": D("0"), "target": D("120")}],
    "attachments": [31],
    "declarations": {"truthful": True, "no_double_funding": True, "privacy": True},
}


def facts(**changes) -> dict:
    out = copy.deepcopy(FACTS)
    out.update(changes)
    return out


def rules(**changes) -> dict:
    out = copy.deepcopy(RULES)
    out.update(changes)
    return out


def test_the_sample_application_meets_every_rule():
    assert e.problems_of(RULES, FACTS) == []


# Each case: the rule, (rules, facts) that fail it, and the field its problem points at.
FAILING = [
    (e.form_allowed, rules(), facts(legal_form="foundation"), "organization"),
    (e.form_allowed, rules(), facts(legal_form="business"), "organization"),
    (e.verified_organisation, rules(), facts(verified=False), "organization"),
    (e.runts_registered, rules(), facts(runts_number=None), "organization"),
    (e.partner_count, rules(min_partners=2), facts(), "partners"),
    (e.partner_forms, rules(profit_role="none"), facts(), "partners.0"),
    (e.area_eligible, rules(), facts(area=9), "area"),
    (e.area_eligible, rules(), facts(area=None), "area"),
    (e.duration_bounds, rules(), facts(duration_months=30), "duration_months"),
    (e.duration_bounds, rules(), facts(duration_months=None), "duration_months"),
    (e.grant_bounds, rules(), facts(requested_grant=D("40000.00")), "requested_grant"),
    (e.grant_bounds, rules(), facts(requested_grant=D("150000.01")), "requested_grant"),
    (e.grant_intensity, rules(), facts(requested_grant=D("80000.01"), cofinancing=D("19999.99")), "requested_grant"),
    (e.grant_intensity, rules(), facts(area=8), "requested_grant"),  # the call's 60% override
    (e.fund_ceilings, rules(funds=[{"fund": "FSE+", "ceiling": "100000.00"}]), facts(), "budget_lines.1.fund"),
    (
        e.fund_ceilings,
        rules(),
        facts(budget_lines=[{"category": "goods", "fund": "FESR", "amount": D("50000.01")}]),
        "budget_lines.0.amount",
    ),
    (e.cofinancing_share, rules(cofinancing_pct="25"), facts(), "cofinancing"),
    (e.budget_adds_up, rules(), facts(cofinancing=D("10000.00")), "budget_lines"),
    (e.budget_adds_up, rules(), facts(budget_lines=[], requested_grant=D("0"), cofinancing=D("0")), "budget_lines"),
    (e.required_indicators, rules(), facts(indicators=[]), "indicators.EECO01"),
    (e.required_attachments, rules(), facts(attachments=[]), "attachments.31"),
    (
        e.declarations,
        rules(),
        facts(declarations={"truthful": True, "no_double_funding": True}),
        "declarations.privacy",
    ),
    (
        e.declarations,
        rules(),
        facts(declarations={"truthful": "yes", "no_double_funding": True, "privacy": True}),
        "declarations.truthful",
    ),
]


@pytest.mark.parametrize(("rule", "the_rules", "the_facts", "field"), FAILING)
def test_each_rule_fails_with_a_message_on_its_field(rule, the_rules, the_facts, field):
    problem = rule(the_rules, the_facts)
    assert problem is not None
    assert problem["rule"] == rule.__name__
    assert problem["field"] == field
    assert len(problem["message"]) > 10
    assert problem in e.problems_of(the_rules, the_facts)


PASSING = [
    (e.form_allowed, rules(profit_role="applicant"), facts(legal_form="business")),
    (e.form_allowed, rules(), facts(legal_form="odv")),
    (e.verified_organisation, rules(), facts()),
    (e.runts_registered, rules(requires_runts=False), facts(runts_number=None)),
    (e.runts_registered, rules(), facts()),
    (e.partner_count, rules(min_partners=1), facts()),
    (e.partner_forms, rules(profit_role="partner"), facts()),
    (
        e.partner_forms,
        rules(profit_role="none"),
        facts(partners=[{"organisation": 3, "legal_form": "odv", "role": "co_applicant"}]),
    ),
    (e.area_eligible, rules(areas=[]), facts(area=None)),
    (e.area_eligible, rules(), facts(area=8)),
    (e.duration_bounds, rules(), facts(duration_months=12)),
    (e.duration_bounds, rules(), facts(duration_months=24)),
    (e.grant_bounds, rules(), facts(requested_grant=D("50000.00"))),
    (e.grant_bounds, rules(), facts(requested_grant=D("150000.00"))),
    (e.grant_intensity, rules(), facts()),  # 80% of 100 000 = 80 000, exactly
    (e.grant_intensity, rules(), facts(area=8, requested_grant=D("60000.00"), cofinancing=D("40000.00"))),
    (e.grant_intensity, rules(areas=[], area_intensity={}), facts(area=None)),  # no area intensity: no ceiling
    (e.fund_ceilings, rules(), facts()),
    (e.cofinancing_share, rules(), facts(cofinancing=D("10000.00"))),
    (e.cofinancing_share, rules(cofinancing_pct="0"), facts(cofinancing=D("0"))),
    (e.budget_adds_up, rules(), facts()),
    (e.required_indicators, rules(), facts()),
    (e.required_indicators, rules(indicators=[]), facts(indicators=[])),
    (e.required_attachments, rules(), facts()),
    (e.required_attachments, rules(attachments=[]), facts(attachments=[])),
    (e.declarations, rules(), facts()),
]


@pytest.mark.parametrize(("rule", "the_rules", "the_facts"), PASSING)
def test_each_rule_passes_when_its_condition_is_met(rule, the_rules, the_facts):
    assert rule(the_rules, the_facts) is None


def test_every_rule_has_a_passing_and_a_failing_case():
    assert {r for r, *_ in FAILING} == set(e.RULES)
    assert {r for r, *_ in PASSING} == set(e.RULES)


def test_messages_are_in_the_readers_language(app):
    with factories.request_context(app, "it"):
        problem = e.grant_bounds(RULES, facts(requested_grant=None))
    assert "contributo" in problem["message"].lower()
