from flask import Blueprint

bp = Blueprint("accompaniment", __name__)

from app.accompaniment import (  # noqa: E402, F401  (demo registers the demo step, order 60)
    demo,
    routes,
    routes_checklist,
)
