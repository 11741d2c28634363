"""Organisations, their members, the partnerships they form around ideas, and the partner
network of each city. See docs/organisations.md."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

bp = Blueprint("organisations", __name__)

#: Other features add sections to an organisation's page here: ``fn(organisation)`` returns
#: ``None`` or ``{"title": str, "items": [(label, url)], "empty": str | None}`` (workshops,
#: applications, funded projects, accompaniment tracks, …).
ORGANISATION_SECTIONS: list = []

from app import realtime  # noqa: E402
from app.main.routes import ACCOUNT_MENU, CITY_SECTIONS, MAIN_NAV  # noqa: E402
from app.organisations import (  # noqa: E402, F401
    messages,
    routes,
    routes_manage,
    routes_partnerships,
)
from app.organisations.template_helpers import city_section, partnership_topic_exists  # noqa: E402

MAIN_NAV.append(("organisations.directory", _l("Organisations")))
ACCOUNT_MENU.append(("organisations.mine", _l("My organisations")))
ACCOUNT_MENU.append(("organisations.invitations", _l("My invitations")))
CITY_SECTIONS.append(city_section)
realtime.register_topic("partnership", partnership_topic_exists)
