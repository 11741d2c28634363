from __future__ import annotations

from flask_smorest import Blueprint

from app.api import RESOURCES

blp = Blueprint("api_areas", __name__, url_prefix="/areas", description="Areas")
RESOURCES.append(blp)
