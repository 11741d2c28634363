"""``/api/v1/stats/programme``: the programme dashboards' figures, from the same function
the pages read (``app.dashboards.stats.programme_figures``), so both show the same numbers.
Amounts are decimal strings in euros."""

from __future__ import annotations

import marshmallow as ma
from flask_smorest import Blueprint
from marshmallow import fields

from app.api import RESOURCES
from app.api.body import city_from
from app.api.schemas import answers
from app.dashboards import filters, stats
from app.dashboards.schemas import ProgrammeArgs
from app.permissions import public

blp = Blueprint("api_stats", __name__, url_prefix="/stats", description="Programme statistics")
RESOURCES.append(blp)

FUNDS = ["FSE+", "FESR"]


def _money(**kwargs):
    return fields.Decimal(as_string=True, places=2, **kwargs)


class FiguresSchema(ma.Schema):
    operations = fields.Integer(metadata={"description": "projects (operations) funded"})
    committed = _money(metadata={"description": "sum of the grants, euros"})
    spent = _money(metadata={"description": "approved expenditure, euros"})
    spent_pct = fields.Decimal(
        as_string=True,
        allow_none=True,
        metadata={"description": "spent of committed, percent (null: nothing committed)"},
    )


class FundFiguresSchema(FiguresSchema):
    fund = fields.Function(lambda row: row["fund"].value if row["fund"] else None, metadata={"enum": FUNDS})


class ActionFiguresSchema(FiguresSchema):
    code = fields.Function(lambda row: row["action"].code)
    name = fields.Function(lambda row: row["action"].name)
    fund = fields.Function(lambda row: row["action"].fund.value, metadata={"enum": FUNDS})


class CityFiguresSchema(FiguresSchema):
    city = fields.Function(lambda row: row["city"].slug, metadata={"description": "city slug"})
    name = fields.Function(lambda row: row["city"].name)


class AllocationSchema(ma.Schema):
    fund = fields.Function(lambda row: row["fund"].value, metadata={"enum": FUNDS})
    amount = _money()


def _programme(attr):
    return fields.Function(lambda e: getattr(e["programme"], attr) if e["programme"] else None)


class ProgrammeFiguresSchema(ma.Schema):
    code = _programme("code")
    name = _programme("name")
    period = _programme("period")
    current = fields.Function(lambda e: bool(e["programme"] and e["programme"].current))
    allocation = fields.List(fields.Nested(AllocationSchema), metadata={"description": "allocation per fund"})
    allocation_total = _money(allow_none=True)
    totals = fields.Nested(FiguresSchema)
    funds = fields.List(fields.Nested(FundFiguresSchema))
    actions = fields.List(fields.Nested(ActionFiguresSchema))
    cities = fields.List(fields.Nested(CityFiguresSchema))


class ProgrammeStatsSchema(ma.Schema):
    programmes = fields.List(
        fields.Nested(ProgrammeFiguresSchema),
        metadata={"description": "the current programme first; projects outside any action last (code null)"},
    )


@blp.route("/programme", methods=["GET"])
@answers(blp, ProgrammeStatsSchema, 422, query=ProgrammeArgs)
@public
def programme(args):
    """Operations, committed and spent per programme, fund, action and city, filtered by
    programme (code), city (slug), fund and action (code): the dashboards' numbers."""
    city = city_from(args["city"]) if args["city"] else None
    return {"programmes": stats.programme_figures(filters.from_api(args, city))}
