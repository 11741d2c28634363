"""HTTP views of ideas."""

from app.ideas import bp  # noqa: F401
