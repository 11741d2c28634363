"""What the dashboards and ``GET /api/v1/stats/programme`` are asked: filters by programme,
city, fund and action (codes and slugs, as the API speaks them)."""

from __future__ import annotations

import marshmallow as ma

from app.models import CohesionFund
from app.schemas import Choice, Text


class ProgrammeArgs(ma.Schema):
    class Meta:
        unknown = ma.EXCLUDE

    programme = Text(max=40, load_default="", metadata={"description": "programme code (CCI), e.g. 2014IT16M2OP004"})
    city = Text(max=60, load_default="", metadata={"description": "city slug"})
    fund = Choice(CohesionFund, load_default=None, metadata={"description": "fund"})
    action = Text(max=40, load_default="", metadata={"description": "programme action code, e.g. 3.3.1"})


class PageArgs(ProgrammeArgs):
    """The pages also choose the periods of the time series."""

    by = ma.fields.String(load_default="year", validate=ma.validate.OneOf(("year", "quarter")))
