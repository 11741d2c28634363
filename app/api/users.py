from __future__ import annotations

from flask_smorest import Blueprint

from app.api import RESOURCES
from app.api.schemas import ErrorSchema, SignupSchema, UserSchema
from app.auth import services
from app.errors import InvalidInput
from app.extensions import limiter
from app.permissions import public
from app.web import city_by_slug

blp = Blueprint("api_users", __name__, url_prefix="/users", description="Accounts")
RESOURCES.append(blp)


@blp.route("", methods=["POST"])
@blp.arguments(SignupSchema)
@blp.response(201, UserSchema)
@blp.alt_response(422, schema=ErrorSchema)
@limiter.limit("10/hour")
@public
def sign_up(data):
    """Sign up (privacy consent required)."""
    city = city_by_slug(data.get("city"))
    if data.get("city") and city is None:
        raise InvalidInput({"city": ["Unknown city."]})
    return services.register_user(
        email=data["email"],
        password=data["password"],
        name=data["name"],
        city=city,
        accept_privacy=data["accept_privacy"],
    )
