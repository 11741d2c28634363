"""Evaluation of applications: evaluators assigned (balanced), conflict-of-interest
declarations, scores per criterion with comments, consensus by staff."""

from flask import Blueprint

bp = Blueprint("evaluations", __name__)
