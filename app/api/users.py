from __future__ import annotations

from flask_smorest import Blueprint

from app.api import RESOURCES
from app.api.schemas import UserSchema, answers
from app.auth import services
from app.auth.schemas import SignupSchema
from app.extensions import limiter
from app.permissions import public

blp = Blueprint("api_users", __name__, url_prefix="/users", description="Accounts")
RESOURCES.append(blp)


@blp.route("", methods=["POST"])
@answers(blp, UserSchema, 422, status=201, body=SignupSchema)
@limiter.limit("10/hour")
@public
def sign_up(data):
    """Sign up (privacy consent required)."""
    return services.register_user(data)
