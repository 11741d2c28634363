"""Alembic hooks shared by env.py and the migration test."""


def include_object(obj, name, type_, reflected, compare_to):
    """Full-text search objects (SQLite FTS5 tables and their shadow tables, the PostgreSQL
    GIN index) are made by ``app.needs.search.install`` in migrations, not by models:
    autogenerate must neither drop nor report them."""
    if type_ in ("table", "index") and reflected and compare_to is None and "_fts" in (name or ""):
        return False
    return True
