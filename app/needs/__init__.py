from flask import Blueprint

bp = Blueprint("needs", __name__)

from app.needs import routes, search  # noqa: E402, F401
