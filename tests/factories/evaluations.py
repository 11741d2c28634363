"""Evaluations for tests: a competitive call in evaluation with admissible applications,
evaluators of the city, and assignments made through the service (as staff would)."""

from __future__ import annotations

from app.evaluations import services
from app.extensions import db
from app.models import ApplicationStatus, CallStatus, Role
from tests import factories
from tests.factories.applications import create_application, open_call
from tests.factories.calls import staff_of


def evaluation_call(city, staff=None, *, status=CallStatus.EVALUATION, **rules):
    """A competitive call of ``city`` moved to ``status`` (evaluation), with the default
    criteria of ``call_body`` (40, 30, 30 points) and two evaluators per application."""
    call = open_call(city, staff or staff_of(city), **rules)
    call.status = status
    db.session.commit()
    return call


def admissible(call, **kwargs):
    return create_application(call, status=ApplicationStatus.ADMISSIBLE, **kwargs)


def create_evaluator(city, name=None):
    return factories.create_user(role=Role.EVALUATOR, city=city, name=name)


def assign(staff, application, evaluator):
    return services.assign_evaluator(staff, application, {"user": evaluator.id})


def scores_for(call, points=(30, 20, 20), comment="Motivazione del punteggio."):
    return {
        "scores": [
            {"criterion": c.id, "points": str(p), "comment": comment} for c, p in zip(call.criteria, points, strict=True)
        ]
    }


__all__ = ["admissible", "assign", "create_evaluator", "evaluation_call", "scores_for"]
