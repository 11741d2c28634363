"""Full-text search of good practices (title and lessons learned), on the needs' machinery
(``app.needs.search.FullText``): the same Italian stems, stop words and accent folding, an
FTS5 table ``good_practice_fts`` on SQLite and a GIN index ``ix_good_practice_fts`` on
PostgreSQL, installed by the migration that brought them."""

from __future__ import annotations

from app.models import GoodPractice
from app.needs.search import FullText

PRACTICES = FullText(GoodPractice, "title", "lessons")
matches = PRACTICES.matches
