"""Funded projects (SPEC §3.11–12): made from awards, rolling decisions and signed art. 55
agreements; milestones, spend and indicator reports reviewed by staff, payment tranches
(one of them paid on results), and the good practices closed projects leave behind."""

from flask import Blueprint

bp = Blueprint("projects", __name__)

import app.projects.routes_practices  # noqa: E402, F401
from app.projects import making  # noqa: E402, F401
