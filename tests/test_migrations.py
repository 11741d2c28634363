"""Models and migrations agree (what ``flask db check`` checks), on this run's database."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from app.extensions import db as _db


def test_models_and_migrations_agree(app, db):
    config = app.extensions["migrate"].configure_args
    from importlib import util
    from pathlib import Path

    spec = util.spec_from_file_location("env_hooks", Path(__file__).parent.parent / "migrations" / "hooks.py")
    hooks = util.module_from_spec(spec)
    spec.loader.exec_module(hooks)
    with _db.engine.connect() as conn:
        context = MigrationContext.configure(
            conn,
            opts={
                "compare_type": config.get("compare_type", True),
                "include_object": hooks.include_object,
                "render_as_batch": True,
            },
        )
        diff = compare_metadata(context, _db.metadata)
    assert diff == [], f"models and migrations differ: {diff}"
