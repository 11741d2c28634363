"""The one local-time helper (app.times, from BABEL_DEFAULT_TIMEZONE) and the one slug
function (app.text.slug)."""

from datetime import UTC, datetime

from app import times
from app.text import slug


def test_a_typed_time_is_read_in_italian_time_across_daylight_saving(app):
    with app.app_context():
        assert times.from_local(datetime(2026, 1, 15, 18, 0)) == datetime(2026, 1, 15, 17, 0, tzinfo=UTC)
        assert times.from_local(datetime(2026, 7, 15, 18, 0)) == datetime(2026, 7, 15, 16, 0, tzinfo=UTC)
        summer = datetime(2026, 7, 15, 16, 0, tzinfo=UTC)
        assert times.to_local(summer, naive=True) == datetime(2026, 7, 15, 18, 0)
        assert times.to_local(summer).utcoffset().total_seconds() == 7200
        assert times.to_local(None) is None
        assert times.now_local().tzinfo == times.local_zone()


def test_the_configured_zone_is_the_one_used(app, monkeypatch):
    monkeypatch.setitem(app.config, "BABEL_DEFAULT_TIMEZONE", "America/New_York")
    with app.app_context():
        assert times.from_local(datetime(2026, 1, 15, 12, 0)) == datetime(2026, 1, 15, 17, 0, tzinfo=UTC)


def test_slugs_are_ascii_words_within_their_length():
    assert slug("San Paolo – Città Vecchia") == "san-paolo-citta-vecchia"
    assert slug("Accesso ai locali: è garantito", separator="_", max_length=30) == "accesso_ai_locali_e_garantito"
    assert len(slug("Quartiere Libertà " * 10)) <= 60 and not slug("Quartiere Libertà " * 10).endswith("-")
    assert slug("!!!", fallback="area") == "area" and slug(None) == "item"
