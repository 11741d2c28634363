"""Funded projects (SPEC §3.11–12): made from awards, rolling decisions and signed art. 55
agreements; milestones, spend and indicator reports reviewed by staff, payment tranches
(one of them paid on results), and the good practices closed projects leave behind."""

from flask import Blueprint

bp = Blueprint("projects", __name__)

from app.projects import (  # noqa: E402, F401
    making,
    reminders,
    report_messages,
    routes,
    routes_practices,
    routes_reports,
    routes_tranches,
    services,
)
