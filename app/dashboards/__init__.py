"""Programme dashboards (SPEC §3.12): per programme, city, fund and action, operations,
committed and spent euros, results against targets, over time and per target area; cities
side by side with participation per 1 000 residents; live on the ``programme`` topics."""

from flask import Blueprint

bp = Blueprint("dashboards", __name__)

from app.dashboards import live, routes  # noqa: E402, F401
