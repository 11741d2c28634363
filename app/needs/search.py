"""Full-text search of needs (and, through :class:`FullText`, of any table with Italian
text, e.g. good practices): one interface over SQLite FTS5 and PostgreSQL full-text search.

    from app.needs import search
    select(Need).where(search.matches("giardini abbandonati"))

- **SQLite**: an external-content FTS5 table ``need_fts`` (title, body) over ``need``, kept
  in step by triggers, with the ``unicode61`` tokenizer folding accents.
- **PostgreSQL**: a GIN expression index ``ix_need_fts`` on
  ``to_tsvector('italian', title || ' ' || body)``.

Both are created by ``create_all`` (DDL attached to the ``need`` table below) and by the
migration, which calls :func:`install` / :func:`uninstall`.

The query is the same on both: each word of ``q`` becomes its Snowball Italian stem (stop
words dropped, as PostgreSQL's ``italian`` configuration does), and a need matches when its
title or text has, for *every* stem, a word starting with it (PostgreSQL: a lexeme starting
with it). So "giardini" finds "giardino" and "giardini" on both databases.
"""

from __future__ import annotations

import re
from contextlib import contextmanager

import snowballstemmer
import sqlalchemy as sa
from sqlalchemy import DDL, event

from app.models import Need

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
#: A stem shorter than this is matched as a whole word, not as a prefix (too many words).
MIN_PREFIX = 3

_WORD = re.compile(r"[^\W_]+")

#: PostgreSQL's ``tsearch_data/italian.stop`` (the Snowball list), which its ``italian``
#: configuration drops before stemming; SQLite search drops the same words.
STOP_WORDS = frozenset(
    """
    ad al allo ai agli all agl alla alle con col coi da dal dallo dai dagli dall dagl dalla
    dalle di del dello dei degli dell degl della delle in nel nello nei negli nell negl nella
    nelle su sul sullo sui sugli sull sugl sulla sulle per tra contro io tu lui lei noi voi
    loro mio mia miei mie tuo tua tuoi tue suo sua suoi sue nostro nostra nostri nostre
    vostro vostra vostri vostre mi ti ci vi lo la li le gli ne il un uno una ma ed se perché
    anche come dov dove che chi cui non più quale quanto quanti quanta quante quello quelli
    quella quelle questo questi questa queste si tutto tutti a c e i l o ho hai ha abbiamo
    avete hanno abbia abbiate abbiano avrò avrai avrà avremo avrete avranno avrei avresti
    avrebbe avremmo avreste avrebbero avevo avevi aveva avevamo avevate avevano ebbi avesti
    ebbe avemmo aveste ebbero avessi avesse avessimo avessero avendo avuto avuta avuti avute
    sono sei è siamo siete sia siate siano sarò sarai sarà saremo sarete saranno sarei
    saresti sarebbe saremmo sareste sarebbero ero eri era eravamo eravate erano fui fosti fu
    fummo foste furono fossi fosse fossimo fossero essendo faccio fai facciamo fanno faccia
    facciate facciano farò farai farà faremo farete faranno farei faresti farebbe faremmo
    fareste farebbero facevo facevi faceva facevamo facevate facevano feci facesti fece
    facemmo faceste fecero facessi facesse facessimo facessero facendo sto stai sta stiamo
    stanno stia stiate stiano starò starai starà staremo starete staranno starei staresti
    starebbe staremmo stareste starebbero stavo stavi stava stavamo stavate stavano stetti
    stesti stette stemmo steste stettero stessi stesse stessimo stessero stando
    """.split()
)


def lexeme(word: str) -> str | None:
    """What PostgreSQL's ``italian`` configuration indexes for ``word``: None for a stop word."""
    word = word.lower()
    if word in STOP_WORDS:
        return None
    # The Snowball Italian algorithm, which PostgreSQL's ``italian_stem`` dictionary runs; a
    # stemmer object keeps state between calls, so each call (thread, greenlet) has its own.
    return snowballstemmer.stemmer("italian").stemWord(word)


# --- DDL ------------------------------------------------------------------------------------


