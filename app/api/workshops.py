from __future__ import annotations

from flask_smorest import Blueprint

from app.api import RESOURCES

blp = Blueprint("api_workshops", __name__, url_prefix="/workshops", description="Workshops")
RESOURCES.append(blp)
