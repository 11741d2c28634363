"""The three formats, each written as it is read, one batch at a time:

- CSV through the ``csv`` module, UTF-8 with a byte-order mark and ``;`` between cells, as an
  Italian spreadsheet opens it by default (and as OpenCoesione publishes): amounts and
  coordinates with a decimal comma, several values in one cell joined by ``:::``; a text cell
  that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``) starts with ``'``;
- JSON as an array of objects, the same names as the CSV's columns (amounts as decimal
  strings with a point, as the API writes them);
- GeoJSON as a FeatureCollection of points, the row as the feature's properties.
"""

from __future__ import annotations

import csv
import json
from datetime import UTC
from decimal import Decimal

from app.opendata.catalogue import (
    BOOL,
    COORD,
    DATE,
    DATETIME,
    INT,
    LICENCE,
    LICENCE_URL,
    LIST,
    MONEY,
    MULTI,
    NUMBER,
    Dataset,
)

BOM = "\ufeff"
DELIMITER = ";"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

MIMETYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json; charset=utf-8",
    "geojson": "application/geo+json; charset=utf-8",
}


def _timestamp(value) -> str:
    return value.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def csv_cell(value, kind: str) -> str:
    if value is None:
        return ""
    if kind == MONEY:
        return f"{Decimal(value):.2f}".replace(".", ",")
    if kind in (NUMBER, COORD):
        return str(value).replace(".", ",")
    if kind == BOOL:
        return "true" if value else "false"
    if kind == LIST:
        return MULTI.join(str(v) for v in value)
    if kind == DATE:
        return value.isoformat()
    if kind == DATETIME:
        return _timestamp(value)
    text = str(value)
    return "'" + text if kind != INT and text.startswith(FORMULA_STARTS) else text


def json_value(value, kind: str):
    if value is None:
        return None
    if kind == MONEY:
        return f"{Decimal(value):.2f}"
    if kind == NUMBER:
        return str(value)
    if kind == DATE:
        return value.isoformat()
    if kind == DATETIME:
        return _timestamp(value)
    if kind == LIST:
        return list(value)
    return value


def record(dataset: Dataset, row: dict) -> dict:
    return {c.name: json_value(row[c.name], c.kind) for c in dataset.columns}


class _Line:
    """A file for ``csv.writer`` that hands back what it is given (``writerow`` returns it)."""

    def write(self, text: str) -> str:
        return text


def csv_stream(dataset: Dataset, city_id: int | None, meta: dict):
    writer = csv.writer(_Line(), delimiter=DELIMITER)
    yield BOM + writer.writerow([c.name for c in dataset.columns])
    for batch in dataset.rows(city_id):
        if batch:
            yield "".join(writer.writerow([csv_cell(row[c.name], c.kind) for c in dataset.columns]) for row in batch)


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def json_stream(dataset: Dataset, city_id: int | None, meta: dict):
    yield "["
    separator = "\n"
    for batch in dataset.rows(city_id):
        if batch:
            yield separator + ",\n".join(_dumps(record(dataset, row)) for row in batch)
            separator = ",\n"
    yield "\n]\n"


def geojson_stream(dataset: Dataset, city_id: int | None, meta: dict):
    head = {"type": "FeatureCollection", "licence": LICENCE, "licence_url": LICENCE_URL, **meta}
    yield _dumps(head)[:-1] + ',"features":['
    separator = "\n"
    for batch in dataset.rows(city_id):
        features = []
        for row in batch:
            point = dataset.point(row)
            if point is None:
                continue
            features.append(
                _dumps(
                    {
                        "type": "Feature",
                        "geometry": {"type": "Point", "coordinates": list(point)},
                        "properties": record(dataset, row),
                    }
                )
            )
        if features:
            yield separator + ",\n".join(features)
            separator = ",\n"
    yield "\n]}\n"


ENCODERS = {"csv": csv_stream, "json": json_stream, "geojson": geojson_stream}
