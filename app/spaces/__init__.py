from flask import Blueprint

bp = Blueprint("spaces", __name__)

from app.spaces import demo, routes  # noqa: E402, F401  (demo registers the demo step, order 45)
