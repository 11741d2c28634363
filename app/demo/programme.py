"""Demo programmes (``data/programme.json``): the PON Metro 2014-2020 with its actions 3.3.1
(ESF) and 4.2.1 (ERDF), the PN Metro plus e città medie Sud 2021-2027 (current, with its
allocation per fund and the actions the demo calls name, so their projects land in one), and
the 2014-2020 operations as imported monitoring records: projects with no call and no
application, spread over the demo metropolitan cities, whose totals per action are exactly
the published April 2022 figures (120 ESF operations, 57 M€ committed, 32 M€ spent; 72 ERDF
operations, 45 M€ committed, 18 M€ spent).

Amounts come from a seeded generator, then the last one is fixed so that every sum is exact
to the cent; the operations are bulk-inserted (two statements). Idempotent: a programme or
action that exists is kept; the operations are added only while the programme has none."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import sqlalchemy as sa

from app.demo.common import load
from app.extensions import db
from app.models import Area, City, CityKind, Programme, ProgrammeAction, Project, ProjectFund, ProjectState
from app.models.call import CohesionFund
from app.times import add_months

DATA = load("programme")
OPERATIONS = DATA["operations"]
#: The monitoring extract the figures come from: operations ended by then are closed.
EXTRACT = date(2022, 4, 30)
CENTS = Decimal("0.01")


def _programmes() -> int:
    """The programmes and their actions (added when missing); returns how many were added."""
    added = 0
    for spec in DATA["programmes"]:
        programme = db.session.scalar(sa.select(Programme).where(Programme.code == spec["code"]))
        if programme is None:
            fields = {k: spec[k] for k in ("code", "name", "period", "current", "allocation")}
            programme = Programme(**fields)
            db.session.add(programme)
            added += 1
        have = {a.code for a in programme.actions}
        for action in spec["actions"]:
            if action["code"] not in have:
                programme.actions.append(
                    ProgrammeAction(code=action["code"], name=action["name"], fund=CohesionFund(action["fund"]))
                )
    db.session.flush()
    return added


def split(rng: random.Random, count: int, total: int) -> list[int]:
    """``count`` positive amounts in cents adding up to ``total`` exactly: drawn with a
    spread like real operations (a few big ones, many small), the last one takes what the
    rounding left."""
    weights = [rng.lognormvariate(0, 0.55) for _ in range(count)]
    scale = total / sum(weights)
    parts = [int(w * scale) for w in weights[:-1]]
    return [*parts, total - sum(parts)]


def spend(rng: random.Random, grants: list[int], closed: list[bool], total: int) -> list[int]:
    """What each operation spent, in cents, adding up to ``total``: a closed operation
    spent its whole grant; the active ones share the rest in proportion to their grant and
    a drawn progress, never beyond their grant (the cents left go to the one with the most room)."""
    spent = [g if c else 0 for g, c in zip(grants, closed, strict=True)]
    rest = total - sum(spent)
    active = [n for n, c in enumerate(closed) if not c]
    if rest < 0 or rest > sum(grants[n] for n in active):
        raise ValueError("the closed operations do not fit the spent total")
    weights = {n: grants[n] * rng.uniform(0.15, 0.85) for n in active}
    scale = rest / sum(weights.values())
    for n in active:
        spent[n] = min(grants[n], int(weights[n] * scale))
    while (left := total - sum(spent)) > 0:
        roomiest = max(active, key=lambda n: grants[n] - spent[n])
        spent[roomiest] += min(left, grants[roomiest] - spent[roomiest])
    return spent


def _dates(rng: random.Random, closed: bool) -> tuple[date, date]:
    """Start and end: closed operations ended before the extract, active ones end in 2022."""
    if closed:
        starts = date(2017, 1, 1) + timedelta(days=rng.randrange(3 * 365))
        ends = min(add_months(starts, rng.randrange(14, 37)), EXTRACT - timedelta(days=rng.randrange(20, 400)))
        return starts, max(ends, starts + timedelta(days=180))
    ends = date(2022, 5, 31) + timedelta(days=rng.randrange(214))
    starts = date(2018, 3, 1) + timedelta(days=rng.randrange(3 * 365 + 90))
    return starts, ends


class _Titles:
    """Realistic, distinct titles per city from the action's templates."""

    def __init__(self, rng: random.Random):
        self.rng, self.seen = rng, set()

    def __call__(self, spec: dict, city: dict, suffix: str) -> tuple[str, str, str]:
        for attempt in range(1, 100):
            title, summary = self.rng.choice(spec["titles"])
            place, where = self.rng.choice(city["places"])
            text = title.format(at=where, street=self.rng.choice(city["streets"]))
            if attempt > 3:
                text = f"{text} – {suffix} {attempt - 2}"
            if text not in self.seen:
                self.seen.add(text)
                return text[:200], summary, place
        raise ValueError("not enough distinct titles")


