"""HTTP views of spaces."""

from app.spaces import bp  # noqa: F401
