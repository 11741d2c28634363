"""Evaluation of applications: evaluators assigned (balanced), conflict-of-interest
declarations, scores per criterion with comments, consensus by staff."""

from flask import Blueprint

bp = Blueprint("evaluations", __name__)

from app.evaluations import messages, routes, routes_board  # noqa: E402, F401
