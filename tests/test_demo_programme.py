"""The demo's funding half: the two programmes, the 2014-2020 operations reproducing the
published April 2022 figures to the cent, the projects of the current programme in every
status, and the demo resident's need followed to a funded project; seeding twice adds nothing."""

import re
import time
from datetime import date
from decimal import Decimal

import sqlalchemy as sa

from app.demo import areas, foundation, programme
from app.demo import projects as demo_projects
from app.extensions import db
from app.models import (
    Call,
    City,
    CityKind,
    GoodPractice,
    Idea,
    IdeaStage,
    Need,
    PracticeStatus,
    Programme,
    ProgrammeAction,
    Project,
    ProjectFund,
    ProjectReport,
    ProjectState,
    ProjectStatus,
    ReportStatus,
    TrancheKind,
    TrancheStatus,
    User,
)
from app.models.call import call_idea
from app.models.project import CUP_PATTERN
from tests.tables import table

CENT = Decimal("0.01")
#: The published figures (PON Metro 2014-2020, April 2022): operations, committed, spent.
PUBLISHED = {
    ("2014IT16M2OP004", "FSE+", "3.3.1"): (120, Decimal("57000000.00"), Decimal("32000000.00")),
    ("2014IT16M2OP004", "FESR", "4.2.1"): (72, Decimal("45000000.00"), Decimal("18000000.00")),
}


def _money(value) -> Decimal:
    """A SQL sum as euros to the cent (SQLite sums decimals as floats)."""
    return Decimal(str(value)).quantize(CENT)


def _totals() -> dict:
    """Operations, committed and spent per programme, fund and action: SQL sums on Project."""
    query = (
        sa.select(
            Programme.code,
            ProgrammeAction.fund,
            ProgrammeAction.code,
            sa.func.count(Project.id),
            sa.func.sum(Project.grant),
            sa.func.sum(Project.spent),
        )
        .join(ProgrammeAction, Project.action_id == ProgrammeAction.id)
        .join(Programme, ProgrammeAction.programme_id == Programme.id)
        .where(Project.call_id.is_(None))
        .group_by(Programme.code, ProgrammeAction.fund, ProgrammeAction.code)
    )
    return {(p, f.value, a): (n, _money(g), _money(s)) for p, f, a, n, g, s in db.session.execute(query)}


def _quiet(message):
    pass


def test_the_programmes_and_the_2014_2020_operations_reproduce_the_published_figures():
    foundation.seed(_quiet)
    areas.seed(_quiet)
    db.session.commit()
    started = time.monotonic()
    programme.seed(_quiet)
    db.session.commit()
    assert time.monotonic() - started < 2.0  # bulk-inserted: seeding stays fast

    assert _totals() == PUBLISHED
    # Exact to the cent in Python too, and the grant per fund (ProjectFund) agrees.
    imported = list(db.session.scalars(sa.select(Project).where(Project.call_id.is_(None))))
    by_action = {}
    for project in imported:
        grant, spent = by_action.get(project.action.code, (Decimal(0), Decimal(0)))
        by_action[project.action.code] = (grant + project.grant, spent + project.spent)
    assert by_action == {
        "3.3.1": (Decimal("57000000.00"), Decimal("32000000.00")),
        "4.2.1": (Decimal("45000000.00"), Decimal("18000000.00")),
    }
    per_fund = sa.select(ProjectFund.fund, sa.func.sum(ProjectFund.amount)).group_by(ProjectFund.fund)
    funds = dict(db.session.execute(per_fund).tuples().all())
    assert {f.value: _money(v) for f, v in funds.items()} == {
        "FSE+": Decimal("57000000.00"),
        "FESR": Decimal("45000000.00"),
    }

    old, new = (
        db.session.scalar(sa.select(Programme).where(Programme.code == c))
        for c in ("2014IT16M2OP004", "2021IT16FFPR003")
    )
    assert not old.current and new.current
    assert new.allocation == {"FSE+": "246600000.00", "FESR": "87800000.00"}
    assert sum(Decimal(v) for v in new.allocation.values()) == Decimal("334400000.00")  # «334 M€»
    assert {(a.code, a.fund.value) for a in new.actions} == {("3.3.1", "FSE+"), ("4.2.1", "FESR")}
    assert old.actions[0].name == "Sostegno all'attivazione di nuovi servizi in aree degradate"

    # Monitoring records: no call, no application, a beneficiary's name, a CUP, dates 2017-2022.
    metropolitan = set(db.session.scalars(sa.select(City.id).where(City.kind == CityKind.METROPOLITAN)))
    assert {p.city_id for p in imported} == metropolitan  # all four, never Foggia (not in PON Metro)
    assert len({p.cup for p in imported}) == 192
    for project in imported:
        assert project.application_id is None and project.organisation_id is None and project.beneficiary
        assert re.match(CUP_PATTERN, project.cup) and project.title
        assert date(2017, 1, 1) <= project.starts_on < project.ends_on <= date(2022, 12, 31)
        assert Decimal(0) < project.spent <= project.grant
        if project.state is ProjectState.CLOSED:
            assert project.spent == project.grant and project.ends_on < date(2022, 4, 30)
    assert {p.state for p in imported} == {ProjectState.CLOSED, ProjectState.ACTIVE}
    assert any(p.area_id for p in imported)  # some in today's target areas

    programme.seed(_quiet)  # again: nothing doubled
    db.session.commit()
    assert _totals() == PUBLISHED
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Programme)) == 2


