"""Applications to funding calls (domande): drafts saved as one types, partners who accept,
budget lines with the simplified costs computed, the eligibility engine, submission with a
protocol number, admissibility and requests to complete (soccorso istruttorio)."""

from flask import Blueprint

bp = Blueprint("applications", __name__)

from app.applications import messages, routes, routes_submit  # noqa: E402, F401
