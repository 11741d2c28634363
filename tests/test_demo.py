"""``flask demo seed`` creates the demo cities, accounts and content of every feature, in
Italian, and is idempotent; the product never loads the demo code."""

import html
import subprocess
import sys
from pathlib import Path

import sqlalchemy as sa

from app.models import (
    AccompanimentTrack,
    Agreement,
    AgreementPartner,
    Application,
    Area,
    Booking,
    Call,
    CallAnswer,
    CallComment,
    CallInterest,
    CallVersion,
    City,
    Comment,
    Consensus,
    Evaluation,
    Idea,
    Need,
    Organisation,
    Partnership,
    RankingEdition,
    Space,
    Support,
    User,
    Workshop,
)
from tests.test_demo_programme import check_the_funded_projects_and_the_residents_chain

ROOT = Path(__file__).resolve().parent.parent

#: What the demo holds once seeded (``flask demo seed`` on an empty database).
FIGURES = {
    City: 5,
    User: 86,  # with the second and third demo evaluators
    Area: 14,
    Need: 320,
    Idea: 109,  # 100 answering needs, 6 from the workshops held, 2 answering the calls for ideas, the resident's chain
    Support: 2361,
    Comment: 1113,
    Organisation: 258,
    Partnership: 100,
    Space: 14,
    Booking: 62,
    Workshop: 16,  # 12, and two co-design tables of each art. 55 call (one held)
    AccompanimentTrack: 30,
    Call: 16,  # eight per city with staff (Bari, Foggia)
    CallComment: 10,  # five on each call in consultation
    CallVersion: 18,  # one per published call, two for those in consultation
    CallInterest: 6,  # three on each art. 55 call: two admitted, one refused
    CallAnswer: 4,  # two on each call for ideas
    Application: 26,  # per city: a draft, seven to the call in evaluation, five to the rolling call
    Evaluation: 32,  # two per admissible application of a call in evaluation, one per rolling one admitted
    Consensus: 2,  # one disagreement settled in each call in evaluation
    RankingEdition: 2,  # the ranking published of each call in evaluation
    Agreement: 2,  # the signed convenzione of each art. 55 call
    AgreementPartner: 4,  # its two admitted organisations
}

#: The applications by status once seeded: in Bari and Foggia alike.
STATUSES = {
    "draft": 2,
    "admissible": 2,  # waiting in the rolling call's queue for its evaluator
    "withdrawn": 2,
    "inadmissible": 2,
    "funded": 12,  # three in each ranking, three in each rolling call
    "partly_funded": 2,
    "reserve": 2,
    "not_funded": 2,
}


def _figures(db) -> dict:
    return {model: db.session.scalar(sa.select(sa.func.count()).select_from(model)) for model in FIGURES}


def test_demo_seed_creates_the_demo_once(runner, client, db):
    result = runner.invoke(args=["demo", "seed"])
    assert result.exit_code == 0, result.output
    steps = [line.split("] ", 1)[1] for line in result.output.splitlines() if line.startswith("[")]
    assert steps == [
        "cities and accounts",
        "target areas",
        "residents of the cities and areas",
        "needs",
        "ideas",
        "supports, comments, answers and reports",
        "organisations, members and partner networks",
        "spaces and bookings",
        "co-design workshops",
        "programmes and the 2014-2020 operations",
        "funding calls",
        "co-design tables and answers to calls for ideas",
        "applications, evaluations and rankings",
        "awards and funded projects",
        "project reports, reviews and tranches",
        "accompaniment tracks",
        "good practices",
    ]
    assert "password 'cantiere-demo'" in result.output
    assert _figures(db) == FIGURES
    statuses = db.session.execute(sa.select(Application.status, sa.func.count()).group_by(Application.status))
    assert {status.value: count for status, count in statuses} == STATUSES
    # The funding half: projects, reports, tranches, practices, the dashboards' published
    # figures, the resident's chain; then the demo is seeded again (nothing doubles).
    check_the_funded_projects_and_the_residents_chain(runner, client)
    # Nothing doubled; only the six ideas that the workshops produced, the two that answer
    # the calls for ideas and the resident's chain (steps after the organisations) now get
    # their partnerships too.
    assert _figures(db) == {**FIGURES, Partnership: 109}

    kinds = {c.kind.value for c in db.session.scalars(sa.select(City))}
    assert kinds == {"metropolitan", "medium"}
    emails = set(db.session.scalars(sa.select(User.email)))
    for role in ("admin", "authority", "staff", "evaluator", "facilitator", "org", "resident"):
        assert f"{role}@demo.cantiere.local" in emails
    for account in ("abitante1", "referente1.bari", "giovanni.ricci", "facilitatore.torino"):  # several steps' people
        person = db.session.scalar(sa.select(User).where(User.email == f"{account}@demo.cantiere.local"))
        assert person.check_password("cantiere-demo"), account
    response = client.post("/login", data={"email": "staff@demo.cantiere.local", "password": "cantiere-demo"})
    assert response.status_code == 302
    # The ranking of Bari's call in evaluation, and the rolling call's budget used in part.
    ranked = db.session.scalar(
        sa.select(Call).where(Call.title.startswith("Avviso «Comunità educanti»")).order_by(Call.id)
    )
    page = client.get(f"/calls/{ranked.id}/ranking").text
    assert "Finanziata in parte" in page and "Idonea non finanziata" in page
    rolling = db.session.scalar(sa.select(Call).where(Call.title.startswith("Sportello «Botteghe")).order_by(Call.id))
    assert rolling.budget_left == 400000 - 36000 - 30000 - 26000
    assert "308.000,00" in client.get(f"/calls/{rolling.id}").text
    client.post("/logout")
    client.post("/login", data={"email": "org@demo.cantiere.local", "password": "cantiere-demo"})
    assert "Rete dei doposcuola di" in client.get("/applications").text  # its draft, under «Le mie domande»

    # In Italian, as people read them: the newest need of Bari is on its list.
    bari = db.session.scalar(sa.select(City).where(City.slug == "bari"))
    newest = db.session.scalar(
        sa.select(Need).where(Need.city_id == bari.id).order_by(Need.created_at.desc(), Need.id.desc()).limit(1)
    )
    assert html.escape(newest.title) in client.get("/c/bari/needs").text
    assert any(t.startswith("Lampioni spenti ") for t in db.session.scalars(sa.select(Need.title)))
    assert db.session.scalar(sa.select(Space).where(Space.name == "Spazio virtuale – Sala Teams del Comune"))
    assert db.session.scalar(sa.select(Workshop).where(Workshop.title == "Laboratorio: spazi per i giovani a Japigia"))


def test_demo_seed_if_empty_leaves_a_used_database_alone(runner, city, db):
    result = runner.invoke(args=["demo", "seed", "--if-empty"])
    assert "skipped" in result.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0


def test_the_product_never_loads_the_demo():
    code = (
        "import sys; from app import create_app; create_app('testing'); "
        "print(sorted(m for m in sys.modules if m.startswith(('app.demo', 'bench'))))"
    )
    loaded = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert loaded.stdout.strip().splitlines()[-1] == "[]"


def test_create_admin_command(runner, db):
    result = runner.invoke(args=["users", "create-admin", "ops@example.org", "--password", "una-password-lunga"])
    assert result.exit_code == 0, result.output
    user = db.session.scalar(sa.select(User).where(User.email == "ops@example.org"))
    assert user.is_admin
