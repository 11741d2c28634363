"""HTTP views of participation."""

from app.participation import bp  # noqa: F401
