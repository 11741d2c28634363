"""What the open data are: each dataset's name, title, columns (its data dictionary) and the
function that reads its rows, in batches. The datasets themselves are in
``app/opendata/datasets.py`` and ``app/opendata/funding.py``; the encoders in
``app/opendata/formats.py``."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/deed.it"

#: Rows read per batch (``yield_per``): memory holds one batch, never the whole city.
BATCH = 500

#: The values of a CSV cell that holds several (as OpenCoesione joins them).
MULTI = ":::"

#: Kinds of value: how each format writes them (``app/opendata/formats.py``).
TEXT, INT, MONEY, NUMBER, DATE, DATETIME, BOOL, LIST, COORD = (
    "text",
    "int",
    "money",
    "number",
    "date",
    "datetime",
    "bool",
    "list",
    "coord",
)

KIND_LABELS = {
    TEXT: _l("text"),
    INT: _l("whole number"),
    MONEY: _l("euros"),
    NUMBER: _l("number"),
    DATE: _l("date"),
    DATETIME: _l("date and time (UTC)"),
    BOOL: _l("true or false"),
    LIST: _l("list"),
    COORD: _l("degrees (WGS84)"),
}


@dataclass(frozen=True)
class Column:
    name: str
    description: str
    kind: str = TEXT


#: ``rows(city_id)`` yields lists of row dicts (one list per batch), keyed by column name.
Rows = Callable[[int | None], Iterator[list[dict]]]


@dataclass(frozen=True)
class Dataset:
    name: str
    title: str
    description: str
    columns: tuple[Column, ...]
    rows: Rows
    #: The place of a row as ``(lng, lat)`` or None, for the GeoJSON; None: no GeoJSON.
    point: Callable[[dict], tuple[float, float] | None] | None = None
    #: How the GeoJSON's points are made, said on the page and in the docs.
    place_note: str = ""

    @property
    def formats(self) -> tuple[str, ...]:
        return ("csv", "json", "geojson") if self.point else ("csv", "json")


#: The datasets in the order of the page; ``register`` fills it.
DATASETS: dict[str, Dataset] = {}


def register(dataset: Dataset) -> Dataset:
    DATASETS[dataset.name] = dataset
    return dataset
