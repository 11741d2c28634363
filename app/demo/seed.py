"""``flask demo seed``: the demo steps, in the order they run. Each step is idempotent and
builds on the ones before it (needs go into the areas, ideas answer the needs, partnerships
form around the ideas, tracks accompany the organisations and ideas; the programmes come before the calls, so
the projects that awards make land in an action)."""

from __future__ import annotations

from app.demo import (
    accompaniment,
    applications,
    areas,
    call_participation,
    foundation,
    ideas,
    needs,
    organisations,
    participation,
    populations,
    programme,
    projects,
    spaces,
    workshops,
)
from app.demo.calls import seed as seed_calls
from app.extensions import db

STEPS = [
    ("cities and accounts", foundation.seed),
    ("target areas", areas.seed),
    ("residents of the cities and areas", populations.seed),
    ("needs", needs.seed),
    ("ideas", ideas.seed),
    ("supports, comments, answers and reports", participation.seed),
    ("organisations, members and partner networks", organisations.seed),
    ("spaces and bookings", spaces.seed),
    ("co-design workshops", workshops.seed),
    ("programmes and the 2014-2020 operations", programme.seed),
    ("funding calls", seed_calls),
    ("co-design tables and answers to calls for ideas", call_participation.seed),
    ("applications, evaluations and rankings", applications.seed),
    ("awards and funded projects", projects.seed),
    ("project reports, reviews and tranches", projects.seed_project_reports),
    ("accompaniment tracks", accompaniment.seed),
    ("good practices", projects.seed_good_practices),
]


def run(announce, progress) -> None:
    """Run every step in order, committing after each: ``announce(index, total, label)``
    before a step, ``progress(message)`` for what it did."""
    for index, (label, step) in enumerate(STEPS, 1):
        announce(index, len(STEPS), label)
        step(progress)
        db.session.commit()
