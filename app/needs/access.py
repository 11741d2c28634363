"""How precisely a need's point is published: the exact point is for the staff of the
need's city (``Need.sees_exact_point``); everyone else sees it snapped to the 0.001° grid
(about 100 m). Who sees a need at all is ``Need.can_view``."""

from __future__ import annotations

GRID = 1000  # points are snapped to 1/GRID degree: 0.001° ≈ 111 m north-south, ≈ 85 m east-west here


def coarsen(value: float | None) -> float | None:
    """Snap a latitude or longitude to the public 0.001° grid."""
    if value is None:
        return None
    return round(round(value * GRID) / GRID, 3)
