from flask import Blueprint
from flask_babel import lazy_gettext as _l

bp = Blueprint("ideas", __name__)

from app.ideas import routes, template_helpers  # noqa: E402, F401
from app.main.routes import CITY_SECTIONS, MAIN_NAV  # noqa: E402

MAIN_NAV.append(("ideas.choose_city", _l("Ideas")))
CITY_SECTIONS.append(template_helpers.city_section)
