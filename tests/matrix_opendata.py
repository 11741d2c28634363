"""Samples for the open-data routes in the permission matrix: every one of them is public
(``@public``), so no role needs stating; ``dataset`` names one that has every format."""

from tests.matrix import SAMPLES

SAMPLES["dataset"] = lambda w: "needs"
