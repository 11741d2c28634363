"""Area boundaries: GeoJSON in, validated with shapely; and which area holds a point.

A boundary is a GeoJSON Polygon or MultiPolygon in WGS84 (``[lng, lat]``), valid (no
self-intersection, rings closed, non-zero surface), with a sane extent: at most
``MAX_SPAN`` degrees across and near its city (``MAX_FROM_CITY`` degrees of the centre).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _
from shapely.geometry import Point, shape
from shapely.validation import explain_validity

from app.errors import InvalidInput
from app.extensions import db
from app.models import Area

MAX_SPAN = 0.5  # degrees: about 40–55 km, far larger than any neighbourhood
MAX_FROM_CITY = 0.6  # degrees between the area's centre and the city's centre
MAX_VERTICES = 10_000
MAX_GEOJSON_BYTES = 2 * 1024 * 1024
PRECISION = 7  # decimal places kept (about 1 cm)


@dataclass
class Boundary:
    geometry: dict  # GeoJSON geometry, normalised
    min_lat: float
    min_lng: float
    max_lat: float
    max_lng: float


def _invalid(message: str) -> InvalidInput:
    return InvalidInput({"geometry": [message]})


def parse(raw) -> dict:
    """A GeoJSON geometry from text or a decoded object; a Feature or a FeatureCollection of
    polygons is accepted too (the polygons become one MultiPolygon)."""
    if isinstance(raw, bytes):
        if len(raw) > MAX_GEOJSON_BYTES:
            raise _invalid(_("The GeoJSON file is larger than 2 MB."))
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise _invalid(_("The file is not GeoJSON text.")) from None
    if isinstance(raw, str):
        if len(raw) > MAX_GEOJSON_BYTES:
            raise _invalid(_("The GeoJSON is larger than 2 MB."))
        try:
            raw = json.loads(raw)
        except (ValueError, RecursionError):
            raise _invalid(_("This is not valid GeoJSON.")) from None
    if not isinstance(raw, dict):
        raise _invalid(_("This is not valid GeoJSON."))
    kind = raw.get("type")
    if kind == "Feature":
        return parse(raw.get("geometry"))
    if kind == "FeatureCollection":
        features = raw.get("features")
        if not isinstance(features, list) or not features:
            raise _invalid(_("The GeoJSON has no shapes."))
        polygons: list = []
        for feature in features[:1000]:
            geometry = parse(feature if isinstance(feature, dict) else None)
            if geometry.get("type") == "Polygon":
                polygons.append(geometry.get("coordinates"))
            elif geometry.get("type") == "MultiPolygon" and isinstance(geometry.get("coordinates"), list):
                polygons.extend(geometry["coordinates"])
            else:
                raise _invalid(_("The boundary must be a polygon or a multipolygon."))
        if len(polygons) == 1:
            return {"type": "Polygon", "coordinates": polygons[0]}
        return {"type": "MultiPolygon", "coordinates": polygons}
    return raw


def _position(value) -> list[float]:
    if not isinstance(value, (list, tuple)) or len(value) < 2:
        raise _invalid(_("Each point must be a pair of numbers [longitude, latitude]."))
    lng, lat = value[0], value[1]
    for number in (lng, lat):
        if isinstance(number, bool) or not isinstance(number, (int, float)) or not math.isfinite(number):
            raise _invalid(_("Each point must be a pair of numbers [longitude, latitude]."))
    if not (-180 <= lng <= 180 and -90 <= lat <= 90):
        raise _invalid(_("The coordinates are out of range: use longitude, latitude in WGS84 degrees."))
    return [round(float(lng), PRECISION), round(float(lat), PRECISION)]


def _polygon(rings) -> list[list[list[float]]]:
    if not isinstance(rings, list) or not rings:
        raise _invalid(_("A polygon needs at least one ring of points."))
    clean = []
    for ring in rings:
        if not isinstance(ring, list):
            raise _invalid(_("A polygon needs at least one ring of points."))
        points = [_position(p) for p in ring]
        if points and points[0] != points[-1]:
            points.append(list(points[0]))  # close the ring
        if len(points) < 4:
            raise _invalid(_("A polygon needs at least three distinct points."))
        clean.append(points)
    return clean


def validate(raw, city=None) -> Boundary:
    """The boundary of ``raw`` (GeoJSON text or object), or ``InvalidInput`` on ``geometry``."""
    geometry = parse(raw)
    kind = geometry.get("type")
    coordinates = geometry.get("coordinates")
    if kind == "Polygon":
        clean = {"type": "Polygon", "coordinates": _polygon(coordinates)}
        vertices = sum(len(r) for r in clean["coordinates"])
    elif kind == "MultiPolygon":
        if not isinstance(coordinates, list) or not coordinates:
            raise _invalid(_("A multipolygon needs at least one polygon."))
        clean = {"type": "MultiPolygon", "coordinates": [_polygon(p) for p in coordinates]}
        vertices = sum(len(r) for p in clean["coordinates"] for r in p)
    else:
        raise _invalid(_("The boundary must be a polygon or a multipolygon."))
    if vertices > MAX_VERTICES:
        raise _invalid(_("The boundary has too many points (at most %(n)d).", n=MAX_VERTICES))
    shp = shape(clean)
    if not shp.is_valid:
        reason = explain_validity(shp)
        if "Self-intersection" in reason or "Ring Self-intersection" in reason:
            raise _invalid(_("The boundary crosses itself: draw it without crossing lines."))
        raise _invalid(_("The boundary is not a valid shape (%(reason)s).", reason=reason))
    if shp.area <= 0:
        raise _invalid(_("The boundary has no surface."))
    min_lng, min_lat, max_lng, max_lat = shp.bounds
    if max_lng - min_lng > MAX_SPAN or max_lat - min_lat > MAX_SPAN:
        raise _invalid(_("The boundary is too large for a neighbourhood: check the coordinates."))
    if city is not None:
        centre_lng, centre_lat = (min_lng + max_lng) / 2, (min_lat + max_lat) / 2
        if abs(centre_lat - city.lat) > MAX_FROM_CITY or abs(centre_lng - city.lng) > MAX_FROM_CITY:
            raise _invalid(_("The boundary is not near %(city)s: check the coordinates.", city=city.name))
    return Boundary(clean, min_lat, min_lng, max_lat, max_lng)


def area_shape(area: Area):
    return shape(area.geometry)


def locate(city_id: int, lat: float, lng: float) -> Area | None:
    """The target area of ``city_id`` that holds the point (bounding boxes first, then
    point-in-polygon); the smallest one when areas overlap."""
    candidates = db.session.scalars(
        sa.select(Area).where(
            Area.city_id == city_id,
            Area.min_lat <= lat,
            Area.max_lat >= lat,
            Area.min_lng <= lng,
            Area.max_lng >= lng,
        )
    ).all()
    point = Point(lng, lat)
    found = [(area_shape(a).area, a.id, a) for a in candidates if area_shape(a).covers(point)]
    return min(found)[2] if found else None
