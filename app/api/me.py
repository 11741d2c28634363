from __future__ import annotations

from flask_login import current_user
from flask_smorest import Blueprint

from app.api import RESOURCES
from app.api.schemas import UserSchema, answers
from app.permissions import login_required

blp = Blueprint("api_me", __name__, url_prefix="/me", description="The signed-in person")
RESOURCES.append(blp)


@blp.route("", methods=["GET"])
@answers(blp, UserSchema, 401, signed_in=True)
@login_required
def me():
    """The current user with roles per city."""
    return current_user
