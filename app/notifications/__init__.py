from flask import Blueprint
from flask_babel import lazy_gettext as _l

bp = Blueprint("notifications", __name__)

from app.main.routes import ACCOUNT_MENU  # noqa: E402
from app.notifications import cli, routes  # noqa: E402, F401  (cli: `flask notifications …`)

ACCOUNT_MENU.append(("notifications.index", _l("Notifications")))
