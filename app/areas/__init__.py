from flask import Blueprint

bp = Blueprint("areas", __name__)

from app.areas import routes  # noqa: E402, F401
