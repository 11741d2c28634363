"""/api/v1/areas: target areas with GeoJSON boundary, indicators and funding intensity."""

import pytest

from tests.factories import needs as fn
from tests.factories.needs import english

pytestmark = pytest.mark.usefixtures("english")
assert english


def test_areas_of_a_city_with_geometry_indicators_and_intensity(client, city, other_city):
    area = fn.create_area(city, "San Paolo", intensity=100)
    fn.create_area(other_city, "Scampia", geometry=fn.square(40.917, 14.238), intensity=80)
    fn.create_need(city, area=area)
    fn.create_need(city, area=area, hidden=True)
    page = client.get("/api/v1/areas?city=bari").json
    assert page["total"] == 1 and page["page"] == 1
    item = page["items"][0]
    assert item["name"] == "San Paolo" and item["city"] == "bari" and item["funding_intensity"] == 100
    assert item["geometry"] == fn.square()
    assert item["bbox"] == pytest.approx([16.86, 41.11, 16.88, 41.13])
    assert item["indicators"] == [
        {"name": "Tasso di disoccupazione", "value": 24.8, "unit": "%", "year": 2021, "source": "ISTAT"}
    ]
    assert item["need_count"] == 1
    assert item["url"].endswith(f"/c/bari/areas/{area.slug}")
    assert client.get("/api/v1/areas").json["total"] == 2


def test_one_area_and_unknown_ones(client, city):
    area = fn.create_area(city, "Japigia", intensity=80)
    data = client.get(f"/api/v1/areas/{area.id}").json
    assert data["id"] == area.id and data["funding_intensity"] == 80 and data["geometry"]["type"] == "Polygon"
    missing = client.get("/api/v1/areas/999999")
    assert missing.status_code == 404 and missing.json["error"]["code"] == "not_found"
    assert client.get("/api/v1/areas?city=atlantide").status_code == 422
    assert client.get("/api/v1/areas?per_page=0").status_code == 422


def test_areas_are_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    assert "get" in paths["/api/v1/areas"] and "get" in paths["/api/v1/areas/{area_id}"]
