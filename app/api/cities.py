from __future__ import annotations

import sqlalchemy as sa
from flask_smorest import Blueprint

from app.api import RESOURCES
from app.api.schemas import CitySchema, PageArgsSchema, answers, page_schema, paginate
from app.models import City
from app.permissions import public

blp = Blueprint("api_cities", __name__, url_prefix="/cities", description="Cities")
RESOURCES.append(blp)

CityPage = page_schema(CitySchema, "CityPage")


@blp.route("", methods=["GET"])
@answers(blp, CityPage, query=PageArgsSchema)
@public
def list_cities(args):
    """The cities on the platform."""
    return paginate(sa.select(City).order_by(City.name), args)
