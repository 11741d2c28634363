"""``flask demo seed`` creates the demo cities and accounts, and is idempotent."""

import sqlalchemy as sa

from app.models import City, User


def test_demo_seed_creates_cities_and_accounts_once(runner, client, db):
    result = runner.invoke(args=["demo", "seed"])
    assert result.exit_code == 0, result.output
    runner.invoke(args=["demo", "seed"])
    assert db.session.scalar(sa.select(sa.func.count()).select_from(City)) >= 5
    kinds = {c.kind.value for c in db.session.scalars(sa.select(City))}
    assert kinds == {"metropolitan", "medium"}
    emails = set(db.session.scalars(sa.select(User.email)))
    for role in ("admin", "authority", "staff", "evaluator", "facilitator", "org", "resident"):
        assert f"{role}@demo.cantiere.local" in emails
    response = client.post("/login", data={"email": "staff@demo.cantiere.local", "password": "cantiere-demo"})
    assert response.status_code == 302


def test_demo_seed_if_empty_leaves_a_used_database_alone(runner, city, db):
    result = runner.invoke(args=["demo", "seed", "--if-empty"])
    assert "skipped" in result.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0


def test_create_admin_command(runner, db):
    result = runner.invoke(args=["users", "create-admin", "ops@example.org", "--password", "una-password-lunga"])
    assert result.exit_code == 0, result.output
    user = db.session.scalar(sa.select(User).where(User.email == "ops@example.org"))
    assert user.is_admin
