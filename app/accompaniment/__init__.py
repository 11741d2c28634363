from flask import Blueprint

bp = Blueprint("accompaniment", __name__)

from app.accompaniment import routes, routes_checklist  # noqa: E402, F401