def test_split_and_spend_are_exact_to_the_cent():
    import random

    rng = random.Random(7)
    grants = programme.split(rng, 5, 1_000_001)
    assert sum(grants) == 1_000_001 and min(grants) > 0
    closed = [True, False, False, True, False]
    spent = programme.spend(rng, grants, closed, sum(g for g, c in zip(grants, closed) if c) + 12_345)
    assert sum(spent) == sum(g for g, c in zip(grants, closed) if c) + 12_345
    assert all(s <= g for s, g in zip(spent, grants))
    assert [s == g for s, g, c in zip(spent, grants, closed) if c] == [True, True]


def _resident_chain(bari: City) -> Project:
    resident = db.session.scalar(sa.select(User).where(User.email == "resident@demo.cantiere.local"))
    need = db.session.scalar(
        sa.select(Need).where(Need.author_id == resident.id, Need.title.startswith("Educatori di strada"))
    )
    assert need is not None and need.city_id == bari.id
    idea = db.session.scalar(sa.select(Idea).where(Idea.title == "Educatori in piazza il pomeriggio a San Paolo"))
    assert need in idea.needs and idea.stage is IdeaStage.FUNDED
    call_ids = set(db.session.scalars(sa.select(call_idea.c.call_id).where(call_idea.c.idea_id == idea.id)))
    call = db.session.get(Call, call_ids.pop())
    assert call.title.startswith("Avviso «Comunità educanti»") and call.results_share_pct == Decimal("20")
    project = demo_projects.resident_project(bari)
    assert project.call_id == call.id
    assert idea in project.application.ideas and need in project.application.needs
    return project