class FullText:
    """The search index over the text ``columns`` of one model's table: an external-content
    FTS5 table ``<table>_fts`` kept in step by triggers on SQLite, a GIN expression index
    ``ix_<table>_fts`` on PostgreSQL. The DDL is attached to the table (``create_all``) and
    run by migrations through :meth:`install` / :meth:`uninstall`. Needs have one
    (:data:`NEEDS`); other features make their own, e.g. ``FullText(GoodPractice, "title",
    "lessons")``."""

    def __init__(self, model, *columns: str):
        self.model, self.columns = model, columns
        table = model.__tablename__
        fts, cols = f"{table}_fts", ", ".join(columns)
        new, old = (", ".join(f"{side}.{c}" for c in columns) for side in ("new", "old"))
        # Table and column names come from the model, never from input.
        delete = f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old});"  # noqa: S608
        insert = f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new});"  # noqa: S608
        self.fts = fts
        self.sqlite_install = [
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5("
            f"{cols}, content='{table}', content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
            f"CREATE TRIGGER IF NOT EXISTS {fts}_after_insert AFTER INSERT ON {table} BEGIN {insert} END",
            f"CREATE TRIGGER IF NOT EXISTS {fts}_after_delete AFTER DELETE ON {table} BEGIN {delete} END",
            f"CREATE TRIGGER IF NOT EXISTS {fts}_after_update AFTER UPDATE OF {cols} ON {table} BEGIN "
            f"{delete} {insert} END",
        ]
        self.sqlite_uninstall = [
            f"DROP TRIGGER IF EXISTS {fts}_after_update",
            f"DROP TRIGGER IF EXISTS {fts}_after_delete",
            f"DROP TRIGGER IF EXISTS {fts}_after_insert",
            f"DROP TABLE IF EXISTS {fts}",
        ]
        #: The expression is written exactly as the queries write it, so the planner uses the index.
        self.pg_document = "to_tsvector('italian', " + " || ' ' || ".join(f"{table}.{c}" for c in columns) + ")"
        self.pg_install = [
            f"CREATE INDEX IF NOT EXISTS ix_{fts} ON {table} USING gin "
            "(to_tsvector('italian', " + " || ' ' || ".join(columns) + "))"
        ]
        self.pg_uninstall = [f"DROP INDEX IF EXISTS ix_{fts}"]
        self.ddl = {
            "sqlite": (self.sqlite_install, self.sqlite_uninstall),
            "postgresql": (self.pg_install, self.pg_uninstall),
        }
        for dialect, (install_sql, uninstall_sql) in self.ddl.items():
            for statement in install_sql:
                event.listen(model.__table__, "after_create", DDL(statement).execute_if(dialect=dialect))
            for statement in uninstall_sql:
                event.listen(model.__table__, "before_drop", DDL(statement).execute_if(dialect=dialect))

    def install(self, connection) -> None:
        """Create the search table/index for existing rows (called by migrations; idempotent).

        On SQLite, run it again after any batch migration that rebuilds the table:
        rebuilding drops the triggers."""
        install_sql, _ = self.ddl.get(connection.dialect.name, ([], []))
        for statement in install_sql:
            connection.exec_driver_sql(statement)
        if connection.dialect.name == "sqlite":
            connection.exec_driver_sql(f"INSERT INTO {self.fts}({self.fts}) VALUES ('rebuild')")  # noqa: S608

    def uninstall(self, connection) -> None:
        """Drop the search table/index (a migration's downgrade)."""
        _, uninstall_sql = self.ddl.get(connection.dialect.name, ([], []))
        for statement in uninstall_sql:
            connection.exec_driver_sql(statement)

    @contextmanager
    def bulk_load(self, connection):
        """Around a bulk insert: on SQLite the triggers are dropped and the FTS table is
        rebuilt once at the end (several times faster than a trigger per row)."""
        if connection.dialect.name == "sqlite":
            for statement in self.sqlite_uninstall:
                if statement.startswith("DROP TRIGGER"):
                    connection.exec_driver_sql(statement)
        try:
            yield
        finally:
            self.install(connection)

    def matches(self, q: str | None, dialect: str | None = None):
        """A WHERE clause on the model for the full-text query ``q`` (false when nothing is
        left of ``q`` to search for, e.g. only stop words)."""
        stems = terms(q)
        if not stems:
            return sa.false()
        dialect = dialect or _dialect()
        if dialect == "sqlite":
            ids = (
                sa.select(sa.column("rowid"))
                .select_from(sa.table(self.fts))
                .where(
                    sa.text(f"{self.fts} MATCH :{self.fts}_query").bindparams(**{f"{self.fts}_query": fts_query(stems)})
                )
            )
            return self.model.id.in_(ids)
        if dialect == "postgresql":
            return sa.literal_column(self.pg_document).op("@@")(
                sa.func.to_tsquery(sa.literal_column("'simple'::regconfig"), ts_query(stems))
            )
        # Any other database: a plain (slow) substring search on every stem.
        columns = [getattr(self.model, c) for c in self.columns]
        return sa.and_(*[sa.or_(*[c.ilike(f"%{s}%") for c in columns]) for s in stems])


# --- queries ----------------------------------------------------------------------------------


def terms(q: str | None) -> list[str]:
    """The stems searched for ``q``: lower-case, stop words dropped, at most ``MAX_TERMS``."""
    found: list[str] = []
    for word in _WORD.findall((q or "")[:MAX_QUERY_LENGTH].lower()):
        term = word if any(c.isdigit() for c in word) else lexeme(word)
        if term and term not in found:
            found.append(term)
    return found[:MAX_TERMS]


def _dialect() -> str:
    from app.extensions import db

    return db.session.get_bind().dialect.name


def fts_query(stems: list[str]) -> str:
    """The FTS5 MATCH expression: every stem, as a prefix when long enough."""
    return " ".join(f'"{s}"*' if len(s) >= MIN_PREFIX else f'"{s}"' for s in stems)


def ts_query(stems: list[str]) -> str:
    """The PostgreSQL tsquery (read with the ``simple`` configuration: no second stemming)."""
    return " & ".join(f"{s}:*" if len(s) >= MIN_PREFIX else s for s in stems)


#: Needs' index, and the module-level names the needs feature, its migration and tests use.
NEEDS = FullText(Need, "title", "body")
SQLITE_INSTALL, SQLITE_UNINSTALL = NEEDS.sqlite_install, NEEDS.sqlite_uninstall
PG_DOCUMENT, PG_INSTALL, PG_UNINSTALL = NEEDS.pg_document, NEEDS.pg_install, NEEDS.pg_uninstall
install, uninstall, bulk_load, matches = NEEDS.install, NEEDS.uninstall, NEEDS.bulk_load, NEEDS.matches
