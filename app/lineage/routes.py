"""The page "What happened to my needs" (``/profile/needs``), in the account menu."""

from __future__ import annotations

from flask import render_template
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.lineage import bp
from app.lineage.chain import ORDER
from app.lineage.labels import KINDS
from app.lineage.mine import my_needs
from app.main.routes import ACCOUNT_MENU
from app.permissions import login_required

ACCOUNT_MENU.append(("lineage.mine", _l("What happened to my needs")))


@bp.route("/profile/needs")
@login_required
def mine():
    """Each need I posted or supported, followed to its ideas, workshops, calls,
    applications and funded projects with their latest results."""
    return render_template("lineage/mine.html", items=my_needs(current_user), order=ORDER[1:], kinds=KINDS)
