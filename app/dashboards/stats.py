"""The programme's figures (SPEC §3.12): operations, committed €, spent € and % spent per
programme, fund, action and city; over time; per target area; indicator results against
targets. One SQL aggregate per figure, over the projects the filters select
(:func:`selected`); the few grouped rows are then arranged in Python. The pages and
``GET /api/v1/stats/programme`` read the same functions, so they show the same numbers.

A project counts once, under its programme action's fund (a project made on the platform
from a call without an action, or imported without one, counts under the fund of its largest
grant, outside any programme). Committed is the sum of the grants; spent the sum of
``Project.spent`` (approved expenditure, kept in step by the reports' review)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import sqlalchemy as sa

from app.extensions import db
from app.models import (
    Area,
    City,
    CohesionFund,
    Programme,
    ProgrammeAction,
    Project,
    ProjectFund,
    ProjectIndicator,
    ProjectReport,
    ReportKind,
    ReportStatus,
)

ZERO = Decimal("0")
CENT = Decimal("0.01")
TENTH = Decimal("0.1")


@dataclass(frozen=True)
class Filters:
    """What a dashboard or the API asks for; None: all of them."""

    programme: str | None = None  # a programme's code
    city: City | None = None
    fund: CohesionFund | None = None
    action: str | None = None  # an action's code


def fund_of_project():
    """The fund a project counts under: its action's, else its largest grant's."""
    largest = (
        sa.select(ProjectFund.fund)
        .where(ProjectFund.project_id == Project.id)
        .order_by(ProjectFund.amount.desc(), ProjectFund.id)
        .limit(1)
        .correlate(Project)
        .scalar_subquery()
    )
    return sa.func.coalesce(ProgrammeAction.fund, largest, type_=ProgrammeAction.fund.type)


def selected(filters: Filters):
    """One row per project the filters select, with what the figures group by."""
    query = (
        sa.select(
            Project.id.label("project_id"),
            ProgrammeAction.programme_id.label("programme_id"),
            Project.action_id.label("action_id"),
            fund_of_project().label("fund"),
            Project.city_id.label("city_id"),
            Project.area_id.label("area_id"),
            Project.grant.label("grant"),
            Project.spent.label("spent"),
            Project.created_at.label("created_at"),
        )
        .select_from(Project)
        .outerjoin(ProgrammeAction, Project.action_id == ProgrammeAction.id)
        .outerjoin(Programme, ProgrammeAction.programme_id == Programme.id)
    )
    if filters.programme:
        query = query.where(Programme.code == filters.programme)
    if filters.action:
        query = query.where(ProgrammeAction.code == filters.action)
    if filters.city is not None:
        query = query.where(Project.city_id == filters.city.id)
    if filters.fund is not None:
        query = query.where(fund_of_project() == filters.fund)
    return query.subquery("selected")


def money(value) -> Decimal:
    return Decimal(value or 0).quantize(CENT, ROUND_HALF_UP)


def share(part, whole) -> Decimal | None:
    """``part`` as a percentage of ``whole``, to one decimal (half up, as people round);
    None when ``whole`` is nothing."""
    return (Decimal(part) * 100 / Decimal(whole)).quantize(TENTH, ROUND_HALF_UP) if whole else None


def figures(operations=0, committed=ZERO, spent=ZERO) -> dict:
    committed, spent = money(committed), money(spent)
    return {"operations": operations, "committed": committed, "spent": spent, "spent_pct": share(spent, committed)}


def _add(total: dict, row: dict) -> dict:
    return figures(
        total["operations"] + row["operations"], total["committed"] + row["committed"], total["spent"] + row["spent"]
    )


def _summed(cells: list[dict], key) -> list[tuple[object, dict]]:
    """The cells summed per ``key(cell)``, in the order keys first appear."""
    out: dict = {}
    for cell in cells:
        k = key(cell)
        out[k] = _add(out.get(k, figures()), cell)
    return list(out.items())


def _cube(filters: Filters) -> list[dict]:
    """Operations, committed and spent per (programme, action, fund, city): one aggregate."""
    s = selected(filters)
    rows = db.session.execute(
        sa.select(
            s.c.programme_id,
            s.c.action_id,
            s.c.fund,
            s.c.city_id,
            sa.func.count(s.c.project_id),
            sa.func.sum(s.c.grant),
            sa.func.sum(s.c.spent),
        ).group_by(s.c.programme_id, s.c.action_id, s.c.fund, s.c.city_id)
    )
    return [
        {"programme_id": p, "action_id": a, "fund": f, "city_id": c, **figures(n, committed, spent)}
        for p, a, f, c, n, committed, spent in rows
    ]


def _programmes(filters: Filters) -> list[Programme]:
    query = sa.select(Programme).order_by(Programme.current.desc(), Programme.period.desc(), Programme.code)
    if filters.programme:
        query = query.where(Programme.code == filters.programme)
    return list(db.session.scalars(query))


def _allocation(programme: Programme | None, fund: CohesionFund | None) -> list[dict]:
    if programme is None:
        return []
    return [
        {"fund": CohesionFund(code), "amount": money(amount)}
        for code, amount in sorted((programme.allocation or {}).items())
        if fund is None or code == fund.value
    ]


def programme_figures(filters: Filters) -> list[dict]:
    """Per programme (the current one first): its allocation per fund, its totals, and the
    same figures per fund, per action and per city (every action of the programme and every
    city, side by side, with zeros where nothing is funded yet). Projects outside any programme action
    close the list, when there are any."""
    cube = _cube(filters)
    actions = {a.id: a for a in db.session.scalars(sa.select(ProgrammeAction))}
    cities = {c.id: c for c in db.session.scalars(sa.select(City))}
    entries = [(p, [c for c in cube if c["programme_id"] == p.id]) for p in _programmes(filters)]
    outside = [c for c in cube if c["programme_id"] is None]
    if outside:
        entries.append((None, outside))
    out = []
    for programme, cells in entries:
        allocation = _allocation(programme, filters.fund)
        programme_actions = [a for a in actions.values() if programme and a.programme_id == programme.id]
        by_action = dict(_summed(cells, lambda c: c["action_id"]))
        by_city = dict(_summed(cells, lambda c: c["city_id"]))
        out.append(
            {
                "programme": programme,
                "allocation": allocation,
                "allocation_total": sum((a["amount"] for a in allocation), ZERO) if allocation else None,
                "totals": _summed(cells, lambda c: True)[0][1] if cells else figures(),
                "funds": [{"fund": f, **v} for f, v in sorted(_summed(cells, lambda c: c["fund"]), key=_by_fund)],
                "actions": [
                    {"action": a, **by_action.get(a.id, figures())}
                    for a in sorted(programme_actions, key=lambda a: a.code)
                    if _wanted(a, filters)
                ],
                "cities": [
                    {"city": city, **by_city.get(city.id, figures())}
                    for city in sorted(cities.values(), key=lambda c: c.name)
                    if filters.city is None or city.id == filters.city.id
                ],
            }
        )
    return out


def _by_fund(item) -> str:
    return item[0].value if item[0] else ""


def _wanted(action: ProgrammeAction, filters: Filters) -> bool:
    return (filters.action is None or action.code == filters.action) and (
        filters.fund is None or action.fund is filters.fund
    )


def _year_month(column):
    return sa.extract("year", column), sa.extract("month", column)


def _period(year, month, by: str) -> str:
    return f"{int(year)}" if by == "year" else f"{int(year)}-Q{(int(month) - 1) // 3 + 1}"


def over_time(filters: Filters, by: str = "year") -> list[dict]:
    """Per year (or quarter): operations started and committed by award date (when the
    project was made), and expenditure approved then (the reviews' date). Two aggregates."""
    s = selected(filters)
    year, month = _year_month(s.c.created_at)
    made = db.session.execute(
        sa.select(year, month, sa.func.count(s.c.project_id), sa.func.sum(s.c.grant)).group_by(year, month)
    )
    ryear, rmonth = _year_month(ProjectReport.reviewed_at)
    approved = db.session.execute(
        sa.select(ryear, rmonth, sa.func.sum(ProjectReport.amount))
        .join(s, s.c.project_id == ProjectReport.project_id)
        .where(
            ProjectReport.kind == ReportKind.EXPENDITURE,
            ProjectReport.status == ReportStatus.APPROVED,
            ProjectReport.reviewed_at.is_not(None),  # spend approved with no date (imported) has no period
        )
        .group_by(ryear, rmonth)
    )
    periods: dict[str, dict] = {}
    for y, m, n, committed in made:
        row = periods.setdefault(_period(y, m, by), figures())
        periods[_period(y, m, by)] = figures(row["operations"] + n, row["committed"] + money(committed), row["spent"])
    for y, m, spent in approved:
        row = periods.setdefault(_period(y, m, by), figures())
        periods[_period(y, m, by)] = figures(row["operations"], row["committed"], row["spent"] + money(spent))
    return [{"period": p, **periods[p]} for p in sorted(periods)]


def by_area(filters: Filters) -> list[dict]:
    """Operations, committed and spent per target area (``area`` None: no area)."""
    s = selected(filters)
    rows = db.session.execute(
        sa.select(s.c.area_id, sa.func.count(s.c.project_id), sa.func.sum(s.c.grant), sa.func.sum(s.c.spent)).group_by(
            s.c.area_id
        )
    ).all()
    areas = {a.id: a for a in db.session.scalars(sa.select(Area).where(Area.id.in_([r[0] for r in rows if r[0]])))}
    out = [{"area": areas.get(a), **figures(n, c, sp)} for a, n, c, sp in rows]
    return sorted(out, key=lambda r: (r["area"] is None, r["area"].name if r["area"] else ""))


def indicator_results(filters: Filters) -> list[dict]:
    """Per indicator code: the projects measured on it, how many reported, the sum of their
    latest approved values against the sum of their targets (and of their baselines)."""
    s = selected(filters)
    ranked = (
        sa.select(
            ProjectReport.indicator_id,
            ProjectReport.value,
            sa.func.row_number()
            .over(
                partition_by=ProjectReport.indicator_id,
                order_by=(ProjectReport.measured_on.desc(), ProjectReport.id.desc()),
            )
            .label("n"),
        )
        .where(ProjectReport.kind == ReportKind.INDICATOR, ProjectReport.status == ReportStatus.APPROVED)
        .subquery("ranked")
    )
    latest = sa.select(ranked.c.indicator_id, ranked.c.value).where(ranked.c.n == 1).subquery("latest")
    rows = db.session.execute(
        sa.select(
            ProjectIndicator.code,
            sa.func.min(ProjectIndicator.name),
            sa.func.min(ProjectIndicator.unit),
            sa.func.count(ProjectIndicator.id),
            sa.func.count(latest.c.value),
            sa.func.sum(ProjectIndicator.baseline),
            sa.func.sum(ProjectIndicator.target),
            sa.func.sum(latest.c.value),
        )
        .join(s, s.c.project_id == ProjectIndicator.project_id)
        .outerjoin(latest, latest.c.indicator_id == ProjectIndicator.id)
        .group_by(ProjectIndicator.code)
        .order_by(ProjectIndicator.code)
    )
    return [
        {
            "code": code,
            "name": name,
            "unit": unit,
            "projects": projects,
            "reported": reported,
            "baseline": money(baseline),
            "target": money(target),
            "value": money(value),
            "target_pct": share(money(value), money(target)),
        }
        for code, name, unit, projects, reported, baseline, target, value in rows
    ]


def current_totals(city: City | None = None) -> dict | None:
    """Committed and spent in the current programme (of ``city``): the live counters; None
    when no programme is current."""
    programme = db.session.scalar(sa.select(Programme.code).where(Programme.current.is_(True)))
    if programme is None:
        return None
    s = selected(Filters(programme=programme, city=city))
    n, committed, spent = db.session.execute(
        sa.select(sa.func.count(s.c.project_id), sa.func.sum(s.c.grant), sa.func.sum(s.c.spent))
    ).one()
    return figures(n, committed, spent)
