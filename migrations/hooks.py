"""Alembic hooks shared by env.py and the migration test."""


def include_object(obj, name, type_, reflected, compare_to):
    """Full-text search tables (SQLite FTS5 and its shadow tables) are made by hand in
    migrations, not by models: autogenerate must neither drop nor report them."""
    if type_ == "table" and reflected and compare_to is None and "_fts" in name:
        return False
    return True
