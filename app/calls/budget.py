"""The money of a call that is set aside (``Call.committed``) and what is left of its budget.

An award or a withdrawal (the applications issue) changes ``committed`` through
:func:`commit_funds`, inside its own service's transaction; every change of ``committed``
or of ``budget`` then pushes ``counter:changed {name: "budget_left"}`` on ``call:<id>``
once that transaction commits (``shared/REALTIME.md``), so an open page of a rolling call
shows the budget left as it changes."""

from __future__ import annotations

from decimal import Decimal

import sqlalchemy as sa
from flask_babel import gettext as _

from app import realtime
from app.errors import Conflict
from app.extensions import db
from app.models.call import Call


def push_budget_left(call: Call) -> None:
    """Queue the call's budget left (a decimal string) for its topic, sent after the commit."""
    realtime.push_counter(f"call:{call.id}", "budget_left", f"{call.budget_left:.2f}")


def commit_funds(call: Call, amount: Decimal) -> Decimal:
    """Set aside ``amount`` euros of the call's budget (negative: give them back), in the
    caller's transaction; never beyond the budget, never below nothing. Returns what is left."""
    committed = (call.committed or Decimal("0")) + Decimal(amount)
    if committed > call.budget:
        left = f"{call.budget_left:.2f}"
        raise Conflict(_("The call's budget left is not enough for this amount."), budget_left=left)
    if committed < 0:
        raise Conflict(_("More money would be given back than the call has set aside."))
    call.committed = committed
    push_budget_left(call)
    return call.budget_left


def lock_call(call: Call) -> Call:
    """Lock the call's row until the transaction ends and read it (and its applications)
    afresh: what another transaction committed meanwhile is seen."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(sa.select(Call.id).where(Call.id == call.id).with_for_update())
    else:
        db.session.execute(
            sa.update(Call)
            .where(Call.id == call.id)
            .values(committed=Call.committed)
            .execution_options(synchronize_session=False)
        )
    db.session.refresh(call)
    return call
