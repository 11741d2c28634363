"""``GET /api/v1/users/me/lineage`` (what happened to my needs), and the ``applications``
and ``projects`` sections of ``GET /api/v1/needs/{id}/lineage``, both from
``app.lineage.chain``."""

from __future__ import annotations

from flask import g
from flask_login import current_user
from flask_smorest import Blueprint

from app.api import RESOURCES, lineage
from app.api.lineage_items import MyLineageSchema
from app.api.schemas import answers
from app.lineage.chain import forward
from app.lineage.mine import my_needs
from app.permissions import login_required

blp = Blueprint("api_my_lineage", __name__, url_prefix="/users/me", description="Lineage: what happened to my needs")
RESOURCES.append(blp)


@blp.route("/lineage", methods=["GET"])
@answers(blp, MyLineageSchema, 401, signed_in=True)
@login_required
def my_lineage():
    """For each need I posted or supported (newest first): the ideas, workshops, calls,
    applications and projects that came from it, each project with its indicators' latest
    approved values."""
    return {"needs": [entry.as_json() for entry in my_needs(current_user)]}


def _became(need) -> dict:
    """One walk of the chain per need and request, for both sections."""
    cache = g.setdefault("lineage_forward", {})
    if need.id not in cache:
        cache[need.id] = forward(current_user, need)
    return cache[need.id]


def _section(kind: str):
    return lambda need: [item.as_json() for item in _became(need).get(kind, [])]


lineage.SECTIONS["applications"] = _section("application")
lineage.SECTIONS["projects"] = _section("project")
