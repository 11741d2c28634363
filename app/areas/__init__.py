from flask import Blueprint

bp = Blueprint("areas", __name__)

#: Features add what they link to a target area here, shown on the area's public page:
#: ``fn(area) -> list[(heading, items, more_url)]`` where ``items`` is a list of
#: ``(label, url)`` (a few, newest or most relevant first) and ``more_url`` links to the
#: full list (or None). Needs add "Needs in this area".
AREA_SECTIONS: list = []

from app.areas import routes  # noqa: E402, F401
