from flask import Blueprint

bp = Blueprint("needs", __name__)

from app.needs import routes  # noqa: E402, F401
