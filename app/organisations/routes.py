"""HTTP views of organisations."""

from app.organisations import bp  # noqa: F401
