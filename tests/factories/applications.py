"""Applications written straight to the database, for the tests of the features that read
them (evaluations, rankings); the applications feature's own tests go through its services."""

from __future__ import annotations

from decimal import Decimal

from app.calls import services as call_services
from app.extensions import db
from app.models import (
    Application,
    ApplicationStatus,
    BudgetCategory,
    BudgetLine,
    CohesionFund,
    LegalForm,
)
from app.models.base import utcnow
from tests.factories import create_user
from tests.factories.calls import create_call, staff_of
from tests.factories.organisations import create_organisation


def open_call(city, staff=None, **overrides):
    """An open competitive call of ``city`` (the default rules of ``call_body``)."""
    staff = staff or staff_of(city)
    call = create_call(city, staff, **overrides)
    call_services.transition_call(staff, call, {"to": "open"})
    return call


def create_application(
    call,
    organisation=None,
    *,
    owner=None,
    title="Quartiere che cura",
    status=ApplicationStatus.DRAFT,
    requested_grant="100000.00",
    cofinancing="20000.00",
    duration_months=18,
    score=None,
) -> Application:
    """An application of ``organisation`` (a new verified APS with ``owner`` when not given).
    Any status but draft gets the call's next protocol number and a submission time."""
    if organisation is None:
        owner = owner or create_user(city=call.city, name="Legale rappresentante")
        organisation = create_organisation(
            call.city, owner, legal_form=LegalForm.APS, runts_number="RUNTS-12345", verified=True
        )
    application = Application(
        call=call,
        organisation=organisation,
        created_by_id=getattr(owner, "id", None),
        status=status,
        title=title,
        summary="Un servizio di prossimità per le famiglie del quartiere.",
        area_id=call.areas[0].area_id if call.areas else None,
        duration_months=duration_months,
        requested_grant=Decimal(requested_grant),
        cofinancing=Decimal(cofinancing),
        declarations={"truthful": True, "no_double_funding": True, "privacy": True},
        call_version=call.version,
        score=None if score is None else Decimal(str(score)),
    )
    total = Decimal(requested_grant) + Decimal(cofinancing)
    application.budget_lines = [
        BudgetLine(
            position=0, category=BudgetCategory.STAFF, fund=CohesionFund.FSE_PLUS, description="Educatori", amount=total
        ),
    ]
    if status is not ApplicationStatus.DRAFT:
        call.protocol_seq += 1
        application.protocol_number = call.protocol_seq
        application.protocol = f"{call.protocol_seq}/{utcnow().year}"
        application.submitted_at = utcnow()
    db.session.add(application)
    db.session.commit()
    return application


__all__ = ["create_application", "open_call"]
