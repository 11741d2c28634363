from flask import Blueprint

bp = Blueprint("workshops", __name__)

from app.workshops import events, routes  # noqa: E402, F401
