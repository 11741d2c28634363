"""The eligible areas of a call on a map: the bands of funding intensity the map colours
them by (one sequential scale, the legend and the GeoJSON read the same bands) and the
GeoJSON of the call's areas."""

from __future__ import annotations

from decimal import Decimal

from flask import url_for
from flask_babel import lazy_gettext as _l

from app.models.call import Call

#: (lowest intensity of the band, its legend), lightest first; a band runs up to the next.
BANDS = (
    (Decimal("0"), _l("under 50%")),
    (Decimal("50"), _l("50% to under 70%")),
    (Decimal("70"), _l("70% to under 90%")),
    (Decimal("90"), _l("90% to under 100%")),
    (Decimal("100"), _l("100%")),
)


def band_of(intensity: Decimal) -> int:
    """The index in ``BANDS`` of an intensity (percent)."""
    return max(n for n, (low, _label) in enumerate(BANDS) if intensity >= low)


def areas_geojson(call: Call) -> dict:
    """A FeatureCollection of the call's areas that have a shape: name, intensity (decimal
    string), band and the area's page. Names are data: the page sets them as text."""
    features = []
    for item in call.areas:
        area = item.area
        if not area.geometry:
            continue
        properties = {
            "id": area.id,
            "name": area.name,
            "intensity": f"{item.intensity:.2f}",
            "band": band_of(item.intensity),
            "url": url_for("areas.detail", city=area.city.slug, area_slug=area.slug),
        }
        features.append({"type": "Feature", "geometry": area.geometry, "properties": properties})
    return {"type": "FeatureCollection", "features": features}
