"""Searching good practices across cities: the needs' Italian full text (word forms found by
their stem, accents folded, stop words ignored, hostile queries harmless) over the title and
the lessons learned, on SQLite (FTS5) and PostgreSQL (an index on an Italian tsvector); the
filters by city, fund, programme action and target area; practices not yet published stay out."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import CohesionFund, GoodPractice, Programme, ProgrammeAction, ProjectState
from app.projects import practice_search, practices
from tests.factories.needs import create_area
from tests.factories.practices import authority, beneficiary
from tests.factories.projects import funded_projects
from tests.test_needs_search import HOSTILE

CORPUS = [
    (
        "Giardino condiviso dietro la scuola",
        "Il giardino è curato dai residenti: servono attrezzi e un calendario dei turni, altrimenti dopo sei mesi "
        "nessuno innaffia più.",
    ),
    (
        "Giardini aperti la sera",
        "Aprire i giardini pubblici la sera ha ridotto i furti; l'illuminazione va progettata con chi abita lì.",
    ),
    (
        "Doposcuola per le medie",
        "Il doposcuola gratuito ha aiutato le famiglie della città; coinvolgere le scuole fin dal primo giorno.",
    ),
    (
        "Anziani soli e spesa a domicilio",
        "Molti anziani vivono soli: una rete di volontari per la spesa funziona se c'è un numero unico da chiamare.",
    ),
    (
        "Biblioteca come spazio studio",
        "Riaprire la biblioteca per i ragazzi ha richiesto orari serali e wi-fi gratuito.",
    ),
    (
        "Caffè sociale nel mercato",
        "Un caffè gestito da una cooperativa sociale crea lavoro e relazioni; la licenza richiede sei mesi.",
    ),
]

QUERIES = {
    "giardini": {0, 1},
    "Giardino": {0, 1},
    "città": {2},
    "citta": {2},
    "scuole": {0, 2},
    "biblioteche": {4},
    "volontario": {3},
    "caffè": {5},
    "caffe": {5},
    "illuminare": {1},
    "doposcuola famiglie": {2},
    "sei mesi": {0, 5},
    "della": set(),  # only a stop word
    "anziani biblioteca": set(),
}


def _closed(city, *titles):
    projects = funded_projects(city, *titles)
    for project in projects:
        project.state = ProjectState.CLOSED
    db.session.commit()
    return projects


def _publish(projects, texts, curator):
    found = []
    for project, (title, lessons) in zip(projects, texts, strict=True):
        practice = practices.propose_practice(beneficiary(project), project, {"title": title, "lessons": lessons})
        found.append(practices.curate_practice(curator, practice, {"publish": True}))
    return found


@pytest.fixture
def corpus(city, other_city):
    """The first four practices in Bari, the last two in Napoli; all published."""
    adg = authority()
    bari = _publish(_closed(city, "P1", "P2", "P3", "P4"), CORPUS[:4], adg)
    napoli = _publish(_closed(other_city, "P5", "P6"), CORPUS[4:], adg)
    return [p.id for p in bari + napoli]


def _found(q, ids) -> set[int]:
    rows = db.session.scalars(sa.select(GoodPractice.id).where(practice_search.matches(q)))
    return {ids.index(i) for i in rows}


def test_search_finds_italian_word_forms_in_every_city(client, corpus):
    """Each query of ``QUERIES`` on the database, the API and the page (one corpus for all:
    six funded projects are slow to make)."""
    found = {q: _found(q, corpus) for q in QUERIES}
    assert found == QUERIES
    api = {
        q: {corpus.index(i["id"]) for i in client.get("/api/v1/good-practices", query_string={"q": q}).json["items"]}
        for q in QUERIES
    }
    assert api == QUERIES
    pages = {q: client.get("/good-practices", query_string={"q": q}).text for q in QUERIES}
    assert {q: {n for n, (title, _) in enumerate(CORPUS) if title in page} for q, page in pages.items()} == QUERIES


def test_hostile_queries_are_harmless(client, corpus):
    for q in HOSTILE:
        assert client.get("/good-practices", query_string={"q": q}).status_code == 200, q
        answer = client.get("/api/v1/good-practices", query_string={"q": q[:200]})
        assert answer.status_code == 200, (q, answer.json)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(GoodPractice)) == len(CORPUS)


def test_the_city_filter_keeps_one_city_and_search_combines_with_it(client, corpus):
    assert client.get("/api/v1/good-practices").json["total"] == 6
    napoli = client.get("/api/v1/good-practices?city=napoli").json["items"]
    assert sorted(i["title"] for i in napoli) == ["Biblioteca come spazio studio", "Caffè sociale nel mercato"]
    assert client.get("/api/v1/good-practices?city=napoli&q=giardini").json["total"] == 0
    assert client.get("/api/v1/good-practices?city=bari&q=giardini").json["total"] == 2
    assert client.get("/api/v1/good-practices?city=atlantide").status_code == 422
    page = client.get("/good-practices?city=napoli").text
    assert "Caffè sociale nel mercato" in page and "Giardini aperti la sera" not in page
    assert "2 buone pratiche trovate" in page


def test_a_practice_waiting_for_curation_is_not_found(client, city):
    (project,) = _closed(city, "Giardino")
    practices.propose_practice(
        beneficiary(project), project, {"title": "Giardino dei bambini", "lessons": CORPUS[0][1]}
    )
    assert client.get("/api/v1/good-practices?q=giardino").json["total"] == 0
    assert "Giardino dei bambini" not in client.get("/good-practices?q=giardino").text


def test_filters_by_fund_action_and_area(client, city):
    esf, erdf, neither = _closed(city, "FSE", "FESR", "Nessuna")
    programme = Programme(code="2021IT16FFPR003", name="PN Metro plus", period="2021-2027", current=True)
    action = ProgrammeAction(
        programme=programme, code="3.3.1", name="Servizi in aree degradate", fund=CohesionFund.FSE_PLUS
    )
    area = create_area(city, "San Paolo")
    erdf.funds[0].fund = CohesionFund.FESR
    esf.action, esf.area = action, area
    db.session.add_all([programme, action])
    db.session.commit()
    _publish(
        [esf, erdf, neither],
        [("Pratica FSE", CORPUS[0][1]), ("Pratica FESR", CORPUS[1][1]), ("Pratica libera", CORPUS[2][1])],
        authority(),
    )

    def titles(query):
        return sorted(i["title"] for i in client.get(f"/api/v1/good-practices?{query}").json["items"])

    assert titles("fund=FESR") == ["Pratica FESR"]
    assert titles("fund=FSE%2B") == ["Pratica FSE", "Pratica libera"]
    assert titles(f"action={action.id}") == ["Pratica FSE"]
    assert titles(f"area={area.id}") == ["Pratica FSE"]
    assert titles(f"area={area.id}&fund=FESR") == []
    assert client.get("/api/v1/good-practices?fund=ESF").status_code == 422
    page = client.get(f"/good-practices?city=bari&action={action.id}").text
    assert "Pratica FSE" in page and "Pratica FESR" not in page and "San Paolo" in page  # the city's areas to choose
    page = client.get("/good-practices?fund=FESR").text
    assert "Pratica FESR" in page and "Pratica FSE" not in page


def test_search_uses_the_index(city, corpus):
    select = sa.select(GoodPractice.id).where(practice_search.matches("giardini"))
    compiled = select.compile(dialect=db.engine.dialect, compile_kwargs={"literal_binds": True})
    with db.engine.connect() as conn:
        if db.engine.dialect.name == "sqlite":
            plan = "\n".join(str(r[-1]) for r in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}"))
            assert "good_practice_fts VIRTUAL TABLE INDEX" in plan
        else:
            conn.exec_driver_sql("SET enable_seqscan = off")
            plan = "\n".join(r[0] for r in conn.exec_driver_sql(f"EXPLAIN {compiled}"))
            assert "ix_good_practice_fts" in plan
