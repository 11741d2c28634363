"""The dashboards' filters from a request: the API refuses what it does not know (422 naming
the field), the pages ignore it (a filter that is not a choice shows everything)."""

from __future__ import annotations

import marshmallow as ma
import sqlalchemy as sa
from flask_babel import gettext as _

from app.dashboards.schemas import PageArgs
from app.dashboards.stats import Filters
from app.errors import InvalidInput
from app.extensions import db
from app.models import City, Programme, ProgrammeAction


def _known(column, value: str, field: str, message: str) -> None:
    if value and db.session.scalar(sa.select(sa.func.count()).where(column == value)) == 0:
        raise InvalidInput({field: [message]})


def from_api(args: dict, city: City | None) -> Filters:
    """``args`` loaded by ``ProgrammeArgs``; an unknown programme or action code is a 422."""
    _known(Programme.code, args["programme"], "programme", _("Unknown programme."))
    _known(ProgrammeAction.code, args["action"], "action", _("Unknown action."))
    return of(args, city)


def page_args(query) -> dict:
    """The query string's filters; what does not load is left out."""
    schema = PageArgs()
    args = {}
    for name, value in query.items():
        try:
            args.update(schema.load({name: value}, partial=True))
        except ma.ValidationError:
            continue
    return {**schema.load({}), **args}


def of(args: dict, city: City | None = None) -> Filters:
    return Filters(
        programme=args["programme"] or None,
        city=city,
        fund=args["fund"],
        action=args["action"] or None,
    )
