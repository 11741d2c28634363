"""Open data (issue 11, point 6): ``/opendata/`` lists the public datasets (needs, ideas,
organisations, calls, rankings, projects) as CSV, JSON and, where they have places, GeoJSON,
under CC BY 4.0, each streamed in batches so that a big city never sits in memory."""

from flask import Blueprint

bp = Blueprint("opendata", __name__)

from app.opendata import routes  # noqa: E402, F401
