from __future__ import annotations

from flask_smorest import Blueprint

from app.api import RESOURCES

blp = Blueprint("api_ideas", __name__, url_prefix="/ideas", description="Ideas")
RESOURCES.append(blp)
