"""The dashboards in the permission matrix. Every dashboard route and ``GET
/api/v1/stats/programme`` is ``public`` (the acts they count are public), so no role is
refused and there are no ``allow()`` rows; the world gets a programme with an action and an
operation, so each role's call renders real figures (the ``city`` sample is the world's city)."""

from decimal import Decimal

from app.extensions import db
from app.models import CohesionFund, Programme, ProgrammeAction
from tests.factories.dashboards import imported_project
from tests.matrix import WORLD_BUILDERS


def _build(world):
    programme = Programme(code="MATRIX-DASHBOARDS", name="Programma della matrice", period="2021-2027")
    programme.allocation = {"FSE+": "1000000.00"}
    action = ProgrammeAction(
        programme=programme, code="3.3.1-M", name="Azione della matrice", fund=CohesionFund.FSE_PLUS
    )
    db.session.add(programme)
    db.session.commit()
    world["dashboard_project"] = imported_project(world["city"], action, "150000", str(Decimal("50000")))


WORLD_BUILDERS.append(_build)
