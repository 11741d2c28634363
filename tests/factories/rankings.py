"""Calls ready to be ranked: a competitive call in evaluation, or an open rolling call, and
admissible applications with a score and points per criterion."""

from __future__ import annotations

from decimal import Decimal

from app.extensions import db
from app.models import ApplicationStatus, BudgetCategory, BudgetLine, CallStatus, CohesionFund
from tests.factories.applications import create_application, open_call


def _fit(rules: dict) -> dict:
    """A small budget lowers the maximum grant with it (a call's rule)."""
    if "budget" in rules and Decimal(rules["budget"]) < Decimal("150000"):
        rules.setdefault("max_grant", rules["budget"])
    return rules


def call_in_evaluation(city, staff=None, **rules):
    """A competitive call of ``city`` moved straight to ``evaluation``."""
    rules = _fit(rules)
    call = open_call(city, staff, **rules)
    call.status = CallStatus.EVALUATION
    db.session.commit()
    return call


def open_rolling_call(city, staff=None, **rules):
    rules = _fit(rules)
    rules.setdefault("closes_at", None)
    return open_call(city, staff, kind="rolling", **rules)


def scored(call, points, *, requested="100000.00", title=None, status=ApplicationStatus.ADMISSIBLE, funds=None):
    """An admissible application with ``points`` per criterion (in the call's order); its
    score is their sum. ``funds``: ``{"FSE+": "60000", "FESR": "40000"}`` splits its budget."""
    application = create_application(
        call,
        title=title or f"Progetto {call.protocol_seq + 1}",
        status=status,
        requested_grant=requested,
        cofinancing="0",
    )
    if points is not None:
        application.criterion_scores = {str(c.id): str(p) for c, p in zip(call.criteria, points, strict=True)}
        application.score = sum((Decimal(str(p)) for p in points), Decimal(0))
    if funds:
        application.budget_lines = [
            BudgetLine(
                position=n, category=BudgetCategory.STAFF, fund=CohesionFund(f), description="Voce", amount=Decimal(a)
            )
            for n, (f, a) in enumerate(funds.items())
        ]
    db.session.commit()
    return application


__all__ = ["call_in_evaluation", "open_rolling_call", "scored"]
