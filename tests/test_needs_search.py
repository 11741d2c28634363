"""Full-text search of needs: the same results on SQLite (FTS5) and PostgreSQL (GIN index on
an Italian tsvector) for a test corpus, word forms found by their stem, stop words ignored,
hostile queries harmless, hidden needs left out, and an index behind every search.

The suite runs on SQLite and on PostgreSQL; each run also builds the corpus in a side SQLite
database and checks that both give the same ids, so a PostgreSQL run compares the two."""

import pytest
import sqlalchemy as sa

from app.extensions import db as _db
from app.models import Area, City, Need, Photo, User
from app.needs import search
from app.needs.search import lexeme
from tests import factories
from tests.factories import needs as fn
from tests.factories.needs import english

pytestmark = pytest.mark.usefixtures("in_english_request", "english")
assert english

CORPUS = [
    ("Giardino abbandonato dietro la scuola", "Il giardino è pieno di rifiuti e le panchine sono rotte."),
    ("Giardini pubblici senza illuminazione", "La sera i giardini restano al buio."),
    ("Scuole senza palestra", "Le scuole del quartiere non hanno una palestra per lo sport."),
    ("Biblioteca chiusa da anni", "Riaprire la biblioteca come spazio studio per i ragazzi."),
    ("Autobus rari la sera", "Dopo le 20 l'autobus passa ogni 40 minuti: servono più corse."),
    ("Anziani soli in città", "Molti anziani vivono soli e non hanno aiuto per la spesa."),
    ("Rifiuti ingombranti in strada", "Materassi e mobili abbandonati vicino ai cassonetti."),
    ("Doposcuola per le medie", "Un doposcuola gratuito aiuterebbe le famiglie della città."),
    ("Co-progettazione dello spazio verde", "Vogliamo un laboratorio di co-progettazione con i residenti."),
    ("Illuminare il sottopasso", "Il sottopasso della stazione è buio e pericoloso."),
    ("Perché nessuno pulisce?", "Caffè e cartacce ovunque davanti al bar."),
    ("Wi-fi gratuito", "Un'aula studio con wi-fi e computer per chi non ha internet a casa."),
]

QUERIES = {
    "giardini": {0, 1},
    "Giardino": {0, 1},
    "GIARDINETTO": set(),  # a different stem (giardinett) than giardin-o: not a prefix of it
    "scuola": {0, 2},
    "scuole palestra": {2},
    "rifiuti": {0, 6},
    "città": {5, 7},
    "citta": {5, 7},
    "biblioteche": {3},
    "illuminazione": {1, 9},
    "autobus 40": {4},
    "progettazione": {8},
    "co-progettazione": {8},
    "della": set(),  # only a stop word
    "il la di": set(),
    "anziani spesa": {5},
    "anziani biblioteca": set(),
    "caffè": {10},
    "perché": set(),
    "wi-fi internet": {11},
    "studio": {3, 11},
}

HOSTILE = [
    '"',
    '""',
    "*",
    "giardin*",
    "NOT giardino",
    "giardino OR scuola",
    "giardino AND",
    "title:giardino",
    "(giardino",
    "giardino)",
    "^giardino",
    "giardino NEAR(scuola)",
    "'; DROP TABLE need; --",
    "a & b | !c",
    "giardino:*",
    "\\",
    "%_%",
    "x" * 500,
    "🙂 giardino",
    "ǅ ß ﬁ",
]


def _corpus(city, author):
    ids = []
    for title, body in CORPUS:
        ids.append(fn.create_need(city, author, title=title, body=body).id)
    return ids


def _found(q, ids):
    rows = _db.session.scalars(sa.select(Need.id).where(search.matches(q)).order_by(Need.id)).all()
    return {ids.index(i) for i in rows}


