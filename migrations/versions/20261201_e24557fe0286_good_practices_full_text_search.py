"""good practices: full-text search of their title and lessons learned

Revision ID: e24557fe0286
Revises: 4814f3a2e069
Create Date: 2026-12-01 23:21:42.781345

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'e24557fe0286'
down_revision = '4814f3a2e069'
branch_labels = None
depends_on = None


# Full-text search of good practices (app/projects/practice_search.py, on the needs'
# app.needs.search.FullText), frozen here as it was when this migration was written.
PRACTICE_SEARCH_DDL = {
    "sqlite": [
        [
            "CREATE VIRTUAL TABLE IF NOT EXISTS good_practice_fts USING fts5(title, lessons, content='good_practice', content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
            "CREATE TRIGGER IF NOT EXISTS good_practice_fts_after_insert AFTER INSERT ON good_practice BEGIN INSERT INTO good_practice_fts(rowid, title, lessons) VALUES (new.id, new.title, new.lessons); END",
            "CREATE TRIGGER IF NOT EXISTS good_practice_fts_after_delete AFTER DELETE ON good_practice BEGIN INSERT INTO good_practice_fts(good_practice_fts, rowid, title, lessons) VALUES ('delete', old.id, old.title, old.lessons); END",
            "CREATE TRIGGER IF NOT EXISTS good_practice_fts_after_update AFTER UPDATE OF title, lessons ON good_practice BEGIN INSERT INTO good_practice_fts(good_practice_fts, rowid, title, lessons) VALUES ('delete', old.id, old.title, old.lessons); INSERT INTO good_practice_fts(rowid, title, lessons) VALUES (new.id, new.title, new.lessons); END"
        ],
        [
            "DROP TRIGGER IF EXISTS good_practice_fts_after_update",
            "DROP TRIGGER IF EXISTS good_practice_fts_after_delete",
            "DROP TRIGGER IF EXISTS good_practice_fts_after_insert",
            "DROP TABLE IF EXISTS good_practice_fts"
        ]
    ],
    "postgresql": [
        [
            "CREATE INDEX IF NOT EXISTS ix_good_practice_fts ON good_practice USING gin (to_tsvector('italian', title || ' ' || lessons))"
        ],
        [
            "DROP INDEX IF EXISTS ix_good_practice_fts"
        ]
    ]
}


def _practice_search(install: bool) -> None:
    bind = op.get_bind()
    create, drop = PRACTICE_SEARCH_DDL.get(bind.dialect.name, ([], []))
    for statement in create if install else drop:
        bind.exec_driver_sql(statement)
    if install and bind.dialect.name == "sqlite":
        bind.exec_driver_sql("INSERT INTO good_practice_fts(good_practice_fts) VALUES ('rebuild')")


def upgrade():
    _practice_search(install=True)


def downgrade():
    _practice_search(install=False)
