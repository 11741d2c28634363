"""A big city's open data are streamed: the answer is a generator read batch by batch
(``yield_per``), and the number of queries grows with the number of batches, never with the
number of rows (counted with an SQLAlchemy event, not with timing)."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import math
import types
from decimal import Decimal

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import CohesionFund, Idea, IdeaStage, Need, NeedCategory, NeedStatus, Project, ProjectFund, idea_need
from app.models.base import utcnow
from app.opendata.catalogue import BATCH
from tests import factories

ROWS = 3000
BATCHES = math.ceil(ROWS / BATCH)  # 6


@contextlib.contextmanager
def counted_queries():
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith(("SELECT", "WITH")):
            statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", count)


def big_city(rows: int = ROWS):
    """``rows`` needs, ideas (each answering one need) and projects (each with two funds)."""
    city = factories.create_city()
    author = factories.create_user(city=city)
    now = utcnow()
    db.session.execute(
        sa.insert(Need),
        [
            {
                "id": n,
                "city_id": city.id,
                "author_id": author.id,
                "title": f"Bisogno {n}",
                "body": "Testo",
                "body_html": "<p>Testo</p>",
                "category": NeedCategory.OTHER,
                "status": NeedStatus.OPEN,
                "lat_public": 41.123,
                "lng_public": 16.877,
                "created_at": now,
                "updated_at": now,
            }
            for n in range(1, rows + 1)
        ],
    )
    db.session.execute(
        sa.insert(Idea),
        [
            {
                "id": n,
                "city_id": city.id,
                "author_id": author.id,
                "title": f"Idea {n}",
                "summary": "In breve",
                "body": "Testo",
                "body_html": "<p>Testo</p>",
                "stage": IdeaStage.PROPOSED,
                "created_at": now,
                "updated_at": now,
            }
            for n in range(1, rows + 1)
        ],
    )
    db.session.execute(sa.insert(idea_need), [{"idea_id": n, "need_id": n} for n in range(1, rows + 1)])
    db.session.execute(
        sa.insert(Project),
        [
            {"id": n, "city_id": city.id, "title": f"Progetto {n}", "grant": Decimal("1000.00")}
            for n in range(1, rows + 1)
        ],
    )
    db.session.execute(
        sa.insert(ProjectFund),
        [
            {"project_id": n, "fund": fund, "amount": Decimal("500.00")}
            for n in range(1, rows + 1)
            for fund in (CohesionFund.FSE_PLUS, CohesionFund.FESR)
        ],
    )
    db.session.commit()
    return city


def test_a_download_is_a_stream_of_batches(app, db):
    big_city(1200)
    with app.test_request_context("/opendata/needs.csv"):
        response = app.view_functions["opendata.csv_file"](dataset="needs")
        assert response.is_streamed
        assert isinstance(response.response, types.GeneratorType)
        with counted_queries() as queries:
            chunks = [c for c in response.response if c]
        assert len(queries) == 1, "one streamed select"
    # the header, then one chunk per batch of 500: 500 + 500 + 200 needs
    assert len(chunks) == 1 + 3
    assert [chunk.count("\r\n") for chunk in chunks] == [1, 500, 500, 200]


@pytest.mark.parametrize(
    ("name", "per_batch"),
    [
        ("needs", 0),  # one select, nothing more
        ("ideas", 1),  # + the needs each idea answers
        ("projects", 2),  # + grant per fund, late milestones (no area to place)
    ],
)
def test_a_big_city_costs_queries_per_batch_not_per_row(client, db, name, per_batch):
    big_city()
    with counted_queries() as queries:
        response = client.get(f"/opendata/{name}.csv")
    rows = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"), newline=""), delimiter=";"))
    assert len(rows) == 1 + ROWS
    # one streamed select, then per_batch queries for each of the 6 batches of 500
    assert len(queries) == 1 + per_batch * BATCHES, f"{len(queries)} queries for {ROWS} {name}"


def test_a_big_city_streams_json_and_geojson_whole(client, db):
    big_city(1100)
    items = json.loads(client.get("/opendata/projects.json").get_data())
    assert len(items) == 1100 and items[-1]["FONDO_COMUNITARIO"] == "FESR:::FSE+"
    collection = json.loads(client.get("/opendata/needs.geojson").get_data())
    assert len(collection["features"]) == 1100
    assert collection["features"][0]["geometry"]["coordinates"] == [16.878, 41.124]
