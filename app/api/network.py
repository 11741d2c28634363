from __future__ import annotations

from flask_smorest import Blueprint

from app.api import RESOURCES

blp = Blueprint("api_network", __name__, url_prefix="/network", description="Network")
RESOURCES.append(blp)
