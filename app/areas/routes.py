"""HTTP views of areas."""

from app.areas import bp  # noqa: F401