def _rows(spec: dict, action: ProgrammeAction, cities: list[City], areas: dict, rng, serial) -> list[dict]:
    count = spec["count"]
    grants = split(rng, count, int(Decimal(spec["committed"]) / CENTS))
    closed = [n < round(count * spec["closed_share"]) for n in range(count)]
    rng.shuffle(closed)
    spent = spend(rng, grants, closed, int(Decimal(spec["spent"]) / CENTS))
    titles, places = _Titles(rng), OPERATIONS["cities"]
    rows = []
    for grant, is_closed, spent_cents in zip(grants, closed, spent, strict=True):
        city = rng.choice(cities)
        title, summary, place = titles(spec, places[city.slug], "lotto" if spec["nature"] == "B" else "edizione")
        starts, ends = _dates(rng, is_closed)
        others = spec["beneficiaries"]
        beneficiary = rng.choice(others) if others and rng.random() < 0.5 else f"Comune di {city.name}"
        money = Decimal(grant) * CENTS
        rows.append(
            {
                "city_id": city.id,
                "action_id": action.id,
                "area_id": areas.get((city.id, place)),
                "beneficiary": beneficiary,
                "title": title,
                "summary": summary,
                "cup": f"{places[city.slug]['cup']}{spec['nature']}{starts:%y}{next(serial):09d}",
                "grant": money,
                "spent": Decimal(spent_cents) * CENTS,
                "paid": Decimal(spent_cents) * CENTS,
                "starts_on": starts,
                "ends_on": ends,
                "state": ProjectState.CLOSED if is_closed else ProjectState.ACTIVE,
                "closed_at": datetime.combine(ends, time(12), tzinfo=UTC) if is_closed else None,
                "_fund": action.fund,
            }
        )
    return rows


def _operations() -> int:
    """The 2014-2020 operations, bulk-inserted with their grant per fund; none when the
    programme already has some or the demo has no metropolitan city."""
    programme = db.session.scalar(sa.select(Programme).where(Programme.code == OPERATIONS["programme"]))
    has = sa.select(Project.id).join(ProgrammeAction).where(ProgrammeAction.programme_id == programme.id).limit(1)
    cities = [
        c
        for c in db.session.scalars(sa.select(City).where(City.kind == CityKind.METROPOLITAN).order_by(City.id))
        if c.slug in OPERATIONS["cities"]
    ]
    if db.session.scalar(has) is not None or not cities:
        return 0
    areas = {(a.city_id, a.name): a.id for a in db.session.scalars(sa.select(Area))}
    actions = {a.code: a for a in programme.actions}
    rng, serial = random.Random(OPERATIONS["seed"]), iter(range(140, 10**9, 37))
    rows = [
        r for spec in OPERATIONS["actions"] for r in _rows(spec, actions[spec["action"]], cities, areas, rng, serial)
    ]
    funds = [row.pop("_fund") for row in rows]
    ids = db.session.scalars(sa.insert(Project).returning(Project.id, sort_by_parameter_order=True), rows).all()
    db.session.execute(
        sa.insert(ProjectFund),
        [{"project_id": i, "fund": f, "amount": r["grant"]} for i, f, r in zip(ids, funds, rows, strict=True)],
    )
    return len(rows)


def seed(progress) -> None:
    added = _programmes()
    progress(f"{added} programmes ({len(DATA['programmes'])} in the demo)")
    progress(f"{_operations()} operations of the 2014-2020 programme imported from the monitoring")
