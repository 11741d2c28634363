"""Demo areas and needs: real neighbourhoods with indicators, a few hundred natural Italian
needs (many with a point inside their area), idempotent; and `flask demo scale --needs`."""

import re

import pytest
import sqlalchemy as sa
from shapely.geometry import Point, shape

from app.demo import areas, foundation, needs
from app.extensions import db as _db
from app.models import Area, City, Need

pytestmark = pytest.mark.usefixtures("in_english_request")


def _seed():
    messages = []
    for step in (foundation.seed, areas.seed, needs.seed):
        step(messages.append)
        _db.session.commit()
    return messages


def _count(model, *where):
    return _db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))


def test_every_demo_city_gets_two_to_four_areas_with_indicators(db):
    _seed()
    for city in _db.session.scalars(sa.select(City)):
        found = _db.session.scalars(sa.select(Area).where(Area.city_id == city.id)).all()
        assert 2 <= len(found) <= 4, city.slug
        assert {int(a.funding_intensity) for a in found} == {100, 80}
        for area in found:
            names = {i.name for i in area.indicators}
            assert {"Tasso di disoccupazione", "Giovani NEET (15-29 anni)"} <= names
            assert all(i.source and i.year for i in area.indicators)
            assert shape(area.geometry).is_valid
            assert abs(area.min_lat - city.lat) < 0.1 and abs(area.min_lng - city.lng) < 0.1
    names = set(_db.session.scalars(sa.select(Area.name)))
    assert {"San Paolo", "Japigia", "Scampia", "Rione Sanità", "ZEN - San Filippo Neri", "Brancaccio"} <= names
    assert {"Barriera di Milano", "Candelaro"} <= names


def test_a_few_hundred_natural_needs_placed_in_their_areas(db):
    _seed()
    posted = _db.session.scalars(sa.select(Need)).all()
    assert 250 <= len(posted) <= 500
    assert len({n.category for n in posted}) >= 12
    with_point = [n for n in posted if n.lat is not None]
    assert len(with_point) > len(posted) / 2
    outlines = {a.id: shape(a.geometry) for a in _db.session.scalars(sa.select(Area))}
    for need in with_point:
        assert need.area_id is not None and outlines[need.area_id].covers(Point(need.lng, need.lat))
        assert (need.lat_public, need.lng_public) == (round(need.lat, 3), round(need.lng, 3))
    for need in posted:
        assert "{" not in need.title + need.body and 5 <= len(need.title) <= 140
        assert not re.search(r"\b(a|in) (a|in|al|alla|nel) ", need.title), need.title
    titles = [n.title for n in posted]
    assert "Doposcuola gratuito per i ragazzi delle medie a San Paolo" in titles or any(
        t.endswith(("a San Paolo", "a Japigia", "al Libertà")) for t in titles
    )


def test_seeding_twice_adds_nothing(db):
    _seed()
    before = (_count(Area), _count(Need))
    _seed()
    assert (_count(Area), _count(Need)) == before


def test_scale_adds_synthetic_needs_in_bulk(runner, db):
    _seed()
    before = _count(Need)
    result = runner.invoke(args=["demo", "scale", "--needs", "1200"])
    assert result.exit_code == 0, result.output
    assert "1200/1200 needs" in result.output
    assert _count(Need) == before + 1200
    from app.needs import search

    found = _db.session.scalar(sa.select(sa.func.count()).select_from(Need).where(search.matches("doposcuola")))
    assert found > 0
    placed = _count(Need, Need.area_id.is_not(None), Need.author_id.is_not(None))
    assert placed > 0
