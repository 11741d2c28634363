"""Rankings and awards: competitive rankings in editions (preview, publication, scorrimento,
review requests), rolling calls decided in protocol order, awards that never exceed a budget
or a fund's ceiling."""

from flask import Blueprint

bp = Blueprint("rankings", __name__)

from app.rankings import messages, routes, services  # noqa: E402, F401
