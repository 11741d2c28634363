"""Funding calls (avvisi pubblici): the call builder's services, the lifecycle of the four
kinds of call, consultation with versions, and the public call pages."""

from flask import Blueprint

bp = Blueprint("calls", __name__)

from app import realtime  # noqa: E402
from app.calls import (  # noqa: E402, F401
    agreements,
    lineage,
    messages,
    routes,
    routes_agreements,
    routes_annexes,
    routes_codesign,
    routes_documents,
    routes_list,
    routes_manage,
    timeline,
)
from app.calls.queries import call_topic_exists  # noqa: E402

realtime.register_topic("call", call_topic_exists)
