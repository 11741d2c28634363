"""Synthetic volume for benchmarks, behind ``flask demo scale``: each option of the command
names one generator ``fn(count, progress)``.

The texts come from the demo (:mod:`app.demo`), so a search on synthetic needs finds what it
finds on the demo ones.
"""

from __future__ import annotations

from bench.scale.needs import scale_needs
from bench.scale.organisations import scale_organisations, scale_partnerships

#: ``flask demo scale --<option> N`` → the generator that adds N rows.
SCALERS = {"needs": scale_needs, "organizations": scale_organisations, "partnerships": scale_partnerships}