def check_the_funded_projects_and_the_residents_chain(runner, client):
    """After ``flask demo seed`` (``tests/test_demo.py`` seeds once for all the demo's checks):
    the projects in every status, the resident's chain, the reports, tranches and practices,
    the dashboards' published figures; then a second seed changes none of it."""
    check_the_demo_dashboards(client)
    assert _totals() == PUBLISHED  # the current programme's projects come from calls
    current = list(db.session.scalars(sa.select(Project).where(Project.call_id.is_not(None)).order_by(Project.id)))
    # Per city with staff: three of the rolling call, one of the art. 55 agreement, four of the award.
    assert len(current) == 16
    assert all(p.action.programme.current and p.action.code == "3.3.1" for p in current)
    assert all(re.match(CUP_PATTERN, p.cup) for p in current)
    statuses = {}
    for project in current:
        statuses.setdefault(project.status, []).append(project)
    assert set(statuses) == set(ProjectStatus)
    assert all(p.state_reason for p in statuses[ProjectStatus.SUSPENDED] + statuses[ProjectStatus.CLOSED])
    assert all(p.late_milestones() for p in statuses[ProjectStatus.LATE])
    assert all(p.closed_at and p.ends_on < date.today() for p in statuses[ProjectStatus.CLOSED])

    bari = db.session.scalar(sa.select(City).where(City.slug == "bari"))
    mine = _resident_chain(bari)
    assert mine.status is ProjectStatus.CLOSED and mine.grant == Decimal("90000.00")
    assert [t.kind.value for t in mine.tranches] == ["advance", "intermediate", "balance", "results"]

    again = runner.invoke(args=["demo", "seed"])
    assert again.exit_code == 0, again.output
    assert [
        (p.id, p.cup, p.status)
        for p in db.session.scalars(sa.select(Project).where(Project.call_id.is_not(None)).order_by(Project.id))
    ] == [(p.id, p.cup, p.status) for p in current]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Project)) == 192 + 16

    # Reports filed by the organisations and reviewed by staff, tranches paid, good practices.
    counts = dict(
        db.session.execute(sa.select(ProjectReport.status, sa.func.count()).group_by(ProjectReport.status)).all()
    )
    assert counts[ReportStatus.APPROVED] == 2 * 10 and counts[ReportStatus.SENT_BACK] == 2 * 3
    assert all(
        r.review_reason
        for r in db.session.scalars(sa.select(ProjectReport).where(ProjectReport.status == ReportStatus.SENT_BACK))
    )
    mine = db.session.get(Project, mine.id)
    results = next(t for t in mine.tranches if t.kind is TrancheKind.RESULTS)
    share = results.share_pct / 100 * mine.grant
    assert results.status is TrancheStatus.PAID and Decimal("0") < results.amount < share  # paid in part
    assert results.computation and mine.state is ProjectState.CLOSED
    practices = list(db.session.scalars(sa.select(GoodPractice).order_by(GoodPractice.id)))
    assert [p.status for p in practices] == [PracticeStatus.PUBLISHED, PracticeStatus.PROPOSED]


DASHBOARD_FIGURES = {
    "3.3.1": (120, "57000000.00", "32000000.00"),
    "4.2.1": (72, "45000000.00", "18000000.00"),
}


def _by_period(body, period):
    return next(p for p in body["programmes"] if p["period"] == period)


def check_the_demo_dashboards(client):
    """The demo dashboards show the published PON Metro figures exactly, and the API the
    same numbers: 2014-2020 ESF 3.3.1 120 operations, 57 M€ committed, 32 M€ spent; ERDF 4.2.1
    72, 45 M€, 18 M€ (April 2022); 2021-2027 allocation 246.6 M€ FSE+ + 87.8 M€ FESR (published
    as 334 M€; they add up to 334.4 M€)."""
    body = client.get("/api/v1/stats/programme").get_json()
    old = _by_period(body, "2014-2020")
    got = {a["code"]: (a["operations"], a["committed"], a["spent"]) for a in old["actions"]}
    assert {code: got[code] for code in DASHBOARD_FIGURES} == DASHBOARD_FIGURES
    new = _by_period(body, "2021-2027")
    assert {a["fund"]: a["amount"] for a in new["allocation"]} == {"FSE+": "246600000.00", "FESR": "87800000.00"}
    assert new["allocation_total"] == "334400000.00"
    one = client.get(f"/api/v1/stats/programme?programme={old['code']}&action=3.3.1").get_json()
    assert one["programmes"][0]["totals"]["operations"] == 120

    # The overview page shows the same figures.
    page = client.get("/dashboards").text
    n = [p["period"] for p in body["programmes"]].index("2014-2020") + 1
    _caption, rows = table(page, f"actions-{n}")
    shown = {r[0].split(" ")[0]: r[1:4] for r in rows[1:]}
    assert shown["3.3.1"] == ["120", "57.000.000,00 €", "32.000.000,00 €"]
    assert shown["4.2.1"] == ["72", "45.000.000,00 €", "18.000.000,00 €"]
    assert "334,4 M€" in page and "246,6 M€ FSE+" in page and "87,8 M€ FESR" in page
