"""Calls for tests: the API body of ``shared/API.md`` with realistic values, and a call made
through the service (as staff would)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from app.calls import services
from app.models import Role
from tests import factories


def staff_of(city, name="Funzionaria"):
    return factories.create_user(role=Role.STAFF, city=city, name=name)


def call_body(city, **overrides) -> dict:
    opens = datetime.now(UTC).replace(microsecond=0) + timedelta(days=10)
    body = {
        "city": city.slug,
        "title": "Nuovi servizi di prossimità nelle aree bersaglio",
        "summary": "Servizi innovativi di inclusione sociale nei quartieri più fragili.",
        "body": "## Finalità\nL'avviso sostiene **nuovi servizi** per giovani e famiglie.",
        "kind": "competitive",
        "department": "Welfare",
        "action_code": "3.3.1",
        "funds": [{"fund": "FSE+", "ceiling": "600000.00"}],
        "budget": "600000.00",
        "min_grant": "50000.00",
        "max_grant": "150000.00",
        "cofinancing_pct": "0",
        "applicant_forms": ["aps", "odv", "social_cooperative"],
        "profit_role": "partner",
        "min_partners": 1,
        "areas": [],
        "min_duration_months": 12,
        "max_duration_months": 24,
        "opens_at": opens.isoformat(),
        "closes_at": (opens + timedelta(days=45)).isoformat(),
        "criteria": [
            {
                "name": "Qualità della proposta",
                "description": "Chiarezza e coerenza.",
                "max_points": "40",
                "threshold": "20",
            },
            {"name": "Rete partenariale", "description": "Ampiezza e ruoli.", "max_points": "30", "threshold": "0"},
            {"name": "Impatto sociale", "description": "Risultati misurabili.", "max_points": "30", "threshold": "0"},
        ],
        "min_score": "60",
        "results_share_pct": "20",
        "min_achievement_pct": "50",
        "indicators": [{"code": "EECO01", "name": "Partecipanti totali", "unit": "persone"}],
        "evaluators_per_application": 2,
        "partial_last_award": True,
        "requires_runts": False,
    }
    body.update(overrides)
    return body


def create_call(city, staff=None, **overrides):
    body = call_body(city, **overrides)
    body.pop("city")
    return services.create_call(staff or staff_of(city), city, body)


#: The steps that bring a new draft of each kind to a status (``open`` and beyond).
_STEPS = {
    "codesign": ["open", "admission", "codesign", "agreement"],
    "ideas": ["open", "closed", "shortlisted"],
}


def create_participation_call(city, staff=None, *, kind="codesign", status="open", **overrides):
    """A co-design call (art. 55) or a call for ideas of ``city``, moved by staff through
    its lifecycle up to ``status``."""
    staff = staff or staff_of(city)
    rules = {"kind": kind, "criteria": [], "min_score": "0", "results_share_pct": None, "indicators": []}
    if kind == "ideas":
        rules.update(funds=[], budget="0", min_grant="0", max_grant="0", title="Call for ideas: spazi per i giovani")
    else:
        rules.update(title="Co-progettazione ex art. 55: rete contro la povertà educativa")
    call = create_call(city, staff, **{**rules, **overrides})
    steps = _STEPS[kind]
    for step in steps[: steps.index(status) + 1]:
        services.transition_call(
            staff, call, {"to": step, "reason": "Chiusura per i test." if step == "closed" else ""}
        )
    return call


__all__ = ["call_body", "create_call", "create_participation_call", "staff_of"]
