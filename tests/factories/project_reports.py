"""A funded project ready for reports: its organisation's owner, the staff who review, a
simplified-cost line (25.00 € an hour, 5 000 € in all) beside the application's line
(100 000 €), and dates that started two months ago."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from app import times
from app.extensions import db
from app.models import BudgetCategory, CohesionFund, ProjectBudgetLine, ProjectReport, User
from app.projects import reports
from tests import factories
from tests.factories.projects import funded_project

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def reporting_project(city, **kwargs):
    """``(project, owner, staff)``: ``owner`` reports for the organisation, ``staff`` reviews."""
    project = funded_project(city, **kwargs)
    today = times.now_local().date()
    project.starts_on = today - timedelta(days=60)
    project.budget_lines.append(
        ProjectBudgetLine(
            position=1,
            category=BudgetCategory.STAFF,
            fund=CohesionFund.FSE_PLUS,
            description="Ore di tutoraggio",
            amount=Decimal("5000.00"),
            unit="ore",
            rate=Decimal("25.00"),
        )
    )
    db.session.commit()
    owner = db.session.get(User, project.organisation.members[0].user_id)
    return project, owner, project.call.created_by


def filed_expenditure(
    project, owner, amount="1000.00", line=0, files=(), description="Fattura n. 7/2026"
) -> ProjectReport:
    """A submitted spend, through the service (on a simplified-cost line, as its quantity)."""
    budget_line = project.budget_lines[line]
    data = {
        "budget_line": budget_line.id,
        "amount": amount,
        "spent_on": (project.starts_on + timedelta(days=1)).isoformat(),
        "description": description,
    }
    if budget_line.simplified:
        data["quantity"] = str(Decimal(amount) / budget_line.rate)
        del data["amount"]
    return reports.report_expenditure(owner, project, data, list(files))


def bearer(user) -> dict:
    return {"Authorization": f"Bearer {factories.create_token(user)}"}


__all__ = ["PDF", "bearer", "filed_expenditure", "reporting_project"]
