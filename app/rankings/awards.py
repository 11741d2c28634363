"""Money set aside for awards, safe under concurrent awards.

Every decision that gives or takes back money (the step to ``awarded``, a scorrimento after
a renounce or a revocation, a rolling call's decision) first locks the call's row
(:func:`app.calls.budget.lock_call`: ``SELECT … FOR UPDATE`` on PostgreSQL; on SQLite an UPDATE of the row
takes the database write lock, which serialises writers like ``BEGIN IMMEDIATE``), then
reads the applications again and checks the budget and each fund's ceiling inside the same
transaction; the amount goes through :func:`app.calls.budget.commit_funds`, which refuses
to go beyond the budget. Two awards at the budget's edge therefore never both pass."""

from __future__ import annotations

from decimal import Decimal

import sqlalchemy as sa
from flask_babel import gettext as _

from app.calls.budget import commit_funds
from app.errors import Conflict
from app.extensions import db
from app.models.application import Application, ApplicationStatus
from app.models.call import Call
from app.rankings.compute import ZERO, ceilings, split_by_fund

FUNDED = (ApplicationStatus.FUNDED, ApplicationStatus.PARTLY_FUNDED)

#: ``fn(actor, applications)``, run inside the deciding transaction when applications get
#: money for good: the step to ``awarded``, a scorrimento on an awarded call, a rolling
#: call's decision (the projects feature makes their projects).
GRANTED: list = []

#: ``fn(actor, application, reason)``, run inside the transaction in which a funded
#: application gives its grant back (renounced or revoked; the projects feature closes its project).
GIVEN_UP: list = []


def granted(actor, applications: list[Application]) -> None:
    funded = [a for a in applications if a.status in FUNDED]
    if funded:
        for hook in GRANTED:
            hook(actor, funded)


def applications_of(call: Call) -> list[Application]:
    """The call's applications in protocol order, read afresh from the database."""
    query = sa.select(Application).where(Application.call_id == call.id).order_by(Application.protocol_number)
    return list(db.session.scalars(query.execution_options(populate_existing=True)))


def fund_usage(applications: list[Application]) -> dict[str, Decimal]:
    """What the funded applications take from each fund."""
    used: dict[str, Decimal] = {}
    for application in applications:
        if application.status in FUNDED and application.granted:
            for fund, part in split_by_fund(application, application.granted).items():
                used[fund] = used.get(fund, ZERO) + part
    return used


def check_ceilings(call: Call, applications: list[Application]) -> None:
    """Refuse (``Conflict``) when the funded applications would take more than a fund allows."""
    limits = ceilings(call)
    if limits is None:
        return
    for fund, used in fund_usage(applications).items():
        if used > limits.get(fund, ZERO):
            raise Conflict(_("The ceiling of the %(fund)s fund would be exceeded.", fund=fund))


def settle(call: Call, applications: list[Application]) -> Decimal:
    """Set aside exactly what the funded applications were granted (the difference from what
    is set aside now, through ``commit_funds``); returns the budget left. The caller holds
    the lock of :func:`lock_call`."""
    check_ceilings(call, applications)
    granted = sum((a.granted or ZERO for a in applications if a.status in FUNDED), ZERO)
    return commit_funds(call, granted - (call.committed or ZERO))
