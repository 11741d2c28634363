"""The demo's residents, for participation per 1 000 residents: every demo city and target
area gets an ISTAT-like population, and seeding again keeps what is set."""

import pytest
import sqlalchemy as sa

from app.demo import areas, foundation, populations
from app.extensions import db as _db
from app.models import Area, City

pytestmark = pytest.mark.usefixtures("in_english_request")


def _seed():
    for step in (foundation.seed, areas.seed, populations.seed):
        step(lambda message: None)
        _db.session.commit()


def test_every_demo_city_and_area_has_its_residents(db):
    _seed()
    residents = dict(_db.session.execute(sa.select(City.slug, City.population)).all())
    assert residents == {"bari": 316000, "napoli": 908000, "palermo": 626000, "torino": 841000, "foggia": 145000}
    by_area = dict(_db.session.execute(sa.select(Area.name, Area.population)).all())
    assert by_area["San Paolo"] == 27850 and by_area["Albergheria - Ballarò"] == 7420
    assert all(1000 <= n <= 100000 for n in by_area.values())


def test_seeding_again_keeps_a_population_someone_set(db):
    _seed()
    bari = _db.session.scalar(sa.select(City).where(City.slug == "bari"))
    bari.population = 320475
    _db.session.commit()
    _seed()
    assert _db.session.get(City, bari.id).population == 320475
