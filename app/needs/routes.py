"""HTTP views of needs."""

from app.needs import bp  # noqa: F401
