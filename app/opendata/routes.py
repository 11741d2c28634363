"""``/opendata/``: the list of datasets with their data dictionaries, and each dataset as
``/opendata/<dataset>.csv``, ``.json`` and (where they have places) ``.geojson``, with
``?city=<slug>``. Everything here is public and read-only; a download is streamed, batch by
batch, within the request's context (``stream_with_context``)."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Response, render_template, request, stream_with_context

from app import times
from app.extensions import db
from app.models import City
from app.opendata import bp, datasets, funding  # noqa: F401  (the datasets register themselves)
from app.opendata.catalogue import DATASETS, KIND_LABELS, LICENCE, LICENCE_URL
from app.opendata.formats import ENCODERS, MIMETYPES
from app.permissions import public
from app.web import city_or_404

ALL = ",".join(DATASETS)
WITH_PLACES = ",".join(name for name, d in DATASETS.items() if d.point)


def _city() -> City | None:
    """The ``?city=`` filter: a city's slug (an unknown one is a 404), or every city."""
    slug = (request.args.get("city") or "").strip()
    return city_or_404(slug[:60]) if slug else None


@bp.route("/opendata/")
@public
def index():
    """The datasets, their formats and data dictionaries, the licence and the extract date."""
    return render_template(
        "opendata/index.html",
        datasets=list(DATASETS.values()),
        city=_city(),
        cities=db.session.scalars(sa.select(City).order_by(City.name)).all(),
        kinds=KIND_LABELS,
        licence=LICENCE,
        licence_url=LICENCE_URL,
        today=times.now_local().date(),
        format_names=FORMAT_NAMES,
        endpoints=ENDPOINTS,
    )


def _download(name: str, fmt: str) -> Response:
    dataset, city = DATASETS[name], _city()
    extracted = times.now_local().date().isoformat()
    meta = {"dataset": name, "city": city.slug if city else None, "extracted_on": extracted}
    body = ENCODERS[fmt](dataset, city.id if city else None, meta)
    response = Response(stream_with_context(body), content_type=MIMETYPES[fmt])
    filename = "-".join(p for p in ("cantiere", name, city.slug if city else "", extracted) if p) + f".{fmt}"
    disposition = "attachment" if fmt == "csv" else "inline"
    response.headers["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response.headers["Link"] = f'<{LICENCE_URL}>; rel="license"'
    return response


@bp.route(f"/opendata/<any({ALL}):dataset>.csv")
@public
def csv_file(dataset):
    return _download(dataset, "csv")


@bp.route(f"/opendata/<any({ALL}):dataset>.json")
@public
def json_file(dataset):
    return _download(dataset, "json")


@bp.route(f"/opendata/<any({WITH_PLACES}):dataset>.geojson")
@public
def geojson_file(dataset):
    return _download(dataset, "geojson")


FORMAT_NAMES = {"csv": "CSV", "json": "JSON", "geojson": "GeoJSON"}
ENDPOINTS = {"csv": "opendata.csv_file", "json": "opendata.json_file", "geojson": "opendata.geojson_file"}
