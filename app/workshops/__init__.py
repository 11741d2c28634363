from flask import Blueprint
from flask_babel import lazy_gettext as _l

bp = Blueprint("workshops", __name__)

from app import realtime  # noqa: E402
from app.auth.services import EXPORTERS  # noqa: E402
from app.main.routes import CITY_SECTIONS, MAIN_NAV  # noqa: E402
from app.workshops import (  # noqa: E402, F401
    events,
    messages,
    routes,
    routes_board,
    routes_manage,
    routes_outcomes,
    routes_people,
)
from app.workshops.services import city_section, export_workshops, topic_exists  # noqa: E402

MAIN_NAV.append(("workshops.index", _l("Workshops")))
EXPORTERS.append(export_workshops)
CITY_SECTIONS.append(city_section)
# ``workshop:<id>`` (public workshops): counters of registrations and places left.
realtime.register_topic("workshop", topic_exists)
