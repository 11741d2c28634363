"""What the permission matrix needs to call every route: a sample value for each URL
argument, and the people to call it as. Features add their arguments here.

``SAMPLES[arg](world)`` returns a value for a URL argument named ``arg``; ``world`` is the
dict of objects built by ``build_world`` (cities, people) plus what features add through
``WORLD_BUILDERS``.
"""

from __future__ import annotations

from app.models import Role
from tests import factories

ROLES = ("anonymous", "resident", "staff", "facilitator", "evaluator", "authority", "admin")


def build_world() -> dict:
    city = factories.create_city()
    other = factories.create_city(name="Napoli", slug="napoli", region="Campania")
    world = {"city": city, "other_city": other}
    world["resident"] = factories.create_user(city=city, name="Residente")
    world["staff"] = factories.create_user(role=Role.STAFF, city=city, name="Staff")
    world["facilitator"] = factories.create_user(role=Role.FACILITATOR, city=city, name="Facilitatrice")
    world["evaluator"] = factories.create_user(role=Role.EVALUATOR, city=city, name="Valutatore")
    world["authority"] = factories.create_user(role=Role.AUTHORITY, name="AdG")
    world["admin"] = factories.create_user(role=Role.ADMIN, name="Admin")
    world["token"] = factories.create_token(world["resident"])
    for builder in WORLD_BUILDERS:
        builder(world)
    return world


#: Features append ``fn(world)`` that add their sample objects to the world.
WORLD_BUILDERS: list = []

#: For every ``object:`` route, who of ``ROLES`` gets in on the sample world's objects
#: (any answer but 401/403); every other signed-in role must get 403. Keyed by
#: ``(endpoint, method)``; fill it with :func:`allow` in ``tests/matrix_<feature>.py``.
EXPECTED: dict[tuple[str, str], frozenset[str]] = {}


def allow(endpoint: str, *roles: str, methods: tuple[str, ...] = ("GET", "POST")) -> None:
    """``allow("needs.edit", "resident", "staff", "admin")``: these roles pass the object
    check of ``needs.edit`` on the sample objects; the others are refused with 403."""
    unknown = set(roles) - set(ROLES)
    assert not unknown, f"unknown roles {unknown}"
    for method in methods:
        EXPECTED[(endpoint, method)] = frozenset(roles)


SAMPLES = {
    "city": lambda w: w["city"].slug,
    "code": lambda w: "en",
    "user_id": lambda w: w["resident"].id,
    "grant_id": lambda w: w["staff"].roles[0].id,
    "token_id": lambda w: 1,
    "token": lambda w: "not-a-valid-reset-token",
    "filename": lambda w: "css/cantiere.css",
}


#: Per endpoint, the samples that differ from ``SAMPLES``: the routes about a submitted
#: application take one, where the shared ``application_id`` sample is a draft.
ENDPOINT_SAMPLES: dict[str, dict] = {}


def sample(endpoint: str, arg: str):
    """The sample of URL argument ``arg`` for ``endpoint``."""
    return ENDPOINT_SAMPLES.get(endpoint, {}).get(arg) or SAMPLES[arg]


def _load_feature_samples() -> None:
    """Features keep their samples in ``tests/matrix_<feature>.py``, which extend
    ``SAMPLES`` and ``WORLD_BUILDERS`` when imported."""
    from importlib import import_module
    from pathlib import Path

    for path in sorted(Path(__file__).parent.glob("matrix_*.py")):
        import_module(f"tests.{path.stem}")


_load_feature_samples()
