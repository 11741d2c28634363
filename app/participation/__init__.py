from flask import Blueprint

bp = Blueprint("participation", __name__)

from app.participation import routes  # noqa: E402, F401
