from flask import Blueprint

bp = Blueprint("organisations", __name__)

from app.organisations import routes  # noqa: E402, F401
