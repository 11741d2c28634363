"""Areas, needs and images, written directly (no services): the one ``create_area`` and
the one ``create_need`` of the test factories.

``square(lat, lng, half)``, ``create_area(city, ...)``, ``create_need(city, ...)``,
``image_bytes(fmt, gps=...)``.
"""

from __future__ import annotations

import io
import itertools
from datetime import timedelta
from decimal import Decimal

import pytest
from PIL import ExifTags, Image

from app.extensions import db
from app.models import Area, AreaIndicator, Need, NeedCategory, NeedStatus
from app.models.base import utcnow
from app.needs.access import coarsen
from app.text import render_markdown
from tests import factories

_seq = itertools.count(1)

# A point in the middle of Bari's default test city (41.12, 16.87).
BARI = (41.12, 16.87)


def square(lat: float = BARI[0], lng: float = BARI[1], half: float = 0.01) -> dict:
    """A square GeoJSON polygon of ``2 * half`` degrees around a point."""
    ring = [
        [lng - half, lat - half],
        [lng + half, lat - half],
        [lng + half, lat + half],
        [lng - half, lat + half],
        [lng - half, lat - half],
    ]
    return {"type": "Polygon", "coordinates": [ring]}


def create_area(
    city=None,
    name=None,
    slug=None,
    *,
    geometry=None,
    lat=None,
    lng=None,
    half=0.01,
    intensity=100,
    indicators=(("Tasso di disoccupazione", "24.8", "%"),),
) -> Area:
    """An area of ``city``: ``geometry`` as given, else a square of ``2 * half`` degrees
    around ``lat``/``lng`` (default: the middle of Bari, ``BARI``)."""
    city = city or factories.create_city()
    n = next(_seq)
    geometry = geometry or square(BARI[0] if lat is None else lat, BARI[1] if lng is None else lng, half)
    ring = [
        p
        for polygon in ([geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"])
        for r in polygon
        for p in r
    ]
    area = Area(
        city_id=city.id,
        name=name or f"Quartiere {n}",
        slug=slug or f"quartiere-{n}",
        description="Un quartiere di prova.",
        geometry=geometry,
        min_lat=min(p[1] for p in ring),
        max_lat=max(p[1] for p in ring),
        min_lng=min(p[0] for p in ring),
        max_lng=max(p[0] for p in ring),
        funding_intensity=Decimal(intensity),
    )
    for position, (label, value, unit) in enumerate(indicators):
        area.indicators.append(
            AreaIndicator(position=position, name=label, value=Decimal(value), unit=unit, year=2021, source="ISTAT")
        )
    db.session.add(area)
    db.session.commit()
    return area


def create_need(
    city=None,
    author=None,
    *,
    title=None,
    body="Nel cortile della scuola manca un'area ombreggiata per i bambini.",
    category=NeedCategory.PUBLIC_SPACE,
    status=NeedStatus.OPEN,
    lat=None,
    lng=None,
    area=None,
    hidden=False,
    support_count=0,
    comment_count=0,
    days_ago=0,
    **extra,
) -> Need:
    """A need of ``city`` (default: a new Bari) by ``author`` (default: a new resident);
    ``city``/``author`` may be given by position or by name; ``extra`` goes to the model."""
    city = city or factories.create_city()
    author = author or factories.create_user(city=city)
    n = next(_seq)
    created = utcnow() - timedelta(days=days_ago, seconds=n)
    values = {"created_at": created, "updated_at": created, **extra}
    need = Need(
        city_id=city.id,
        author_id=author.id,
        area_id=area.id if area is not None else None,
        title=title or f"Bisogno di prova {n}",
        body=body,
        body_html=render_markdown(body),
        category=category,
        status=status,
        lat=lat,
        lng=lng,
        lat_public=coarsen(lat),
        lng_public=coarsen(lng),
        hidden=hidden,
        support_count=support_count,
        comment_count=comment_count,
        report_count=0,
        **values,
    )
    db.session.add(need)
    db.session.commit()
    return need


def image_bytes(fmt: str = "JPEG", size=(80, 60), *, gps: bool = False, color="red") -> bytes:
    """An image made by Pillow; with ``gps`` it carries an EXIF GPS position (and camera)."""
    image = Image.new("RGBA" if fmt == "PNG" else "RGB", size, color)
    out = io.BytesIO()
    options = {}
    if gps:
        exif = Image.Exif()
        exif[ExifTags.Base.Make] = "SpyCam"
        exif[ExifTags.IFD.GPSInfo] = {
            ExifTags.GPS.GPSLatitudeRef: "N",
            ExifTags.GPS.GPSLatitude: (41.0, 7.0, 30.0),
            ExifTags.GPS.GPSLongitudeRef: "E",
            ExifTags.GPS.GPSLongitude: (16.0, 52.0, 10.0),
        }
        options["exif"] = exif
    image.save(out, fmt, **options)
    return out.getvalue()


@pytest.fixture
def english(client):
    """Pages in English, whatever the catalog holds (assertions read English messages)."""
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client
