from __future__ import annotations

from flask_smorest import Blueprint

from app.api import RESOURCES

blp = Blueprint("api_needs", __name__, url_prefix="/needs", description="Needs")
RESOURCES.append(blp)
