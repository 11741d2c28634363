from __future__ import annotations

from flask_babel import gettext as _
from flask_smorest import Blueprint

from app.api import RESOURCES
from app.api.schemas import TokenSchema, answers
from app.auth import services
from app.auth.schemas import TokenRequestSchema
from app.errors import InvalidInput, Unauthenticated
from app.permissions import public

blp = Blueprint("api_auth", __name__, url_prefix="/auth", description="Personal API tokens")
RESOURCES.append(blp)


@blp.route("/token", methods=["POST"])
@blp.arguments(TokenRequestSchema)
@answers(blp, TokenSchema, 401, 429, status=201)
@public
def create_token(data):
    """Exchange email and password for a personal token (rate-limited like sign-in)."""
    try:
        user = services.authenticate(data["email"], data["password"])
    except InvalidInput:
        raise Unauthenticated(_("Wrong email or password.")) from None
    token, secret = services.create_token(user, data["name"])
    return {"token": secret, "prefix": token.prefix, "name": token.name}
