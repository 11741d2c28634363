from __future__ import annotations

from flask_smorest import Blueprint

from app.api import RESOURCES

blp = Blueprint("api_organizations", __name__, url_prefix="/organizations", description="Organizations")
RESOURCES.append(blp)