def test_the_stemmer_gives_postgresql_s_italian_lexemes():
    # pairs read from PostgreSQL 15: SELECT ts_lexize('italian_stem', word)
    known = {
        "giardini": "giardin",
        "giardino": "giardin",
        "rifiuti": "rif",
        "città": "citt",
        "abitazioni": "abit",
        "scuole": "scuol",
        "marciapiedi": "marciapied",
        "illuminazione": "illumin",
        "anziani": "anzian",
        "biblioteca": "bibliotec",
        "accomodarci": "accomod",
        "guardandogli": "guard",
        "velocemente": "veloc",
        "possibilità": "possibil",
    }
    assert {w: lexeme(w) for w in known} == known
    assert lexeme("della") is None and lexeme("Perché") is None and lexeme("Giardini") == "giardin"


def test_postgresql_indexes_each_corpus_word_as_sqlite_search_stems_it(db):
    """Every word of the corpus and the queries: PostgreSQL's ``italian`` configuration gives
    the lexeme (or drops the stop word) that :func:`search.lexeme` gives for SQLite."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("compares with PostgreSQL's italian configuration")
    text = " ".join([*(f"{t} {b}" for t, b in CORPUS), *QUERIES]).lower()
    words = sorted({w for w in search._WORD.findall(text) if not any(c.isdigit() for c in w)})
    lexemes = sa.text("SELECT array_to_string(tsvector_to_array(to_tsvector('italian', :w)), '')")
    indexed = {w: db.session.scalar(lexemes, {"w": w}) or None for w in words}
    assert indexed == {w: search.lexeme(w) for w in words}


def test_terms_drop_stop_words_and_repeat_and_keep_numbers():
    assert search.terms("Il giardino, i giardini e la scuola 2024!") == ["giardin", "scuol", "2024"]
    assert search.terms("") == [] and search.terms(None) == []
    assert len(search.terms(" ".join(f"parola{n}" for n in range(30)))) == search.MAX_TERMS


@pytest.mark.parametrize("q, expected", sorted(QUERIES.items()))
def test_search_finds_word_forms(city, resident, q, expected):
    ids = _corpus(city, resident)
    assert _found(q, ids) == expected


@pytest.mark.parametrize("q", HOSTILE)
def test_hostile_queries_are_harmless(client, city, resident, q):
    _corpus(city, resident)
    assert client.get("/c/bari/needs", query_string={"q": q}).status_code == 200
    response = client.get("/api/v1/needs", query_string={"q": q[:200]})
    assert response.status_code == 200, response.json
    assert _db.session.scalar(sa.select(sa.func.count()).select_from(Need)) == len(CORPUS)


def test_hidden_needs_are_not_found(client, city, resident):
    fn.create_need(city, resident, title="Giardino nascosto", hidden=True)
    fn.create_need(city, resident, title="Giardino visibile")
    titles = [i["title"] for i in client.get("/api/v1/needs?q=giardino").json["items"]]
    assert titles == ["Giardino visibile"]


def test_search_combines_with_filters_and_the_city(client, city, other_city, resident):
    area = fn.create_area(city, "San Paolo")
    fn.create_need(city, resident, title="Giardino nel quartiere", area=area)
    fn.create_need(city, resident, title="Giardino fuori quartiere")
    fn.create_need(other_city, resident, title="Giardino a Napoli")
    assert client.get("/api/v1/needs?q=giardino").json["total"] == 3
    assert client.get("/api/v1/needs?q=giardino&city=bari").json["total"] == 2
    items = client.get(f"/api/v1/needs?q=giardino&city=bari&area={area.id}").json["items"]
    assert [i["title"] for i in items] == ["Giardino nel quartiere"]


def test_an_edited_or_deleted_need_is_searched_as_it_is_now(city, resident):
    need = fn.create_need(city, resident, title="Fontanella rotta", body="La fontanella perde acqua da mesi.")
    assert _found("fontanella", [need.id]) == {0}
    need.title, need.body = "Panchina rotta", "La panchina è spaccata."
    _db.session.commit()
    assert _found("fontanella", [need.id]) == set() and _found("panchina", [need.id]) == {0}
    _db.session.delete(need)
    _db.session.commit()
    assert _db.session.scalars(sa.select(Need.id).where(search.matches("panchina"))).all() == []


def _side_sqlite_results(queries):
    """The corpus in a fresh SQLite database with the FTS5 table: ids per query (1-based)."""
    engine = sa.create_engine("sqlite://")
    tables = [t.__table__ for t in (City, User, Area, Photo, Need)]
    _db.metadata.create_all(engine, tables=tables)
    from sqlalchemy.orm import Session

    from app.models.base import utcnow

    results = {}
    with Session(engine) as session:
        for n, (title, body) in enumerate(CORPUS, 1):
            session.execute(
                sa.insert(Need).values(
                    id=n,
                    city_id=1,
                    author_id=1,
                    title=title,
                    body=body,
                    body_html="",
                    category="other",
                    status="open",
                    support_count=0,
                    comment_count=0,
                    report_count=0,
                    hidden=False,
                    created_at=utcnow(),
                    updated_at=utcnow(),
                )
            )
        session.commit()
        for q in queries:
            where = search.matches(q, dialect="sqlite")
            results[q] = {i - 1 for i in session.scalars(sa.select(Need.id).where(where))}
    engine.dispose()
    return results


def test_this_database_and_sqlite_fts5_give_the_same_results(city, resident):
    ids = _corpus(city, resident)
    queries = list(QUERIES) + HOSTILE
    here = {q: _found(q, ids) for q in queries}
    assert here == _side_sqlite_results(queries)
    assert {q: here[q] for q in QUERIES} == QUERIES


def test_postgresql_document_matches_its_index_expression(db):
    """The GIN index is built on the very expression the queries use (else it is not used)."""
    assert "to_tsvector('italian', title || ' ' || body)" in search.PG_INSTALL[0]
    assert search.PG_DOCUMENT == "to_tsvector('italian', need.title || ' ' || need.body)"


# --- an index behind every search -----------------------------------------------------------------


def _plan(statement) -> str:
    compiled = statement.compile(dialect=_db.engine.dialect, compile_kwargs={"literal_binds": True})
    with _db.engine.connect() as conn:
        if _db.engine.dialect.name == "sqlite":
            rows = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}").all()
            return "\n".join(str(r[-1]) for r in rows)
        conn.exec_driver_sql("SET enable_seqscan = off")
        rows = conn.exec_driver_sql(f"EXPLAIN {compiled}").all()
        return "\n".join(r[0] for r in rows)


def test_list_search_and_bbox_queries_use_indexes(city, resident):
    from app.needs.queries import BBox, needs_select

    anonymous = None
    listing = needs_select(anonymous, city_id=city.id).limit(20)
    found = needs_select(anonymous, city_id=city.id, q="giardini").limit(20)
    box = BBox(16.86, 41.11, 16.88, 41.13)
    boxed = needs_select(anonymous, bbox=box, with_point=True).limit(5000)
    boxed_in_city = needs_select(anonymous, city_id=city.id, bbox=box, with_point=True).limit(5000)
    if _db.engine.dialect.name == "sqlite":
        assert "ix_need_city_created" in _plan(listing)
        assert "need_fts VIRTUAL TABLE INDEX" in _plan(found)
        assert "ix_need_public_point" in _plan(boxed)
        assert "ix_need_city_point" in _plan(boxed_in_city)
    else:  # with a tiny table any index on city_id may be picked: never a sequential scan
        assert "Index" in _plan(listing) and "Seq Scan" not in _plan(listing)
        assert "ix_need_fts" in _plan(needs_select(anonymous, q="giardini").limit(20))
        assert "ix_need_public_point" in _plan(boxed)
        assert "Seq Scan" not in _plan(boxed_in_city)


def test_install_and_uninstall_are_idempotent_and_rebuild_the_index(city, resident):
    need = fn.create_need(city, resident, title="Orti urbani sul tetto")
    with _db.engine.begin() as conn:
        search.uninstall(conn)
        search.uninstall(conn)
    with _db.engine.begin() as conn:
        search.install(conn)
        search.install(conn)
    assert _found("orti", [need.id]) == {0}
    factories.create_user()  # the database is still usable afterwards
