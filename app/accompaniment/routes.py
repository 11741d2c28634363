"""HTTP views of accompaniment."""

from app.accompaniment import bp  # noqa: F401
