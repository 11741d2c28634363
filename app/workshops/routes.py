"""HTTP views of workshops."""

from app.workshops import bp  # noqa: F401
