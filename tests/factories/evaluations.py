"""Evaluations for tests: a competitive call in evaluation with admissible applications,
evaluators of the city, and assignments made through the service (as staff would)."""

from __future__ import annotations

import pytest

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
            {"criterion": c.id, "points": str(p), "comment": comment}
            for c, p in zip(call.criteria, points, strict=True)
        ]
    }


# Fixtures of the evaluation tests (import them into a test module): staff of the city, a
# call in evaluation, one admissible application, and an evaluator of the city.
@pytest.fixture(name="staff")
def staff_fixture(city):
    return staff_of(city)


@pytest.fixture(name="call")
def call_fixture(city, staff):
    return evaluation_call(city, staff)


@pytest.fixture(name="application")
def application_fixture(call):
    return admissible(call, title="Orti condivisi a Japigia")


@pytest.fixture(name="anna")
def anna_fixture(city):
    return create_evaluator(city, "Anna Valutatrice")


__all__ = [
    "admissible",
    "anna_fixture",
    "application_fixture",
    "assign",
    "call_fixture",
    "create_evaluator",
    "evaluation_call",
    "scores_for",
    "staff_fixture",
]
